import { type FailoverGroupRequest, failoverGroupRequestSchema, type FailoverGroupView } from '@vigil/contracts';
import { failed, type FieldErrors, type FormResult, normalizePath, placeErrors } from './form-errors';
import { numberText } from './form-text';

export interface TargetForm {
  name: string;
  address: string;
  checkId: string;
}

/** A failover group as its form holds it: targets in order (primary first), numbers as text. */
export interface FailoverForm {
  name: string;
  targets: TargetForm[];
  fall: string;
  rise: string;
  quorum: string;
  channelIds: string[];
}

export const FAILOVER_FIELDS = ['name', 'targets', 'fall', 'rise', 'quorum', 'channelIds'] as const;
export type FailoverField = (typeof FAILOVER_FIELDS)[number];
export type FailoverFieldErrors = FieldErrors<FailoverField>;

const emptyTarget = (): TargetForm => ({ name: '', address: '', checkId: '' });

export function emptyFailoverForm(): FailoverForm {
  return { name: '', targets: [emptyTarget(), emptyTarget()], fall: '3', rise: '2', quorum: '1', channelIds: [] };
}

export function failoverFormFromGroup(group: FailoverGroupView): FailoverForm {
  return {
    name: group.name,
    targets: group.targets.map(({ name, address, checkId }) => ({ name, address, checkId })),
    fall: String(group.fall),
    rise: String(group.rise),
    quorum: String(group.quorum),
    channelIds: group.channelIds,
  };
}

/** Moves the target at `index` one place up (-1) or down (+1): the order is the preference. */
export function moveTarget(targets: readonly TargetForm[], index: number, by: -1 | 1): TargetForm[] {
  const to = index + by;
  if (to < 0 || to >= targets.length) return [...targets];
  const moved = [...targets];
  [moved[index], moved[to]] = [moved[to] as TargetForm, moved[index] as TargetForm];
  return moved;
}

export function addTarget(targets: readonly TargetForm[]): TargetForm[] {
  return [...targets, emptyTarget()];
}

/** The request, or messages: a target's own problems (`targets.1.checkId`) by target, the rest by field. */
export function failoverRequestFromForm(form: FailoverForm): FormResult<FailoverGroupRequest, FailoverField> & { targetErrors?: Record<number, string> } {
  const request = {
    name: form.name,
    targets: form.targets.map((target) => ({ name: target.name, address: target.address, checkId: target.checkId })),
    fall: numberText(form.fall) ?? Number.NaN,
    rise: numberText(form.rise) ?? Number.NaN,
    quorum: numberText(form.quorum) ?? Number.NaN,
    channelIds: form.channelIds,
  };
  const parsed = failoverGroupRequestSchema.safeParse(request);
  if (parsed.success) return { ok: true, request: parsed.data };
  return failoverProblems(parsed.error.issues);
}

type Issue = { path: string | readonly PropertyKey[]; message: string };
const targetIndex = (issue: Issue) => normalizePath(issue.path).match(/^targets\.(\d+)(?:\.|$)/)?.[1];

/** Problems (the schema's or the API's 400) split: a target's own under its index, the rest by field. */
export function failoverProblems(issues: readonly Issue[]): { ok: false; errors: FailoverFieldErrors; unplaced: string[]; targetErrors: Record<number, string> } {
  return { ...failed({}, placeErrors(issues.filter((issue) => targetIndex(issue) === undefined), FAILOVER_FIELDS)), targetErrors: targetErrors(issues) };
}

/** `targets.<n>.<field>` problems as one message per target: `check: must be a check id`. */
function targetErrors(issues: readonly Issue[]): Record<number, string> {
  const byTarget: Record<number, string> = {};
  for (const issue of issues) {
    const index = Number(targetIndex(issue) ?? Number.NaN);
    if (Number.isNaN(index)) continue;
    const part = normalizePath(issue.path).split('.')[2];
    const field = part === 'checkId' ? 'check' : (part ?? 'target');
    byTarget[index] = byTarget[index] ? `${byTarget[index]}; ${field}: ${issue.message}` : `${field}: ${issue.message}`;
  }
  return byTarget;
}
