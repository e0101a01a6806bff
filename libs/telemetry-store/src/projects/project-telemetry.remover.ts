import { runInLane } from '../lanes/lane-context';
import { compile, identifier, param, sql } from '../sql-template';
import type { TelemetryStore } from '../telemetry-store';

/**
 * Removes a deleted project's telemetry from every table that has a `project_id` column: metric
 * series and samples, the hourly rollup, metric metadata, logs, alert events, and whatever tables
 * later migrations add (check results, SLI records, …), found in `system.columns` rather than
 * listed, so none is forgotten. Views and (on a cluster) the Distributed tables are skipped: the
 * rows live in the MergeTree tables under them.
 *
 * Each table gets a mutation (`ALTER TABLE … DELETE`, waited for with `mutations_sync = 2`), which
 * rewrites the parts holding the project's rows, so the data is gone from disk when this returns
 * — a lightweight `DELETE FROM` would only hide the rows until merges. Parts without the project
 * are left alone. Runs on the `background` lane: ingest, evaluations and dashboards go first.
 * Idempotent: run again after a crash, it deletes what is left.
 */
export class ProjectTelemetryRemover {
  constructor(private readonly store: TelemetryStore) {}

  /** The tables holding rows per project (local tables on a cluster). */
  async tablesWithProjects(): Promise<string[]> {
    return runInLane('background', async () => {
      const query = compile(sql`
        SELECT c.table AS table
        FROM system.columns AS c
        INNER JOIN system.tables AS t ON t.database = c.database AND t.name = c.table
        WHERE c.database = ${param('String', this.store.database)} AND c.name = 'project_id' AND t.engine LIKE '%MergeTree'
        ORDER BY c.table`);
      const result = await this.store.client.query({ ...query, format: 'JSONEachRow' });
      return (await result.json<{ table: string }>()).map((row) => row.table);
    });
  }

  /** Deletes every row of `projectId`; returns the tables it went through. */
  async deleteProject(projectId: string): Promise<string[]> {
    const tables = await this.tablesWithProjects();
    for (const table of tables) {
      await runInLane('background', async () => {
        const command = compile(sql`ALTER TABLE ${identifier(this.store.database)}.${identifier(table)} DELETE WHERE project_id = ${param('UUID', projectId)}`);
        // `ON CLUSTER` takes a name, not a parameter; the store checked it at start-up.
        const onCluster = this.store.cluster === undefined ? '' : ` ON CLUSTER \`${this.store.cluster}\``;
        const query = onCluster === '' ? command.query : command.query.replace(' DELETE WHERE', `${onCluster} DELETE WHERE`);
        await this.store.client.command({ ...command, query, clickhouse_settings: { mutations_sync: '2' } });
      });
    }
    return tables;
  }
}
