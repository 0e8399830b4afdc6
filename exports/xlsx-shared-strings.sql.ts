/**
 * The shared-string table (xl/sharedStrings.xml) of a workbook written by xlsx.writer.ts, for the text columns
 * whose values repeat: a cell of those columns is `<c t='s'><v>17</v></c>`, an index into the table, instead of
 * the value as an inline string. For a province's payments (pay_month, the document, its 文号 and project, the
 * village, the bank and the unit: 19,013 distinct values over 29.5 M rows) a sheet of 1 M rows is 472 MB of XML
 * instead of 696 MB, and DuckDB renders it in about 3.7 CPU-seconds instead of 6.0; deflate gets a third fewer
 * bytes.
 *
 * Which columns: those DuckDB's Parquet writer dictionary-encoded in every row group (it then records the row
 * group's distinct count in the column statistics), with on average at least 8 rows per distinct value in a row
 * group. That bounds the table: a column's values over the whole file are at most the sum of the row groups'
 * distinct counts. The numbers are the measured ones of the file, read from its footer (no scan); a file
 * without them (another writer, another version) keeps inline strings, which is slower, never wrong.
 *
 * The values are numbered by a temporary ENUM type of the session: a cast to it is a hash lookup that keeps the
 * rows' order (a join would not), and `enum_code` is the value's index in the table, most frequent first, so
 * the commonest values have the shortest indices. Each value is made safe once, when the table is written
 * (xmlTextSql: XML-illegal characters dropped, the formula guard, & < > CR LF escaped), exactly as an inline
 * string would be.
 */
import { randomBytes } from 'node:crypto';
import { sqlIdent, sqlString, type Warehouse } from '../warehouse/index.ts';
import type { ExportColumn } from './export.kinds.ts';
import { xmlTextSql } from './xlsx-rows.sql.ts';

/** Rows per distinct value (in a row group, on average) from which a column's text is shared. */
export const SHARED_MIN_REPEATS = 8;
/** At most this many distinct values per shared column (the sum over row groups), so the table stays small. */
export const SHARED_MAX_VALUES = 1 << 20;

type ColumnStats = {
  path_in_schema: string;
  groups: number;
  with_stats: number;
  distinct_sum: number | null;
  values_sum: number;
};

/** The text columns of `parquetFile` whose values are to be shared, chosen from its row groups' statistics. */
export async function chooseSharedColumns(
  wh: Warehouse,
  parquetFile: string,
  columns: readonly ExportColumn[],
): Promise<string[]> {
  const stats = await wh.all<ColumnStats>(
    `select path_in_schema, count(*)::bigint as groups, count(stats_distinct_count)::bigint as with_stats,
       sum(stats_distinct_count)::bigint as distinct_sum, sum(num_values)::bigint as values_sum
     from parquet_metadata(${sqlString(parquetFile)})
     group by path_in_schema`,
  );
  const byName = new Map(stats.map((s) => [s.path_in_schema, s]));
  return columns
    .filter((c) => {
      const s = byName.get(c.name);
      if (c.type !== 'text' || !s || Number(s.with_stats) !== Number(s.groups) || s.distinct_sum === null) return false;
      const distinct = Number(s.distinct_sum);
      return distinct * SHARED_MIN_REPEATS <= Number(s.values_sum) && distinct <= SHARED_MAX_VALUES;
    })
    .map((c) => c.name);
}

/** A workbook's shared strings while it is written: the ENUM type that numbers them, and its size. */
export interface SharedStrings {
  /** the shared columns, in the order of `codeColumn` */
  columns: readonly string[];
  /** the distinct values (the table's uniqueCount) */
  count: number;
  /** the ENUM type (a temporary object of the session), quoted */
  type: string;
}

/** The column of the sheet's select that holds a shared column's index (see `codesSelectSql`). */
export function codeColumn(index: number): string {
  return `fundtrail_sst_${index}`;
}

/**
 * Numbers the distinct non-empty values of `columns` in `parquetFile` (one grouped scan of those columns:
 * 1.3 CPU-seconds for the province's 29.5 M payments); undefined when there are none. `drop` it afterwards.
 */
export async function createSharedStrings(
  wh: Warehouse,
  parquetFile: string,
  columns: readonly string[],
): Promise<SharedStrings | undefined> {
  if (columns.length === 0) return undefined;
  const type = sqlIdent(`fundtrail_sst_${randomBytes(8).toString('hex')}`);
  const file = `read_parquet(${sqlString(parquetFile)})`;
  const counted = columns.map((c) => {
    const ref = `cast(${sqlIdent(c)} as varchar)`;
    return `select ${ref} as v, count(*) as n from ${file} where ${ref} <> '' group by 1`;
  });
  await wh.run(
    `create temp type ${type} as enum (
       select v from (select v, sum(n) as n from (${counted.join(' union all ')}) group by v) order by n desc, v)`,
  );
  const count = Number(await wh.value<number>(`select len(enum_range(null::${type}))`));
  const shared = { columns, count, type };
  if (count === 0) {
    await dropSharedStrings(wh, shared);
    return undefined;
  }
  return shared;
}

export async function dropSharedStrings(wh: Warehouse, shared: SharedStrings): Promise<void> {
  await wh.run(`drop type if exists ${shared.type}`);
}

/** The extra select list of a sheet's rows: each shared column's index (NULL for an empty cell). */
export function codesSelectSql(shared: SharedStrings, alias: string): string {
  return shared.columns
    .map(
      (c, i) =>
        `enum_code(cast(nullif(cast(${alias}.${sqlIdent(c)} as varchar), '') as ${shared.type})) as ${codeColumn(i)}`,
    )
    .join(', ');
}

/** The `<si>` items of the table, one per line, in index order. */
export function sharedItemsSql(shared: SharedStrings): string {
  const text = xmlTextSql('cast(s.v as varchar)');
  return `select '<si><t>' || ${text} || '</t></si>' as xml from (select unnest(enum_range(null::${shared.type})) as v) as s`;
}
