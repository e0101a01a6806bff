import { DomainError } from '@vigil/server-kit';
import { describe, expect, it } from 'vitest';
import { refuseIfNothingStored } from './telemetry-ingest.service';

describe('refuseIfNothingStored', () => {
  const refused = { count: 2, reasons: ['timestamp older than 7 days (limit max_age) at line 1', 'timestamp older than 7 days (limit max_age) at line 2'] };

  it('refuses a request whose every item was refused with a 400 naming the reasons', () => {
    expect(() => refuseIfNothingStored({ accepted: 0, rejected: refused }, 'log records')).toThrow(
      new DomainError('VALIDATION_FAILED', `Nothing stored: refused 2 log records: ${refused.reasons.join('; ')}.`),
    );
  });

  it('lists the refused items by place in errors[] when the decoder named them', () => {
    const places = [{ path: 'line 1: timestamp', message: 'timestamp older than 7 days (limit max_age)' }];
    expect(() => refuseIfNothingStored({ accepted: 0, rejected: { ...refused, places } }, 'log records')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: { errors: places } }) as Error,
    );
  });

  it('lets partial acceptance and empty requests through', () => {
    expect(() => refuseIfNothingStored({ accepted: 1, rejected: refused }, 'samples')).not.toThrow();
    expect(() => refuseIfNothingStored({ accepted: 0, rejected: { count: 0, reasons: [] } }, 'samples')).not.toThrow();
  });
});
