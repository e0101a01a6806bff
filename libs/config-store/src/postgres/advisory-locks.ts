import { Client } from 'pg';

/**
 * Named locks shared by every Vigil process of an installation, as Postgres advisory locks
 * (session level, on a connection of their own for the time the work runs). Postgres releases
 * one when its connection ends, so a holder that crashes or is killed never keeps it.
 *
 * Why Postgres: every replica already shares it (ClickHouse has no lock without Keeper, and
 * Redis locks need leases that can expire under a long migration); this is how `prisma migrate`
 * serialises its own migrations too. The name is hashed to the lock's 64-bit key by Postgres
 * (`hashtextextended`).
 */
export class AdvisoryLocks {
  constructor(private readonly databaseUrl: string) {}

  /** Waits for the lock, runs `work` holding it, and releases it. */
  async run<T>(name: string, work: () => Promise<T>): Promise<T> {
    const outcome = await this.hold(name, true, work);
    if (!outcome.acquired) throw new Error(`advisory lock ${name} was not acquired`);
    return outcome.value;
  }

  /** Runs `work` if the lock is free now; `{ acquired: false }` when another process holds it. */
  tryRun<T>(name: string, work: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }> {
    return this.hold(name, false, work);
  }

  private async hold<T>(name: string, wait: boolean, work: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: `vigil lock ${name}`.slice(0, 63) });
    // A connection lost while working is reported by the work's own engines; the lock is gone with it.
    client.on('error', () => undefined);
    await client.connect();
    try {
      if (wait) {
        await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [name]);
      } else {
        const result = await client.query<{ acquired: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS acquired', [name]);
        if (!result.rows[0]?.acquired) return { acquired: false };
      }
      return { acquired: true, value: await work() };
    } finally {
      // Ending the session releases the lock; no unlock round trip needed.
      await client.end().catch(() => undefined);
    }
  }
}
