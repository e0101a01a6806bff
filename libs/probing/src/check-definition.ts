import type { CheckRequest } from '@vigil/contracts';
import { statusSetProblems } from './status-set';

/** The checks a dependency may point at: id and parent. */
export interface DependencyNode {
  id: string;
  parentId: string | null;
}

/**
 * Problems the contract cannot see: status ranges that end before they start, and a parent that
 * is the check itself, missing from the project, or would close a cycle (a parent chain that
 * comes back to the check). `checkId` is null for a new check.
 */
export function checkDefinitionProblems(check: CheckRequest, checkId: string | null, project: readonly DependencyNode[]): { path: string; message: string }[] {
  const problems = check.kind === 'http' ? statusSetProblems(check.spec.expectedStatus) : [];
  if (check.parentId === null) return problems;
  if (check.parentId === checkId) return [...problems, { path: 'parentId', message: 'a check cannot depend on itself' }];
  const parents = new Map(project.map((node) => [node.id, node.parentId]));
  if (!parents.has(check.parentId)) return [...problems, { path: 'parentId', message: 'this project has no check with that id' }];
  const seen = new Set<string>();
  for (let current: string | null | undefined = check.parentId; current !== null && current !== undefined; current = parents.get(current)) {
    if (current === checkId) return [...problems, { path: 'parentId', message: 'this would make a cycle of dependencies' }];
    if (seen.has(current)) break;
    seen.add(current);
  }
  return problems;
}
