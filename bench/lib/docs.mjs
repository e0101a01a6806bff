// docs/benchmarks.md sections written by the benchmarks, each between its own markers.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './processes.mjs';

/** A markdown table row; `|` inside cells escaped. */
export const mdRow = (cells) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;

/** A markdown table: header, separator, rows. */
export const mdTable = (header, rows) => [mdRow(header), mdRow(header.map(() => '---')), ...rows.map(mdRow)];

/**
 * Replaces the text between `<!-- key:begin … -->` and `<!-- key:end -->` in docs/benchmarks.md
 * with `lines` (markers included), or appends it under `## title`. Returns the file's path.
 */
export function writeBenchmarkSection(key, title, script, lines) {
  const file = join(ROOT, 'docs/benchmarks.md');
  const section = [`<!-- ${key}:begin (written by \`node ${script}\`; edits inside are overwritten) -->`, ...lines, `<!-- ${key}:end -->`].join('\n');
  const markers = new RegExp(`<!-- ${key}:begin[\\s\\S]*?<!-- ${key}:end -->`);
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  text = markers.test(text) ? text.replace(markers, () => section) : `${text.trimEnd()}\n\n## ${title}\n\n${section}\n`;
  writeFileSync(file, text);
  return file;
}
