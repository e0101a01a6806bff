/**
 * The statuses a check accepts, from the forms the API takes: `200`, `2xx`, `200-299`. Parsed
 * once per check (compileStatusSet), tested per result.
 */
export interface StatusSet {
  has(status: number): boolean;
  /** `200-399`, `204` — for messages. */
  readonly text: string;
}

interface StatusRange {
  from: number;
  to: number;
}

function parseEntry(entry: string): StatusRange {
  const classMatch = /^([1-5])xx$/.exec(entry);
  if (classMatch) {
    const base = Number(classMatch[1]) * 100;
    return { from: base, to: base + 99 };
  }
  const rangeMatch = /^(\d{3})-(\d{3})$/.exec(entry);
  if (rangeMatch) {
    const from = Number(rangeMatch[1]);
    const to = Number(rangeMatch[2]);
    if (from > to) throw new RangeError(`status range ${entry} ends before it starts`);
    return { from, to };
  }
  if (/^\d{3}$/.test(entry)) return { from: Number(entry), to: Number(entry) };
  throw new RangeError(`"${entry}" is not a status, a class (2xx) or a range (200-299)`);
}

export function compileStatusSet(entries: readonly string[]): StatusSet {
  const ranges = entries.map(parseEntry);
  return {
    has: (status) => ranges.some((range) => status >= range.from && status <= range.to),
    text: entries.join(', '),
  };
}

/** Problems of each entry (for validation beyond the contract's pattern), by index. */
export function statusSetProblems(entries: readonly string[]): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  entries.forEach((entry, index) => {
    try {
      parseEntry(entry);
    } catch (error) {
      problems.push({ path: `spec.expectedStatus[${index}]`, message: (error as Error).message });
    }
  });
  return problems;
}
