/**
 * Step 5: the rejection report of a load, `<dir of the db>/rejects/load-<id>-<entity>.csv`, written from
 * meta.rejects (so it can be written again any time: `fundtrail ingest --rejects <load_id>`).
 * UTF-8 with a BOM (Excel opens it), one line per problem: 行号, 列, 错误代码, 说明, then the row's original
 * columns. A text cell that a spreadsheet would run as a formula is neutralised (warehouse/cell-safety.ts),
 * plain numbers excepted.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { z } from 'zod';
import { neutraliseText, UserError, type Warehouse } from '../../warehouse/index.ts';
import { fileMessage } from '../errors.catalog.ts';

const rawRowSchema = z.record(z.string(), z.string().nullable());

/** Where the report of a load goes for a warehouse file. */
export function rejectReportPath(dbPath: string, loadId: number, entity: string): string {
  return join(dirname(dbPath), 'rejects', `load-${loadId}-${entity}.csv`);
}

/** A cell of the report: formulas neutralised, plain numbers (the amounts as handed in) left readable. */
export const spreadsheetSafe = (cell: string): string => neutraliseText(cell, { keepNumbers: true });

interface RejectRow extends Record<string, unknown> {
  row_no: number;
  column_name: string | null;
  error_code: string;
  message: string;
  raw_row: string | null;
}

function parseRawRow(text: string | null): Record<string, string | null> {
  if (text === null) return {};
  const parsed = rawRowSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : {};
}

/** Writes the report of `loadId` to `path`; returns the number of problem lines. */
export async function writeRejectReport(wh: Warehouse, loadId: number, path: string): Promise<number> {
  const load = await wh.one<{ entity: string }>('select entity from meta.loads where load_id = $1', [loadId]);
  if (!load) throw new UserError('E_LOAD_UNKNOWN', fileMessage('E_LOAD_UNKNOWN', String(loadId)), 2);
  // Original columns: the order of the first row's JSON, then any other key seen.
  const first = await wh.one<{ raw_row: string }>(
    `select cast(raw_row as varchar) as raw_row from meta.rejects
     where load_id = $1 and raw_row is not null order by row_no limit 1`,
    [loadId],
  );
  const columns = Object.keys(parseRawRow(first?.raw_row ?? null));
  const others = await wh.all<{ k: string }>(
    `select distinct unnest(json_keys(raw_row)) as k from meta.rejects where load_id = $1 and raw_row is not null`,
    [loadId],
  );
  for (const { k } of others) if (!columns.includes(k)) columns.push(k);

  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  out.write('\uFEFF');
  const csv = stringify();
  csv.pipe(out);
  csv.write(['行号', '列', '错误代码', '说明', ...columns]);
  let lines = 0;
  for await (const batch of wh.stream<RejectRow>(
    `select row_no, column_name, error_code, message, cast(raw_row as varchar) as raw_row
     from meta.rejects where load_id = $1 order by row_no, error_code`,
    [loadId],
  )) {
    for (const r of batch) {
      const raw = parseRawRow(r.raw_row);
      const cells = columns.map((c) => spreadsheetSafe(raw[c] ?? ''));
      if (!csv.write([String(r.row_no), r.column_name ?? '', r.error_code, r.message, ...cells])) {
        await new Promise((resolve) => csv.once('drain', resolve));
      }
      lines++;
    }
  }
  csv.end();
  await finished(out);
  return lines;
}
