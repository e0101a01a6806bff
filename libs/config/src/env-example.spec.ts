import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configVariables } from './config.schema';
import { loadConfig } from './load-config';

const example = readFileSync(resolve(__dirname, '../../../.env.example'), 'utf8');
const documented = Object.fromEntries(
  example
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

describe('.env.example', () => {
  it('documents every variable Vigil reads, and no other', () => {
    expect(Object.keys(documented).sort()).toEqual(Object.keys(configVariables).sort());
  });

  it('holds values that load, and match the defaults', () => {
    expect(loadConfig(documented)).toEqual(loadConfig({}));
  });
});
