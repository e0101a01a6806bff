import { z } from 'zod';

/**
 * Every environment variable Vigil reads, with its default and the form it expects.
 * The `expected` text is what a person sees when a value is wrong, so it names the form
 * in words and gives an example.
 */
interface VariableSpec<T extends z.ZodType> {
  schema: T;
  expected: string;
}

function variable<T extends z.ZodType>(schema: T, expected: string): VariableSpec<T> {
  return { schema, expected };
}

const port = (fallback: number) =>
  variable(z.coerce.number().int().min(1).max(65535).default(fallback), 'an integer port from 1 to 65535, e.g. 4318');

const optionalUrl = (protocols: readonly string[], example: string) =>
  variable(
    z
      .string()
      .trim()
      .transform((value) => (value === '' ? undefined : value))
      .pipe(
        z
          .url()
          .refine((value) => protocols.some((protocol) => value.startsWith(`${protocol}://`)), {
            message: `must start with ${protocols.map((protocol) => `${protocol}://`).join(' or ')}`,
          })
          .optional(),
      )
      .optional(),
    `a URL such as ${example}, or unset for the embedded default`,
  );

const positiveInt = (fallback: number, example: string) =>
  variable(z.coerce.number().int().positive().default(fallback), `a positive integer, e.g. ${example}`);

