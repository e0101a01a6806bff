import { describe, expect, it } from 'vitest';
import { recordFromRows, rowsFromRecord } from './key-value-rows';

describe('key/value rows', () => {
  it('lists a record by key and reads it back', () => {
    const rows = rowsFromRecord({ team: 'payments', runbook: 'https://runbooks/x' });
    expect(rows).toEqual([
      { key: 'runbook', value: 'https://runbooks/x' },
      { key: 'team', value: 'payments' },
    ]);
    expect(recordFromRows(rows)).toEqual({ ok: true, record: { runbook: 'https://runbooks/x', team: 'payments' } });
  });

  it('skips empty rows, trims names and keeps values as typed', () => {
    expect(recordFromRows([{ key: '', value: '' }, { key: ' env ', value: ' prod ' }])).toEqual({ ok: true, record: { env: ' prod ' } });
  });

  it('refuses a value without a name and a name given twice', () => {
    expect(recordFromRows([{ key: '', value: 'x' }])).toEqual({ ok: false, message: 'A row has the value "x" but no name.' });
    expect(recordFromRows([{ key: 'a', value: '1' }, { key: 'a', value: '2' }])).toEqual({ ok: false, message: '"a" is given twice.' });
  });
});
