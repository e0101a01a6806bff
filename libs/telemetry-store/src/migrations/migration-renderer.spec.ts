import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderMigration, splitStatements } from './migration-renderer';

const SINGLE = { database: 'vigil' };
const CLUSTER = { database: 'vigil', cluster: 'vigil_cluster' };

describe('renderMigration', () => {
  it('renders a plain server (and chDB) without cluster clauses', () => {
    const source = 'CREATE TABLE IF NOT EXISTS {{TABLE:t}} {{ON_CLUSTER}} (a UInt64) ENGINE = {{ENGINE:ReplacingMergeTree(v)}} ORDER BY a;\n{{DISTRIBUTED:t:a}};';
    expect(renderMigration(source, SINGLE)).toBe('CREATE TABLE IF NOT EXISTS `vigil`.`t` (a UInt64) ENGINE = ReplacingMergeTree(v) ORDER BY a;\n;');
    expect(splitStatements(renderMigration(source, SINGLE))).toEqual(['CREATE TABLE IF NOT EXISTS `vigil`.`t` (a UInt64) ENGINE = ReplacingMergeTree(v) ORDER BY a']);
  });

  it('renders a cluster: ON CLUSTER, Replicated engine with shard path, local table and a Distributed table', () => {
    const source = 'CREATE TABLE IF NOT EXISTS {{TABLE:t}} {{ON_CLUSTER}} (a UInt64) ENGINE = {{ENGINE:ReplacingMergeTree(v)}} ORDER BY a;\n{{DISTRIBUTED:t:a}};';
    expect(splitStatements(renderMigration(source, CLUSTER))).toEqual([
      "CREATE TABLE IF NOT EXISTS `vigil`.`t_local` ON CLUSTER `vigil_cluster` (a UInt64) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', v) ORDER BY a",
      'CREATE TABLE IF NOT EXISTS `vigil`.`t` ON CLUSTER `vigil_cluster` AS `vigil`.`t_local`\nENGINE = Distributed(`vigil_cluster`, `vigil`, `t_local`, a)',
    ]);
  });

  it('renders engines without arguments, and bookkeeping tables replicated across all shards', () => {
    expect(renderMigration('{{ENGINE:MergeTree}}', SINGLE)).toBe('MergeTree()');
    expect(renderMigration('{{ENGINE:MergeTree}}', CLUSTER)).toBe("ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')");
    expect(renderMigration('{{ENGINE_ALL_SHARDS:ReplacingMergeTree(at)}}', CLUSTER)).toBe(
      "ReplicatedReplacingMergeTree('/clickhouse/tables/all/{database}/{table}', '{replica}', at)",
    );
    expect(renderMigration('{{DATABASE}}.schema_migrations {{ON_CLUSTER}}', CLUSTER)).toBe('`vigil`.schema_migrations ON CLUSTER `vigil_cluster`');
  });

  it('alters the Distributed table on a cluster only (one server has no second table to alter)', () => {
    const source = '{{DISTRIBUTED_ALTER:t:ADD COLUMN IF NOT EXISTS c UInt8 DEFAULT 1}};';
    expect(splitStatements(renderMigration(source, SINGLE))).toEqual([]);
    expect(splitStatements(renderMigration(source, CLUSTER))).toEqual(['ALTER TABLE `vigil`.`t` ON CLUSTER `vigil_cluster` ADD COLUMN IF NOT EXISTS c UInt8 DEFAULT 1']);
    expect(() => renderMigration('{{DISTRIBUTED_ALTER:t}}', CLUSTER)).toThrow(/needs a table and a command/);
  });

  it('refuses unknown placeholders, non-MergeTree engines and unsafe names', () => {
    expect(() => renderMigration('{{DB}}', SINGLE)).toThrow(/unknown migration placeholder \{\{DB\}\}/);
    expect(() => renderMigration('{{ENGINE:Log}}', SINGLE)).toThrow(/must name a \*MergeTree engine/);
    expect(() => renderMigration('{{DISTRIBUTED:t}}', CLUSTER)).toThrow(/needs a table and a sharding key/);
    expect(() => renderMigration('{{TABLE:t; DROP}}', SINGLE)).toThrow(/invalid table name/);
    expect(() => renderMigration('x', { database: 'vigil`; DROP' })).toThrow(/invalid database name/);
    expect(() => renderMigration('x', { database: 'vigil', cluster: 'c` x' })).toThrow(/invalid cluster name/);
  });

  // The rendered SQL of the real migrations, reviewed as files: a change in the renderer or a
  // migration shows up in the diff of these snapshots.
  const migrations = join(__dirname, '../../migrations');
  it.each([
    // [file, statements a cluster adds: Distributed tables and their ALTERs]
    ['001-create-metric-tables.sql', 2],
    ['002-add-logs-metadata-rollups.sql', 5],
    ['003-replace-metric-rollups.sql', 1],
    ['004-rebuild-metric-rollup-with-finer-granules.sql', 1],
    ['005-drop-metric-rollup-1h.sql', 0],
    ['006-create-alert-events.sql', 1],
    ['007-create-check-results.sql', 2],
    ['008-create-slo-sli-records.sql', 2],
    ['009-move-metric-rollup-off-insert.sql', 0],
    ['011-add-stale-mark-hold.sql', 0],
  ] as const)('renders %s for one server and for a cluster', async (file, clusterOnly) => {
    const source = readFileSync(join(migrations, file), 'utf8');
    const single = splitStatements(renderMigration(source, SINGLE));
    const cluster = splitStatements(renderMigration(source, CLUSTER));
    expect(single.join(';\n\n')).not.toMatch(/\{\{|ON CLUSTER|Replicated|Distributed/);
    expect(cluster.length).toBe(single.length + clusterOnly);
    await expect(single.join(';\n\n') + ';\n').toMatchFileSnapshot(`__snapshots__/${file.replace('.sql', '.single.sql')}`);
    await expect(cluster.join(';\n\n') + ';\n').toMatchFileSnapshot(`__snapshots__/${file.replace('.sql', '.cluster.sql')}`);
  });
});

describe('splitStatements', () => {
  it('splits on a semicolon at a line end and drops whole-line comments', () => {
    expect(splitStatements('-- a; comment\nSELECT 1;\n\nSELECT \';\' ;  \n-- tail')).toEqual(['SELECT 1', "SELECT ';'"]);
  });
});
