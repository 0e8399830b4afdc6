/**
 * Parquet → the same temp view as a CSV: DuckDB's read_parquet, every column cast to text (dates as
 * YYYY-MM-DD, timestamps at midnight as their date), row_no = the file's row number + 2 (as if row 1 were a
 * header, so numbers read the same as in the spreadsheet the data came from).
 */
import { sqlString, UserError, type Warehouse } from '../../warehouse/index.ts';
import { fileMessage } from '../errors.catalog.ts';

function asText(column: string, type: string): string {
  // Parquet column names are anything (Chinese headers too): quoted, not checked like our own identifiers.
  const ref = `"${column.replaceAll('"', '""')}"`;
  if (type.startsWith('TIMESTAMP')) {
    return `case when cast(${ref} as time) = time '00:00:00' then strftime(${ref}, '%Y-%m-%d')
      else strftime(${ref}, '%Y-%m-%d %H:%M:%S') end`;
  }
  return `cast(${ref} as varchar)`;
}

/** The Parquet file as a relation of row_no and text columns c0..cN, and its header (column names). */
export async function parquetRelation(
  wh: Warehouse,
  path: string,
  displayName: string,
): Promise<{ relation: string; headers: string[] }> {
  const source = `read_parquet(${sqlString(path)}, file_row_number = true)`;
  let columns: { name: string; type: string }[];
  try {
    columns = (await wh.describe(`select * from ${source}`)).filter((c) => c.name !== 'file_row_number');
  } catch (err) {
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
    throw new UserError('E_PARQUET_BROKEN', fileMessage('E_PARQUET_BROKEN', `${displayName}: ${first}`));
  }
  const select = columns.map((c, i) => `${asText(c.name, c.type)} as c${i}`).join(', ');
  return {
    relation: `(select file_row_number + 2 as row_no${select ? `, ${select}` : ''} from ${source})`,
    headers: columns.map((c) => c.name.trim()),
  };
}
