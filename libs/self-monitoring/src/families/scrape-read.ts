/** How long a scrape waits for a store (Redis, Postgres) before answering without it. */
const READ_TIMEOUT_MS = 1_000;

/**
 * What `read` answers within a second, or `fallback` when it fails or is slow: a scrape must not
 * hang on a store that /readyz already reports down, and /metrics still answers.
 */
export async function readWithin<T>(read: () => Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), READ_TIMEOUT_MS)));
  try {
    return await Promise.race([read().catch(() => fallback), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
