/**
 * CSV of contract.md: UTF-8 with a BOM (so Excel opens Chinese text), comma-separated, one header row of the
 * English keys, amounts as 元 with two decimals, formula-like text neutralised.
 *
 * DuckDB's COPY writes the whole file (it is many times faster than converting rows to JS and back, see the
 * exports CONTEXT.md); the BOM is the first character of the first column's header, so the file is written in
 * one pass, never copied (a file of a province's payments is gigabytes).
 */
import { sqlIdent, sqlString, type Warehouse } from '../warehouse/index.ts';
import { projectColumns } from './cell-format.ts';
import type { ExportQuery } from './export-scope.ts';
import type { ExportColumn } from './export.kinds.ts';
import { writeAtomically } from './output-file.ts';

export const UTF8_BOM = '\uFEFF';

/**
 * COPY options that write each value exactly as it is: no quote or escape character, and every column
 * "force-quoted" with that empty quote, which writes nothing but spares DuckDB's CSV writer its scan of every byte
 * for a character that would need quotes (about a fifth of its time on lines of payments or sheet XML). The
 * values must hold no NUL (DuckDB's empty quote character): the callers' text is plain or XML, which has none.
 * export.writers.test.ts and xlsx.writer.test.ts check the bytes.
 */
export const QUOTELESS = `quote '', escape '', force_quote *`;

/** Writes the rows of `query` to `file`; returns the number of data rows. */
export async function writeCsv(
  wh: Warehouse,
  columns: readonly ExportColumn[],
  query: ExportQuery,
  file: string,
): Promise<number> {
  return copyCsv(wh, columns, query, file, false);
}

/**
 * The same CSV from a Parquet file that parquet.writer.ts wrote for `columns` (amounts DECIMAL 元), in the file's
 * order: the audit package writes a table's Parquet first and reads it back rather than running the query again
 * (a province's payments: the query scans every year of raw.payments, the Parquet file only the package's rows).
 *
 * `plainText`: the caller knows that no text value of the file needs quoting or the formula guard and none is
 * empty (the XLSX writer's study of the file, xlsx.writer.ts `XlsxFacts`). Each line is then the values joined by
 * commas in SQL, written as one unquoted column: the same bytes as DuckDB's CSV writer gives, for about 30 % less
 * CPU (5 M payments: 7.7–9.4 → 5.5–6.7 CPU-s), since that writer checks every value for quoting. The line is
 * written with `force_quote` and no quote character (`QUOTELESS`): DuckDB then skips its per-byte check of
 * whether the value needs quotes and writes no quote (5 M payments: 5.2 → 4.2 CPU-s).
 */
export async function writeCsvFromParquet(
  wh: Warehouse,
  columns: readonly ExportColumn[],
  parquetFile: string,
  file: string,
  options: { plainText?: boolean } = {},
): Promise<number> {
  const query = { sql: `select * from read_parquet(${sqlString(parquetFile)})`, params: [] };
  return options.plainText ? copyPlainLines(wh, columns, query, file) : copyCsv(wh, columns, query, file, true);
}

/** Plain lines: every value as text (NULL as nothing), joined by commas, under the header with its BOM. */
async function copyPlainLines(
  wh: Warehouse,
  columns: readonly ExportColumn[],
  query: ExportQuery,
  file: string,
): Promise<number> {
  if (columns.length === 0) throw new Error('CSV 至少要有一列');
  const header = `${UTF8_BOM}${columns.map((c) => c.name).join(',')}`;
  const values = columns.map((c) => `coalesce(cast(x.${sqlIdent(c.name)} as varchar), '')`);
  return writeAtomically(file, (part) =>
    wh.run(
      `copy (select concat_ws(',', ${values.join(', ')}) as "${header.replaceAll('"', '""')}" from (${query.sql}) as x)
       to ${sqlString(part)} (format csv, header true, delimiter '\\t', ${QUOTELESS}, new_line '\\r\\n')`,
      query.params,
    ),
  );
}

async function copyCsv(
  wh: Warehouse,
  columns: readonly ExportColumn[],
  query: ExportQuery,
  file: string,
  amountsInYuan: boolean,
): Promise<number> {
  const first = columns[0];
  if (!first) throw new Error('CSV 至少要有一列');
  // DuckDB quotes a header only for a delimiter, quote or line break: the BOM goes through as it is
  const select = projectColumns(columns, 'csv', 'x', `${UTF8_BOM}${first.name}`, amountsInYuan);
  return writeAtomically(file, (part) =>
    wh.run(
      `copy (select ${select} from (${query.sql}) as x)
       to ${sqlString(part)} (format csv, header true, delimiter ',', quote '"', escape '"', new_line '\\r\\n')`,
      query.params,
    ),
  );
}
