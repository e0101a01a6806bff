/**
 * Checks the batch encoders apply before a batch joins a group commit: values ClickHouse would
 * refuse are refused here, so one bad request fails alone, not the insert it shares.
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

/** Epoch ms, refused before 1970 or from 2106 on (what DateTime and DateTime64 columns here hold). */
export function checkEpochMs(epochMs: number): number {
  if (!(epochMs >= 0 && epochMs < MAX_EPOCH_MS)) throw new RangeError(`timestamp out of range (1970–2105): ${epochMs} ms`);
  return epochMs;
}
