/** Whether a relation exists in the warehouse, and as what: the one catalog lookup the runner uses. */
import type { Warehouse } from '../../warehouse/index.ts';

export type RelationKind = 'table' | 'view' | null;

/** `schema.name` in `catalog` (default: the warehouse's own) — a table, a view, or null when absent. */
export async function relationKind(wh: Warehouse, relation: string, catalog?: string): Promise<RelationKind> {
  const [schema, name] = relation.split('.') as [string, string];
  const db = catalog === undefined ? 'current_database()' : '$3';
  const row = await wh.one<{ kind: string }>(
    `select 'table' as kind from duckdb_tables() where database_name = ${db} and schema_name = $1 and table_name = $2
     union all
     select 'view' from duckdb_views() where database_name = ${db} and schema_name = $1 and view_name = $2`,
    catalog === undefined ? [schema, name] : [schema, name, catalog],
  );
  return (row?.kind as RelationKind) ?? null;
}
