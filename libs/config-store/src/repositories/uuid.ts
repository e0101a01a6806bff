const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids are Postgres `uuid`s: a malformed id (from a URL, say) would make Postgres raise an
 * error; repositories treat it as "not found" instead.
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
