import { describe, expect, it } from 'vitest';
import { barLabel, barTone, groupComponents, statusPageUptime, moveItem, slugFrom, statusPagesPath } from './status-page';

describe('status page display', () => {
  it('colours a day by how much of it was up', () => {
    expect(barTone({ date: 'd', uptime: null, degraded: null })).toBe('none');
    expect(barTone({ date: 'd', uptime: 100, degraded: 0 })).toBe('up');
    expect(barTone({ date: 'd', uptime: 100, degraded: 3 })).toBe('minor');
    expect(barTone({ date: 'd', uptime: 99.5, degraded: 0 })).toBe('minor');
    expect(barTone({ date: 'd', uptime: 96, degraded: 0 })).toBe('partial');
    expect(barTone({ date: 'd', uptime: 94.9, degraded: 0 })).toBe('major');
  });

  it('says what a day held, in its tooltip', () => {
    expect(barLabel({ date: '2026-12-04', uptime: 97.5, degraded: 0 })).toBe('2026-12-04: 97.5 % up');
    expect(barLabel({ date: '2026-12-04', uptime: 100, degraded: 12.5 })).toBe('2026-12-04: 100 % up, 12.5 % degraded');
    expect(barLabel({ date: '2026-12-04', uptime: null, degraded: null })).toBe('2026-12-04: no data');
    expect(statusPageUptime(99.999)).toBe('99.999 %');
    expect(statusPageUptime(99.95)).toBe('99.95 %');
    // A bad day is cut, not rounded up: neither `100 %` nor `100. %`.
    expect(statusPageUptime(99.9996)).toBe('99.999 %');
    expect(statusPageUptime(98.001)).toBe('98.001 %');
    expect(statusPageUptime(null)).toBe('no data');
  });

  it('groups components where their group first appears', () => {
    const grouped = groupComponents([
      { name: 'a', group: 'API' },
      { name: 'b', group: '' },
      { name: 'c', group: 'API' },
    ]);
    expect(grouped.map((one) => [one.group, one.components.map((component) => component.name)])).toEqual([
      ['API', ['a', 'c']],
      ['', ['b']],
    ]);
  });

  it('names the configuration routes with the project', () => {
    expect(statusPagesPath('p1')).toBe('/api/v1/status-pages?project=p1');
    expect(statusPagesPath('p1', 'id', 'notes')).toBe('/api/v1/status-pages/id/notes?project=p1');
  });

  it('moves a component up or down, not past either end', () => {
    expect(moveItem(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('suggests a slug from the title', () => {
    expect(slugFrom('Acme Cloud — Status!')).toBe('acme-cloud-status');
    expect(slugFrom('Café')).toBe('cafe');
  });
});
