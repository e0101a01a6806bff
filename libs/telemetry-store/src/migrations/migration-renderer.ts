/**
 * Migration files are written once for both deployments, with placeholders the renderer fills:
 *
 *   {{DATABASE}}                 the store's database, backquoted
 *   {{ON_CLUSTER}}               `ON CLUSTER <name>` on a cluster, nothing on one server
 *   {{TABLE:name}}               `db`.`name` on one server, `db`.`name_local` on a cluster
 *   {{ENGINE:Kind(args)}}        Kind(args) on one server; on a cluster ReplicatedKind with the
 *                                per-shard ZooKeeper path and replica macro before args
 *   {{ENGINE_ALL_SHARDS:Kind(args)}}  like ENGINE, but one replica set spanning every shard
 *                                (small bookkeeping tables every node must see whole)
 *   {{DISTRIBUTED:name:sharding_key}}  on a cluster, a statement creating `db`.`name` as a
 *                                Distributed table over `name_local`; on one server the
 *                                statement is dropped
 *   {{DISTRIBUTED_ALTER:name:command}}  on a cluster, `ALTER TABLE db.name ON CLUSTER c command`
 *                                for the Distributed table (a column added to `name_local`
 *                                must be added there too); on one server, where `name` is the
 *                                table already altered, the statement is dropped
 *
 * Queries always name `name`, which is the table itself on one server and the Distributed
 * table on a cluster, so no query knows which deployment it runs on.
 *
 * Names (database, cluster) are not values: ClickHouse takes no parameters in DDL names, so
 * they are checked against a strict pattern and backquoted here.
 */
export interface RenderOptions {
  database: string;
  cluster?: string;
}

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CLUSTER_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const SHARD_PATH = "'/clickhouse/tables/{shard}/{database}/{table}', '{replica}'";
const ALL_SHARDS_PATH = "'/clickhouse/tables/all/{database}/{table}', '{replica}'";
const ENGINE_PATTERN = /^([A-Za-z]*MergeTree)(?:\((.*)\))?$/s;
const PLACEHOLDER = /\{\{([A-Z_]+)(?::([^}]*))?\}\}/g;
const LOCAL_SUFFIX = '_local';

const quote = (name: string): string => `\`${name}\``;

function checkName(kind: string, name: string, pattern = NAME_PATTERN): string {
  if (!pattern.test(name)) throw new Error(`invalid ${kind} name in a migration: ${JSON.stringify(name)}`);
  return name;
}

function engine(spec: string, cluster: string | undefined, path: string): string {
  const match = ENGINE_PATTERN.exec(spec.trim());
  if (!match) throw new Error(`{{ENGINE:${spec}}} must name a *MergeTree engine, e.g. {{ENGINE:ReplacingMergeTree(version)}}`);
  const [, kind, args] = match as unknown as [string, string, string | undefined];
  const extra = args === undefined || args.trim() === '' ? '' : args.trim();
  if (cluster === undefined) return `${kind}(${extra})`;
  return `Replicated${kind}(${path}${extra === '' ? '' : `, ${extra}`})`;
}

function distributed(spec: string, options: RenderOptions): string {
  const separator = spec.indexOf(':');
  if (separator < 0) throw new Error(`{{DISTRIBUTED:${spec}}} needs a table and a sharding key, e.g. {{DISTRIBUTED:metric_samples:fingerprint}}`);
  const table = checkName('table', spec.slice(0, separator).trim());
  const shardingKey = spec.slice(separator + 1).trim();
  if (options.cluster === undefined) return '';
  const db = quote(options.database);
  const cluster = quote(options.cluster);
  return (
    `CREATE TABLE IF NOT EXISTS ${db}.${quote(table)} ON CLUSTER ${cluster} AS ${db}.${quote(table + LOCAL_SUFFIX)}\n` +
    `ENGINE = Distributed(${cluster}, ${db}, ${quote(table + LOCAL_SUFFIX)}, ${shardingKey})`
  );
}

function distributedAlter(spec: string, options: RenderOptions): string {
  const separator = spec.indexOf(':');
  if (separator < 0) throw new Error(`{{DISTRIBUTED_ALTER:${spec}}} needs a table and a command, e.g. {{DISTRIBUTED_ALTER:metric_samples:ADD COLUMN IF NOT EXISTS c UInt8}}`);
  const table = checkName('table', spec.slice(0, separator).trim());
  const command = spec.slice(separator + 1).trim();
  if (options.cluster === undefined) return '';
  return `ALTER TABLE ${quote(options.database)}.${quote(table)} ON CLUSTER ${quote(options.cluster)} ${command}`;
}

/** Fills the placeholders for one deployment; throws on an unknown placeholder. */
export function renderMigration(source: string, options: RenderOptions): string {
  checkName('database', options.database);
  if (options.cluster !== undefined) checkName('cluster', options.cluster, CLUSTER_PATTERN);
  const { cluster } = options;
  // ON_CLUSTER takes the space before it along, so one-server SQL has no doubled spaces.
  const withCluster = source.replace(/[ \t]*\{\{ON_CLUSTER\}\}/g, cluster === undefined ? '' : ` ON CLUSTER ${quote(cluster)}`);
  return withCluster.replace(PLACEHOLDER, (whole, name: string, argument: string | undefined) => {
    const arg = argument ?? '';
    switch (name) {
      case 'DATABASE':
        return quote(options.database);
      case 'TABLE': {
        const table = checkName('table', arg.trim());
        return `${quote(options.database)}.${quote(cluster === undefined ? table : table + LOCAL_SUFFIX)}`;
      }
      case 'ENGINE':
        return engine(arg, cluster, SHARD_PATH);
      case 'ENGINE_ALL_SHARDS':
        return engine(arg, cluster, ALL_SHARDS_PATH);
      case 'DISTRIBUTED':
        return distributed(arg, options);
      case 'DISTRIBUTED_ALTER':
        return distributedAlter(arg, options);
      default:
        throw new Error(`unknown migration placeholder ${whole}`);
    }
  });
}

/**
 * Splits a rendered file into statements: `;` at the end of a line ends one, whole-line `--`
 * comments are dropped, and empty statements (a DISTRIBUTED on one server) disappear.
 * Statements must not put `;` at a line end inside a string literal.
 */
export function splitStatements(rendered: string): string[] {
  const withoutComments = rendered
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n');
  return withoutComments
    .split(/;[ \t]*(?:\n|$)/)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}
