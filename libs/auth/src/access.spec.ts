import { describe, expect, it } from 'vitest';
import { authorize, type Principal } from './access';

const key: Principal = { kind: 'api-key', keyId: 'k1', projectId: 'p1', scopes: ['ingest'] };
const user = (roles: [string, 'owner' | 'admin' | 'editor' | 'viewer'][]): Principal => ({ kind: 'user', userId: 'u1', roles: new Map(roles) });

describe('authorize', () => {
  it('binds a key to its own project', () => {
    expect(authorize(key, undefined, 'ingest')).toEqual({ allowed: true, projectId: 'p1' });
    expect(authorize(key, 'p1', 'ingest')).toEqual({ allowed: true, projectId: 'p1' });
    expect(authorize(key, 'p2', 'ingest')).toMatchObject({ allowed: false, reason: 'FORBIDDEN', message: 'This API key belongs to another project.' });
  });

  it('refuses a scope the key lacks, naming it', () => {
    expect(authorize(key, undefined, 'read')).toMatchObject({ allowed: false, message: expect.stringContaining('"read"') });
  });

  it('lets a member use what the role grants', () => {
    expect(authorize(user([['p1', 'viewer']]), 'p1', 'read')).toEqual({ allowed: true, projectId: 'p1' });
    expect(authorize(user([['p1', 'viewer']]), 'p1', 'ingest')).toMatchObject({ allowed: false, reason: 'FORBIDDEN' });
    expect(authorize(user([['p1', 'editor']]), 'p1', 'ingest')).toEqual({ allowed: true, projectId: 'p1' });
    expect(authorize(user([['p1', 'owner']]), 'p1', 'admin')).toEqual({ allowed: true, projectId: 'p1' });
  });

  it('refuses projects the person is not a member of', () => {
    expect(authorize(user([['p1', 'owner']]), 'p2', 'read')).toMatchObject({ allowed: false, reason: 'FORBIDDEN' });
  });

  it('picks the only project when none is named, and asks when there are several', () => {
    expect(authorize(user([['p1', 'viewer']]), undefined, 'read')).toEqual({ allowed: true, projectId: 'p1' });
    expect(authorize(user([['p1', 'viewer'], ['p2', 'viewer']]), undefined, 'read')).toMatchObject({ allowed: false, reason: 'PROJECT_REQUIRED' });
  });
});