export const configVariables = {
  NODE_ENV: variable(z.enum(['development', 'production', 'test']).default('production'), 'one of development, production, test'),
  HOST: variable(z.string().trim().min(1).default('127.0.0.1'), 'an interface address to listen on, e.g. 127.0.0.1 or 0.0.0.0'),
  PORT: port(4318),
  DASHBOARD_PORT: port(3000),
  LOG_LEVEL: variable(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'), 'one of fatal, error, warn, info, debug, trace, silent'),
  VIGIL_DATA_DIR: variable(z.string().trim().min(1).default('.data'), 'a directory path for embedded state, e.g. .data'),
  CLICKHOUSE_URL: optionalUrl(['http', 'https'], 'http://clickhouse:8123'),
  CLICKHOUSE_USER: variable(z.string().default('default'), 'a ClickHouse user name'),
  CLICKHOUSE_PASSWORD: variable(z.string().default(''), 'a ClickHouse password (may be empty)'),
  CLICKHOUSE_DATABASE: variable(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).default('vigil'), 'a database name of letters, digits and _, e.g. vigil'),
  CLICKHOUSE_CLUSTER: variable(
    z.string().trim().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/).optional().or(z.literal('').transform(() => undefined)),
    'a cluster name from the server\'s remote_servers, e.g. vigil, or unset for a single server',
  ),
  DATABASE_URL: optionalUrl(['postgres', 'postgresql'], 'postgresql://vigil:secret@db:5432/vigil'),
  EMBEDDED_POSTGRES_PORT: port(54329),
  REDIS_URL: optionalUrl(['redis', 'rediss'], 'redis://redis:6379'),
  EMBEDDED_REDIS_PORT: port(63790),
  VIGIL_ADMIN_EMAIL: variable(z.email().default('admin@vigil.local'), 'an e-mail address, e.g. admin@example.com'),
  VIGIL_ADMIN_PASSWORD: variable(z.string().min(12).optional(), 'a password of at least 12 characters, or unset to generate one'),
  INGEST_MAX_BODY_BYTES: positiveInt(10 * 1024 * 1024, '10485760 (10 MiB)'),
  INGEST_MAX_PENDING_BYTES: positiveInt(256 * 1024 * 1024, '268435456 (256 MiB)'),
  INGEST_ROUND_GAP_MS: variable(z.coerce.number().int().min(0).max(1000).default(0), 'an integer of milliseconds from 0 to 1000, e.g. 50 (0, the default: a round starts as soon as the previous ends)'),
  INGEST_ROUND_MIN_ROWS: positiveInt(40_000, '40000'),
  EMBEDDED_CLICKHOUSE_MERGE_NICE: variable(z.coerce.number().int().min(0).max(19).default(0), 'an integer from 0 to 19, the nice value of embedded ClickHouse\'s merge threads, e.g. 10 (0, the default: the same priority as inserts)'),
  LOGIN_MAX_ATTEMPTS_PER_MINUTE: positiveInt(10, '10'),
  SESSION_TTL_HOURS: positiveInt(24 * 7, '168 (one week)'),
  API_INTERNAL_URL: optionalUrl(['http', 'https'], 'http://127.0.0.1:4318'),
  VIGIL_PUBLIC_URL: optionalUrl(['http', 'https'], 'https://vigil.example.com (the dashboard as people reach it)'),
  VIGIL_SECRET_KEY: variable(
    z
      .string()
      .trim()
      .transform((value) => (value === '' ? undefined : value))
      .pipe(z.base64('must be base64').refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes of base64').optional())
      .optional(),
    '32 random bytes in base64 (e.g. from `openssl rand -base64 32`), or unset to keep a generated key in the data directory',
  ),
  TRUST_PROXY: variable(
    z
      .string()
      .trim()
      .default('loopback')
      .refine((value) => value === '' || value.split(',').every((entry) => /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(entry.trim())), 'must be loopback, linklocal, uniquelocal or comma-separated addresses/CIDRs'),
    "which proxies' X-Forwarded-For to believe: loopback (the dashboard on this machine, the default), addresses or CIDRs, or empty for none",
  ),
  DASHBOARD_TRUST_PROXY: variable(
    z
      .string()
      .trim()
      .default('')
      .refine((value) => value === '' || value.split(',').every((entry) => /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(entry.trim())), 'must be loopback, linklocal, uniquelocal or comma-separated addresses/CIDRs'),
    'proxies in front of the dashboard whose X-Forwarded-For it believes (same forms as TRUST_PROXY); empty when browsers reach it directly',
  ),
  AUDIT_RETENTION_DAYS: positiveInt(365, '365 (a year)'),
  INVITE_TTL_HOURS: variable(z.coerce.number().int().min(1).max(24 * 30).default(72), 'a whole number of hours from 1 to 720, e.g. 72 (three days)'),
  SMTP_URL: variable(
    z
      .string()
      .trim()
      .transform((value) => (value === '' ? undefined : value))
      .pipe(z.url().refine((value) => /^smtps?:\/\//.test(value), 'must start with smtp:// or smtps://').optional())
      .optional(),
    'an SMTP server URL such as smtps://user:password@mail.example.com:465 or smtp://mail.example.com:587, or unset to show invitation links only in the dashboard',
  ),
  SMTP_FROM: variable(z.string().trim().min(3).max(320).default('Vigil <vigil@localhost>'), 'the sender of invitation e-mails, e.g. Vigil <vigil@example.com>'),
  VIGIL_SELF_MONITORING: variable(
    z
      .string()
      .trim()
      .toLowerCase()
      .transform((value) => (value === '' ? undefined : value))
      .pipe(z.enum(['on', 'off']).optional())
      .optional(),
    'on or off, or unset for the default (on with embedded ClickHouse, off with CLICKHOUSE_URL)',
  ),
  VIGIL_SELF_MONITORING_INTERVAL_SECONDS: variable(
    z.coerce.number().int().min(1).max(3600).default(15),
    'a whole number of seconds from 1 to 3600, e.g. 15',
  ),
  // Only how often the worker records changes: the recorded unit stays one minute, and a minute
  // is recorded once it ended 30 s ago whatever the interval. More often than every second buys
  // nothing; less often than every minute would delay SLO burn-rate alerts, which read the records.
  SLO_RECORDING_INTERVAL_MS: variable(
    z.coerce.number().int().min(1000).max(60_000).default(60_000),
    'a whole number of milliseconds from 1000 to 60000, e.g. 60000: how often the worker records SLIs',
  ),
  OUTBOUND_ALLOWLIST: variable(
    z.string().trim().max(10_000).default(''),
    'comma-separated CIDRs or host names that notifications (and checks) may reach although private, e.g. 10.0.0.0/8,alerts.internal',
  ),
  FAILOVER_MAX_WAITS: variable(
    z.coerce.number().int().min(1).max(1_000_000).default(10_000),
    'a whole number from 1 to 1000000, e.g. 10000: long-polls of /failover-groups/{id}/active one API process holds at once (more get 429)',
  ),
  PROBER_CONCURRENCY: variable(
    z.coerce.number().int().min(1).max(2_000).default(512),
    'a whole number from 1 to 2000, e.g. 512: probes one prober process runs at once (each holds at most 256 KiB of an answer)',
  ),
  PROBER_REGION: variable(
    z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,31}$/).default('local'),
    'a region name of 1–32 lower-case letters, digits or - (e.g. eu-west), the region this prober runs checks in',
  ),
} as const;

type Variables = typeof configVariables;
export type VigilConfig = { [K in keyof Variables]: z.output<Variables[K]['schema']> };
export type ConfigVariableName = keyof Variables;
