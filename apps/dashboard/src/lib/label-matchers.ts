import { type LabelMatcher, LABEL_NAME_PATTERN } from '@vigil/contracts';

export const MATCHER_OP_TITLES: Record<LabelMatcher['op'], string> = {
  '=': 'equals',
  '!=': 'does not equal',
  '=~': 'matches regex',
  '!~': 'does not match regex',
};

/**
 * `service="a \"b\""`: the text `parseLabelMatcher` (the API's own parser) reads back to the
 * same matcher — quotes and backslashes escaped, so a regex's `\d` survives.
 */
export function formatMatcher(matcher: LabelMatcher): string {
  return `${matcher.label}${matcher.op}"${matcher.value.replace(/[\\"]/g, '\\$&')}"`;
}

/** A row is sent once it names a label; an empty value is meaningful (`label=""` selects series without it). */
export function isComplete(matcher: LabelMatcher): boolean {
  return LABEL_NAME_PATTERN.test(matcher.label);
}
