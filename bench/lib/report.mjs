// What a benchmark prints and writes: the machine it ran on, plain-text tables, and its own
// section of docs/benchmarks.md (between `<!-- key:begin` and `<!-- key:end -->`, so a run
// replaces only its figures). Shared by the benchmarks.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ROOT, version } from './processes.mjs';

/** Date, cores, CPU model, memory and Node version, with `extra` (peers' versions, the mode…). */
export function machineInfo(extra = {}) {
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    ...extra,
  };
}

/** The checked-out commit, and whether the server's sources differ from it (dist/ is built from the work tree). */
export function vigilRevision() {
  return `${version('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'])}${version('git', ['-C', ROOT, 'status', '--porcelain', '--', 'apps', 'libs']) ? ' + uncommitted changes' : ''}`;
}

/** A table of padded columns, on `log`. */
export function printTable(header, rows, log = console.log) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  log(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}`);
}

/** One Markdown table row (pipes in cells escaped). */
export const markdownRow = (cells) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;

/** A Markdown table's lines. */
export const markdownTable = (header, rows) => [markdownRow(header), markdownRow(header.map(() => '---')), ...rows.map(markdownRow)];

/**
 * Puts `lines` (the section's body) into docs/benchmarks.md between the `key` markers, or appends
 * it under `## heading` the first time. Returns the file's path.
 */
export function writeBenchmarkSection(key, heading, command, lines) {
  const file = join(ROOT, 'docs/benchmarks.md');
  const section = [`<!-- ${key}:begin (written by \`${command}\`; edits inside are overwritten) -->`, ...lines, `<!-- ${key}:end -->`].join('\n');
  const markers = new RegExp(`<!-- ${key}:begin[\\s\\S]*?<!-- ${key}:end -->`);
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  if (markers.test(text)) text = text.replace(markers, () => section);
  else text = `${text.trimEnd()}\n\n## ${heading}\n\n${section}\n`;
  writeFileSync(file, text);
  return file;
}
