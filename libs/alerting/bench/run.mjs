// Runs a TypeScript bench with jiti, resolving @vigil/* the way tsconfig.base.json declares them.
// Unlike libs/telemetry-store/bench/run.mjs (whose benches time I/O), interopDefault is off: with
// it, jiti hands every imported module out through a Proxy, so each call across modules costs
// ~40 ns — more than the CPU-bound code these benches time (a threshold comparison is ~2 ns).
// Built apps (tsc/swc CommonJS) have no such proxy.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createJiti } from 'jiti';

const root = resolve(import.meta.dirname, '../../..');
const { compilerOptions } = JSON.parse(readFileSync(resolve(root, 'tsconfig.base.json'), 'utf8'));
const alias = Object.fromEntries(
  Object.entries(compilerOptions.paths)
    .filter(([name]) => name.startsWith('@vigil/'))
    .map(([name, [target]]) => [name, resolve(root, target)]),
);
const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], resolve(script), ...args];
await createJiti(import.meta.url, { alias, interopDefault: false }).import(resolve(script));
