/** A page's query string as Next hands it to a server page (`searchParams`). */
export type SearchRecord = Record<string, string | string[] | undefined>;

/** The first non-empty value of `key`. */
export function firstParam(search: SearchRecord, key: string): string | undefined {
  const value = search[key];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

/** Every non-empty value of a repeatable `key`, in order. */
export function allParams(search: SearchRecord, key: string): string[] {
  const value = search[key];
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return values.filter((one) => one !== '');
}

/** Reads a URLSearchParams (the browser's address bar) into the same shape as a server page gets. */
export function searchRecord(params: URLSearchParams): SearchRecord {
  const record: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    const previous = record[key];
    record[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return record;
}

/** Appends each value of a repeatable parameter. */
export function appendAll(params: URLSearchParams, key: string, values: readonly string[]): void {
  for (const value of values) params.append(key, value);
}
