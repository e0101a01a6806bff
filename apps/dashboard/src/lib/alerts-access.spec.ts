import { describe, expect, it } from 'vitest';
import { canConfigureAlerting } from './alerts-access';

const user = (role: 'owner' | 'admin' | 'editor' | 'viewer') => ({ id: 'u', email: 'a@b.c', name: null, organizations: [{ id: 'o', name: 'O', role }], projects: [{ id: 'p', organizationId: 'o', name: 'P', slug: 'p', role }] });

describe('canConfigureAlerting', () => {
  it('lets editors and above change alerting, not viewers', () => {
    expect(canConfigureAlerting(user('owner'), 'p')).toBe(true);
    expect(canConfigureAlerting(user('admin'), 'p')).toBe(true);
    expect(canConfigureAlerting(user('editor'), 'p')).toBe(true);
    expect(canConfigureAlerting(user('viewer'), 'p')).toBe(false);
  });

  it('allows nothing in a project the person is not a member of', () => {
    expect(canConfigureAlerting(user('owner'), 'other')).toBe(false);
  });
});
