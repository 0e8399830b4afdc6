/**
 * CSV of contract.md: UTF-8 with a BOM (so Excel opens Chinese text), comma-separated, one header row of the
 * English keys, amounts as 元 with two decimals, formula-like text neutralised.
 *
 * DuckDB's COPY writes the body (it is many times faster than converting rows to JS and back, see the
 * exports CONTEXT.md); the BOM is then put in front by streaming the body after it, never loading the file.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { sqlString, type Warehouse } from '../warehouse/index.ts';
import { projectColumns } from './cell-format.ts';
import type { ExportQuery } from './export-scope.ts';
import type { ExportColumn } from './export.kinds.ts';
import { partPath, writeAtomically } from './output-file.ts';

export const UTF8_BOM = '\uFEFF';

/** Writes the rows of `query` to `file`; returns the number of data rows. */
export async function writeCsv(
  wh: Warehouse,
  columns: readonly ExportColumn[],
  query: ExportQuery,
  file: string,
): Promise<number> {
  return writeAtomically(file, async (part) => {
    const body = partPath(file, 'body');
    try {
      const rows = await wh.run(
        `copy (select ${projectColumns(columns, 'csv')} from (${query.sql}) as x)
         to ${sqlString(body)} (format csv, header true, delimiter ',', quote '"', escape '"', new_line '\\r\\n')`,
        query.params,
      );
      const out = createWriteStream(part);
      out.write(UTF8_BOM);
      await pipeline(createReadStream(body), out);
      return rows;
    } finally {
      await rm(body, { force: true });
    }
  });
}
