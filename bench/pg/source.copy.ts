/**
 * The sources the models read, for both engines: copied from a warehouse (attached read-only, detached as soon
 * as the copy is done) into a fresh migrated warehouse of the bench's own, then written as CSV with a header
 * for PostgreSQL's COPY, with the PostgreSQL DDL of each table (the same columns, types and primary keys).
 * Source views (raw.region_current, raw.region_closure, ledger.document_balances) stay views in both: DuckDB
 * has them from its migrations, PostgreSQL gets their translations (bench/pg/sources/).
 */
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { sqlIdent, sqlString, type Warehouse } from '../../warehouse/index.ts';
import { findRelationRefs } from '../../models/runner/sql.refs.ts';

export interface SourceColumn {
  name: string;
  type: string;
}

export interface SourceTable {
  name: string;
  columns: SourceColumn[];
  primaryKey: string[];
  rows: number;
}

export interface SourceSet {
  tables: SourceTable[];
  /** source views in dependency order (each after the views it reads) */
  views: string[];
}

async function kindOf(wh: Warehouse, name: string): Promise<'table' | 'view' | null> {
  const [schema, table] = name.split('.');
  const row = await wh.one<{ kind: string }>(
    `select 'table' as kind from duckdb_tables() where database_name = current_database() and schema_name = $1 and table_name = $2
     union all
     select 'view' from duckdb_views() where database_name = current_database() and schema_name = $1 and view_name = $2`,
    [schema ?? '', table ?? ''],
  );
  return row ? (row.kind as 'table' | 'view') : null;
}

/** The base tables and views behind a list of source relations (views expanded to what they read). */
export async function resolveSources(wh: Warehouse, relations: readonly string[]): Promise<SourceSet> {
  const tables = new Set<string>();
  const viewRefs = new Map<string, string[]>();
  const queue = [...relations];
  while (queue.length) {
    const name = queue.shift()!;
    if (tables.has(name) || viewRefs.has(name)) continue;
    const kind = await kindOf(wh, name);
    if (kind === 'table') tables.add(name);
    else if (kind === 'view') {
      const [schema, view] = name.split('.');
      const sql = await wh.value<string>(
        `select sql from duckdb_views() where database_name = current_database() and schema_name = $1 and view_name = $2`,
        [schema ?? '', view ?? ''],
      );
      const refs = findRelationRefs(sql).filter((r) => r !== name);
      viewRefs.set(name, refs);
      queue.push(...refs);
    } else throw new Error(`source ${name} is neither a table nor a view of the warehouse`);
  }
  const views: string[] = [];
  const place = (v: string): void => {
    if (views.includes(v)) return;
    for (const r of viewRefs.get(v) ?? []) if (viewRefs.has(r)) place(r);
    views.push(v);
  };
  for (const v of [...viewRefs.keys()].sort()) place(v);
  const described: SourceTable[] = [];
  for (const name of [...tables].sort()) described.push(await describeTable(wh, name));
  return { tables: described, views };
}

async function describeTable(wh: Warehouse, name: string): Promise<SourceTable> {
  const [schema, table] = name.split('.') as [string, string];
  const columns = await wh.all<{ name: string; type: string }>(
    `select column_name as name, data_type as type from duckdb_columns()
     where database_name = current_database() and schema_name = $1 and table_name = $2 order by column_index`,
    [schema, table],
  );
  const key = await wh.one<{ cols: string }>(
    `select array_to_string(constraint_column_names, ',') as cols from duckdb_constraints()
     where database_name = current_database() and schema_name = $1 and table_name = $2
       and constraint_type = 'PRIMARY KEY'`,
    [schema, table],
  );
  const rows = Number(await wh.value(`select count(*) from ${sqlIdent(name)}`));
  return { name, columns, primaryKey: key?.cols ? key.cols.split(',') : [], rows };
}

/** Copies the base tables (and meta.demo_runs, which resolves the as-of date) from another warehouse file. */
export async function copyTables(wh: Warehouse, from: string, tables: readonly string[]): Promise<void> {
  await wh.run(`attach ${sqlString(from)} as bench_source (read_only)`);
  try {
    for (const name of [...new Set([...tables, 'meta.demo_runs'])]) {
      await wh.run(`delete from ${sqlIdent(name)}`);
      await wh.run(`insert into ${sqlIdent(name)} by name select * from bench_source.${sqlIdent(name)}`);
    }
  } finally {
    await wh.run('detach bench_source');
  }
}

/** PostgreSQL's type for a DuckDB column type. */
export function pgType(duck: string): string {
  const t = duck.toUpperCase();
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(t);
  if (decimal) return `numeric(${decimal[1]}, ${decimal[2]})`;
  const map: Record<string, string> = {
    VARCHAR: 'text',
    BIGINT: 'bigint',
    INTEGER: 'integer',
    SMALLINT: 'smallint',
    TINYINT: 'smallint',
    HUGEINT: 'numeric(38, 0)',
    DOUBLE: 'double precision',
    FLOAT: 'real',
    BOOLEAN: 'boolean',
    DATE: 'date',
    TIMESTAMP: 'timestamp',
    'TIMESTAMP WITH TIME ZONE': 'timestamptz',
    JSON: 'json',
    UUID: 'uuid',
    BLOB: 'bytea',
  };
  const pg = map[t];
  if (!pg) throw new Error(`no PostgreSQL type for DuckDB's ${duck}: add it to bench/pg/source.copy.ts`);
  return pg;
}

export function pgCreateTable(table: SourceTable): string {
  const cols = table.columns.map((c) => `  ${sqlIdent(c.name)} ${pgType(c.type)}`).join(',\n');
  return `create table ${sqlIdent(table.name)} (\n${cols}\n);`;
}

export function pgPrimaryKey(table: SourceTable): string | null {
  if (!table.primaryKey.length) return null;
  return `alter table ${sqlIdent(table.name)} add primary key (${table.primaryKey.map(sqlIdent).join(', ')});`;
}

/** Writes a table as CSV with a header (nulls unquoted empty, empty strings "") that the server can read. */
export async function exportCsv(wh: Warehouse, table: SourceTable, dir: string): Promise<string> {
  const file = join(dir, `${table.name}.csv`);
  const cols = table.columns.map((c) => sqlIdent(c.name)).join(', ');
  await wh.run(`copy (select ${cols} from ${sqlIdent(table.name)}) to ${sqlString(file)} (header, delimiter ',')`);
  chmodSync(file, 0o644);
  return file;
}
