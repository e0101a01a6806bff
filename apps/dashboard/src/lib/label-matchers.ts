import { type LabelMatcher, LABEL_NAME_PATTERN } from '@vigil/contracts';

export const MATCHER_OP_TITLES: Record<LabelMatcher['op'], string> = {
  '=': 'equals',
  '!=': 'does not equal',
  '=~': 'matches regex',
  '!~': 'does not match regex',
};

/** A row of the explorer's matcher editor: a matcher as the person typed it, valid or not. */
export interface MatcherRow extends LabelMatcher {
  /**
   * Address-bar text that is not `label op "value"` at all: sent exactly as it is (the API
   * answers with a problem naming it) until the row is edited.
   */
  unread?: string;
}

/**
 * `service="a \"b\""`: the text `parseLabelMatcher` (the API's own parser) reads back to the
 * same matcher — quotes and backslashes escaped, so a regex's `\d` survives. A label that is not
 * a valid name is written as typed, so the API refuses it rather than the dashboard dropping it.
 */
export function formatMatcher(matcher: MatcherRow): string {
  if (matcher.unread !== undefined) return matcher.unread;
  return `${matcher.label}${matcher.op}"${matcher.value.replace(/[\\"]/g, '\\$&')}"`;
}

// `parseLabelMatcher`'s grammar with any text as the label (lazy, so `a=b="x"` reads label `a=b`).
const TYPED_MATCHER = /^(.*?)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"$/s;
const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', n: '\n', t: '\t' };

/**
 * A `match` value from the address bar as a row. Unlike `parseLabelMatcher` it keeps what the
 * API would refuse — an invalid label name becomes a row with that label, anything else an
 * `unread` row — so a shared link never loses a filter and silently charts every series.
 */
export function readMatcher(text: string): MatcherRow {
  const match = TYPED_MATCHER.exec(text.trim());
  if (!match) return { label: text, op: '=', value: '', unread: text };
  const [, label, op, quoted] = match as unknown as [string, string, LabelMatcher['op'], string];
  return { label, op, value: quoted.replace(/\\(.)/gs, (whole: string, next: string) => ESCAPES[next] ?? whole) };
}

/**
 * A row is sent once it names a label, valid or not (an invalid one comes back as the API's
 * 400); only a row still without a label — one just added — waits. An empty value is
 * meaningful (`label=""` selects series without it).
 */
export function isComplete(matcher: MatcherRow): boolean {
  return matcher.unread !== undefined || matcher.label.trim() !== '';
}

/** A label name the API will refuse (shown as invalid beside the API's own problem). */
export function isInvalidLabelName(label: string): boolean {
  return label.trim() !== '' && !LABEL_NAME_PATTERN.test(label);
}
