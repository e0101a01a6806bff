import { parseAllDocuments } from 'yaml';
import type { SloFieldProblem } from '../slo.errors';

/** Every YAML document of a text as plain data, or the first syntax error with its line. */
export function readYamlDocuments(text: string): { ok: true; documents: unknown[] } | { ok: false; problem: SloFieldProblem } {
  const documents = parseAllDocuments(text, { uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [documents];
  const values: unknown[] = [];
  for (const [index, document] of list.entries()) {
    const error = document.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line;
      return { ok: false, problem: { path: `document${list.length > 1 ? `[${index}]` : ''}`, message: `not valid YAML${line ? ` (line ${line})` : ''}: ${error.message.split('\n')[0]}` } };
    }
    const value: unknown = document.toJS();
    if (value !== null && value !== undefined) values.push(value);
  }
  return { ok: true, documents: values };
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
