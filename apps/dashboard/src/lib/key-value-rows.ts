/** A label, annotation or header as a row of the form: typed freely, read into a record on saving. */
export interface KeyValueRow {
  key: string;
  value: string;
}

/** Rows for a record, by key, so the form reads the same way every time. */
export function rowsFromRecord(record: Readonly<Record<string, string>>): KeyValueRow[] {
  return Object.entries(record)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => ({ key, value }));
}

/**
 * The record the rows make; rows left wholly empty (an added row not filled in) are skipped. A
 * key given twice is an error here, since a record would silently keep only the last one. An
 * invalid key is left for the contract schema to name.
 */
export function recordFromRows(rows: readonly KeyValueRow[]): { ok: true; record: Record<string, string> } | { ok: false; message: string } {
  const record: Record<string, string> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (key === '' && row.value === '') continue;
    if (key === '') return { ok: false, message: `A row has the value "${row.value}" but no name.` };
    if (Object.hasOwn(record, key)) return { ok: false, message: `"${key}" is given twice.` };
    record[key] = row.value;
  }
  return { ok: true, record };
}
