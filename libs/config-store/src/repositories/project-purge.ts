import type { PrismaExecutor } from '../prisma-client';

/** Tables that keep their rows when a project goes: the audit trail outlives what it records. */
const KEPT_TABLES = new Set(['audit_records', 'projects']);

/**
 * Child tables before their parents (a foreign key's table before the table it references), so
 * that a `RESTRICT` key never stops a delete. Hand-written: a dozen lines of Kahn's algorithm are
 * less than a graph library's API.
 */
export function deletionOrder(tables: readonly string[], references: readonly { child: string; parent: string }[]): string[] {
  const pending = new Set(tables);
  const order: string[] = [];
  while (pending.size > 0) {
    // A table is ready when no pending table (other than itself) still references it.
    const ready = [...pending].filter((table) => !references.some((edge) => edge.parent === table && edge.child !== table && pending.has(edge.child)));
    // A cycle of foreign keys: delete the rest in name order and let the database say what is wrong.
    const next = ready.length > 0 ? ready.sort() : [...pending].sort();
    for (const table of next) {
      order.push(table);
      pending.delete(table);
    }
  }
  return order;
}

function quoted(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/**
 * Deletes every row of the project from every table that has a `project_id` column, then the
 * project itself (which cascades to whatever else hangs off it). Found in the catalogue rather
 * than listed, so configuration tables added later (checks, SLOs, …) are removed too. Each
 * delete is idempotent and the project row goes last, so a purge cut short by a crash is simply
 * run again. Table names come from the catalogue of our own schema, and the id is a parameter.
 */
export async function purgeProject(db: PrismaExecutor, projectId: string): Promise<void> {
  // Only ever a project someone deleted: a live project is never purged by mistake.
  const marked = await db.$queryRaw<unknown[]>`SELECT 1 FROM projects WHERE id = ${projectId}::uuid AND deleting_at IS NOT NULL`;
  if (marked.length === 0) return;
  const tables = (
    await db.$queryRaw<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_name = 'project_id'`
  )
    .map((row) => row.table_name)
    .filter((table) => !KEPT_TABLES.has(table));
  const references = await db.$queryRaw<{ child: string; parent: string }[]>`
    SELECT child.relname AS child, parent.relname AS parent
    FROM pg_constraint c
    JOIN pg_class child ON child.oid = c.conrelid
    JOIN pg_class parent ON parent.oid = c.confrelid
    WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`;
  for (const table of deletionOrder(tables, references)) {
    await db.$executeRawUnsafe(`DELETE FROM ${quoted(table)} WHERE project_id = $1::uuid`, projectId);
  }
  await db.$executeRaw`DELETE FROM projects WHERE id = ${projectId}::uuid`;
}
