import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import { parseOrThrow } from './validation';

describe('parseOrThrow', () => {
  it('names the field and the problem, and says why a record key was refused', () => {
    const schema = z.strictObject({ labels: z.record(z.string().regex(/^[a-z_]+$/, 'label names must match [a-z_]+'), z.string()), count: z.number() });
    const error = (() => {
      try {
        parseOrThrow(schema, { labels: { 'Bad-Name': 'x' }, count: 'two' }, 'thing');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).details.errors).toEqual([
      { path: 'labels.Bad-Name', message: 'the key is invalid: label names must match [a-z_]+' },
      { path: 'count', message: 'Invalid input: expected number, received string' },
    ]);
    expect((error as Error).message).toBe('Invalid thing: labels.Bad-Name: the key is invalid: label names must match [a-z_]+ (and 1 more)');
  });

  it('says a missing body is missing, and lets a schema that allows none pass', () => {
    expect(() => parseOrThrow(z.object({ name: z.string() }), undefined, 'project')).toThrow('Invalid project: the request body is missing; send a JSON document.');
    expect(parseOrThrow(z.object({ reason: z.string() }).optional(), undefined, 'rotation')).toBeUndefined();
  });
});
