/**
 * Field text for the batch encoders' hot loops, which write TabSeparated lines straight from
 * decoded batches (no row arrays). Values that ClickHouse would refuse are refused here, before
 * a batch joins a group commit: one bad request must fail alone, not the insert it shares.
 */
const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** DateTime64's range ends in 2299; DateTime (seconds) ends in 2106, which bounds series rows. */
const MAX_EPOCH_MS = Date.UTC(2106, 0, 1);

export function checkProjectId(projectId: string): string {
  if (!UUID_PATTERN.test(projectId)) throw new RangeError(`project id must be a UUID, got ${JSON.stringify(projectId)}`);
  return projectId;
}

export function checkRetentionDays(days: number): number {
  if (!Number.isInteger(days) || days < 1 || days > 65_535) throw new RangeError(`retention must be a whole number of days in 1..65535, got ${days}`);
  return days;
}

/** Epoch ms (rounded to whole ms) as `seconds.mmm`; refuses times before 1970 or after 2105. */
export function timestampText(epochMs: number): string {
  if (!(epochMs >= 0 && epochMs < MAX_EPOCH_MS)) throw new RangeError(`timestamp out of range (1970–2105): ${epochMs} ms`);
  const ms = Math.round(epochMs);
  const seconds = Math.floor(ms / 1000);
  const millis = ms - seconds * 1000;
  return `${seconds}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}`;
}

/** Epoch ms as whole seconds, for DateTime columns. */
export function secondsText(epochMs: number): string {
  if (!(epochMs >= 0 && epochMs < MAX_EPOCH_MS)) throw new RangeError(`timestamp out of range (1970–2105): ${epochMs} ms`);
  return String(Math.floor(epochMs / 1000));
}
