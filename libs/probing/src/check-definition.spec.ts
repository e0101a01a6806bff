import { checkRequestSchema } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { checkDefinitionProblems } from './check-definition';

const tcp = (parentId: string | null) => checkRequestSchema.parse({ name: 'db', kind: 'tcp', spec: { host: 'db', port: 5432 }, parentId });
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

describe('checkDefinitionProblems', () => {
  const project = [
    { id: A, parentId: null },
    { id: B, parentId: A },
    { id: C, parentId: B },
  ];

  it('accepts a parent in the project', () => {
    expect(checkDefinitionProblems(tcp(A), null, project)).toEqual([]);
  });

  it('refuses itself, a missing parent and a cycle', () => {
    expect(checkDefinitionProblems(tcp(A), A, project)).toEqual([{ path: 'parentId', message: 'a check cannot depend on itself' }]);
    expect(checkDefinitionProblems(tcp('00000000-0000-4000-8000-0000000000ff'), null, project)).toEqual([{ path: 'parentId', message: 'this project has no check with that id' }]);
    expect(checkDefinitionProblems(tcp(C), A, project)).toEqual([{ path: 'parentId', message: 'this would make a cycle of dependencies' }]);
  });

  it('refuses a status range that ends before it starts', () => {
    const http = checkRequestSchema.parse({ name: 'web', kind: 'http', spec: { url: 'https://example.com', expectedStatus: ['200', '399-200'] } });
    expect(checkDefinitionProblems(http, null, [])).toEqual([{ path: 'spec.expectedStatus[1]', message: 'status range 399-200 ends before it starts' }]);
  });
});
