import { describe, expect, it } from 'vitest';
import { lastOwnerProblem, removalProblem, roleChangeProblem } from './roles';

describe('roleChangeProblem', () => {
  it('lets owners change anyone, admins everyone but owners, and nobody else', () => {
    expect(roleChangeProblem('owner', 'viewer', 'owner')).toBeUndefined();
    expect(roleChangeProblem('owner', 'owner', 'viewer')).toBeUndefined();
    expect(roleChangeProblem('admin', 'viewer', 'admin')).toBeUndefined();
    expect(roleChangeProblem('admin', undefined, 'editor')).toBeUndefined();
    expect(roleChangeProblem('admin', 'viewer', 'owner')).toBe('Only an owner can make someone an owner or change an owner’s role.');
    expect(roleChangeProblem('admin', 'owner', 'admin')).toBe('Only an owner can make someone an owner or change an owner’s role.');
    expect(roleChangeProblem('editor', 'viewer', 'editor')).toContain('"editor" does not allow managing members');
    expect(roleChangeProblem('viewer', undefined, 'viewer')).toContain('"viewer"');
  });
});

describe('removalProblem', () => {
  it('lets anyone leave, admins remove all but owners, owners remove anyone', () => {
    expect(removalProblem('viewer', 'viewer', true)).toBeUndefined();
    expect(removalProblem('admin', 'editor', false)).toBeUndefined();
    expect(removalProblem('admin', 'owner', false)).toBe('Only an owner can remove an owner.');
    expect(removalProblem('owner', 'owner', false)).toBeUndefined();
    expect(removalProblem('editor', 'viewer', false)).toContain('"editor"');
  });
});

describe('lastOwnerProblem', () => {
  const members = [
    { userId: 'a', role: 'owner' as const },
    { userId: 'b', role: 'admin' as const },
  ];
  it('refuses to leave an organization without an owner, by demotion or removal', () => {
    expect(lastOwnerProblem(members, { userId: 'a', role: 'admin' })).toBe('The last owner cannot be demoted: make another member an owner first.');
    expect(lastOwnerProblem(members, { userId: 'a', role: null })).toBe('The last owner cannot be removed: make another member an owner first.');
    expect(lastOwnerProblem(members, { userId: 'b', role: null })).toBeUndefined();
    expect(lastOwnerProblem([...members, { userId: 'c', role: 'owner' }], { userId: 'a', role: null })).toBeUndefined();
    expect(lastOwnerProblem(members, { userId: 'b', role: 'owner' })).toBeUndefined();
  });
});
