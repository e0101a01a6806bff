/** Reading what people type into text fields, shared by the forms. */

/** A number typed in a field: undefined for empty text, NaN for text that is not one (the schema then names the field). */
export function numberText(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

/** `a, b,c` (or one a line) as `['a', 'b', 'c']`, empty items dropped. */
export function listText(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((one) => one.trim())
    .filter((one) => one !== '');
}
