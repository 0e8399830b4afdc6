/**
 * How cells reach a file: amounts from integer 分 to 元 with two decimals, exactly (warehouse/money.sql.ts);
 * text that a spreadsheet would run as a formula neutralised (warehouse/cell-safety.ts). CSV and Parquet are
 * written by DuckDB, XLSX from streamed rows.
 */
import { sqlIdent, sqlNeutralise, yuanSql } from '../warehouse/index.ts';
import type { ExportColumn } from './export.kinds.ts';

/**
 * 分 to 元 as a JS number for a spreadsheet cell. Division of two exact integers is correctly rounded, so the
 * result is the double nearest the decimal amount and prints as exactly that decimal.
 */
export function fenToYuan(fen: number): number {
  if (!Number.isSafeInteger(fen)) throw new Error(`金额不是整数分: ${fen}`);
  return fen / 100;
}

export type SqlTarget = 'csv' | 'parquet';

/**
 * The select list that turns a query's columns (amounts in 分) into what a DuckDB COPY writes: for CSV
 * amounts as two-decimal text and text neutralised; for Parquet amounts as DECIMAL(18,2) 元.
 */
export function projectColumns(
  columns: readonly ExportColumn[],
  target: SqlTarget,
  alias = 'x',
  /** the header of the first column, when it differs from its name (the CSV writer puts the BOM there) */
  firstHeader?: string,
  /** the amounts are already DECIMAL(18,2) 元 (read back from a Parquet file of projectColumns 'parquet') */
  amountsInYuan = false,
): string {
  return columns
    .map((c, index) => {
      const ref = `${alias}.${sqlIdent(c.name)}`;
      // the first header is the checked name behind a BOM, quoted as it is (sqlIdent takes plain names only)
      const name =
        index === 0 && firstHeader !== undefined ? `"${firstHeader.replaceAll('"', '""')}"` : sqlIdent(c.name);
      if (c.type === 'amount') {
        const yuan = amountsInYuan ? ref : yuanSql(ref);
        return `${target === 'csv' ? `${yuan}::varchar` : yuan} as ${name}`;
      }
      if (c.type === 'text' && target === 'csv') return `${sqlNeutralise(ref)} as ${name}`;
      return `${ref} as ${name}`;
    })
    .join(',\n      ');
}
