/** A record the parser could not split into the header's columns: rejected whole. */
import type { RowErrorCode } from '../errors.catalog.ts';

export interface BrokenRow {
  rowNo: number;
  code: Extract<RowErrorCode, 'E_COLUMN_COUNT' | 'E_ROW_TRUNCATED'>;
  detail: string;
  /** the record's cells as far as they could be read */
  cells: string[];
}
