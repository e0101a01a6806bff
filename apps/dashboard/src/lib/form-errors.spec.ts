import { describe, expect, it } from 'vitest';
import { failed, fieldForPath, normalizePath, placeErrors, placeProblem } from './form-errors';

const FIELDS = ['name', 'spec', 'spec.query.name', 'spec.query.matchers', 'spec.critical', 'labels'] as const;

describe('normalizePath', () => {
  it('reads both spellings of an index, and path arrays', () => {
    expect(normalizePath('spec.query.matchers[0].label')).toBe('spec.query.matchers.0.label');
    expect(normalizePath('spec.query.matchers.0')).toBe('spec.query.matchers.0');
    expect(normalizePath(['spec', 'query', 'matchers', 1, 'value'])).toBe('spec.query.matchers.1.value');
    expect(normalizePath('[2].name')).toBe('2.name');
  });
});

describe('fieldForPath', () => {
  it('takes the longest field the path falls under', () => {
    expect(fieldForPath('spec.query.matchers[3].label', FIELDS)).toBe('spec.query.matchers');
    expect(fieldForPath('spec.query.fn', FIELDS)).toBe('spec');
    expect(fieldForPath('spec.critical', FIELDS)).toBe('spec.critical');
    expect(fieldForPath('labels.bad-name', FIELDS)).toBe('labels');
    expect(fieldForPath('names', FIELDS)).toBeUndefined();
    expect(fieldForPath('(body)', FIELDS)).toBeUndefined();
  });
});

describe('placing problems', () => {
  it('puts each message by its field, the first per field, and keeps the rest for the banner', () => {
    const placed = placeErrors(
      [
        { path: ['name'], message: 'must not be empty' },
        { path: ['name'], message: 'second' },
        { path: 'spec.critical', message: 'give a warning or a critical threshold (or both)' },
        { path: '(body)', message: 'Unrecognized key: "extra"' },
      ],
      FIELDS,
    );
    expect(placed.fields).toEqual({ name: 'must not be empty', 'spec.critical': 'give a warning or a critical threshold (or both)' });
    expect(placed.unplaced).toEqual(['(body): Unrecognized key: "extra"']);
  });

  it('says why a record key was refused, naming the key', () => {
    const placed = placeErrors([{ path: ['labels', 'bad-name'], message: 'Invalid key in record', issues: [{ message: 'label names must match [a-zA-Z_][a-zA-Z0-9_]*' }] }], FIELDS);
    expect(placed.fields).toEqual({ labels: '"bad-name" label names must match [a-zA-Z_][a-zA-Z0-9_]*' });
  });

  it('reads the API problem’s errors', () => {
    const problem = { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Invalid alert rule', errors: [{ path: 'spec.query.matchers.0', message: 'lookahead' }] };
    expect(placeProblem(problem, FIELDS)).toEqual({ fields: { 'spec.query.matchers': 'lookahead' }, unplaced: [] });
    expect(placeProblem({ ...problem, errors: undefined }, FIELDS)).toEqual({ fields: {}, unplaced: [] });
  });

  it('lets a message about how to write a value win over the schema’s', () => {
    expect(failed({ name: 'own' }, { fields: { name: 'schema', labels: 'x' }, unplaced: ['y'] })).toEqual({ ok: false, errors: { name: 'own', labels: 'x' }, unplaced: ['y'] });
  });
});
