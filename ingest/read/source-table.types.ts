/**
 * What reading a file produces, whatever its format: a temp view `name` with `row_no` (the spreadsheet row,
 * header = 1) and the cells as text in columns c0..cN, in the order of `headers` (as written in the file).
 */
import type { RowErrorCode } from '../errors.catalog.ts';
import type { FileFormat, TextEncoding } from './file-format.detector.ts';

/** A record the parser could not split into the header's columns: rejected whole. */
export interface BrokenRow {
  rowNo: number;
  code: Extract<RowErrorCode, 'E_COLUMN_COUNT' | 'E_ROW_TRUNCATED'>;
  detail: string;
  /** the record's cells as far as they could be read */
  cells: string[];
}

export interface SourceTable {
  name: string;
  headers: string[];
  format: FileFormat;
  encoding: TextEncoding | null;
  brokenRows: BrokenRow[];
  /** rows in the view (brokenRows not included) */
  rowCount: number;
}
