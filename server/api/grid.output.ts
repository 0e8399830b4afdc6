/**
 * How a grid route answers: JSON by default; Arrow IPC (a stream of one record batch, same columns) when the
 * request accepts `application/vnd.apache.arrow.stream`, with the totals in headers; or, with
 * `format=csv|xlsx`, a download of the whole filtered query (not just the page) in the columns on screen,
 * written by the exports' writers (BOM, 元 with two decimals, formula text neutralised).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import { Bool, Float64, Table, Utf8, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import type { Compilable } from 'kysely';
import { z } from 'zod';
import type { SqlValue, Warehouse } from '../../warehouse/index.ts';
import type { ExportColumn } from '../../exports/export.kinds.ts';
import { writeCsv } from '../../exports/csv.writer.ts';
import { writeXlsx } from '../../exports/xlsx.writer.ts';
import { HttpError } from '../http-errors.ts';

export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';

export interface GridColumn extends ExportColumn {
  /** JS shape of the value in rows, for Arrow */
  arrow: 'utf8' | 'number' | 'bool';
}

export const GridFormat = z.object({
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  columns: z
    .string()
    .regex(/^[a-z_]+(,[a-z_]+)*$/, 'columns 应为逗号分隔的列名')
    .optional(),
});

export const wantsArrow = (req: Request): boolean => (req.get('accept') ?? '').includes(ARROW_STREAM);

export function arrowBody(columns: readonly GridColumn[], rows: readonly Record<string, unknown>[]): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const c of columns) {
    const values = rows.map((r) => (r[c.name] ?? null) as never);
    const type = c.arrow === 'number' ? new Float64() : c.arrow === 'bool' ? new Bool() : new Utf8();
    vectors[c.name] = vectorFromArray(values, type as never);
  }
  return tableToIPC(new Table(vectors), 'stream');
}

/** The grid's columns that a download should have: the ones named (in that order), all by default. */
export function chosenColumns(all: readonly GridColumn[], names: string | undefined): GridColumn[] {
  if (!names) return [...all];
  const byName = new Map(all.map((c) => [c.name, c]));
  const unknown = names.split(',').filter((n) => !byName.has(n));
  if (unknown.length > 0) {
    throw new HttpError(
      400,
      'UNKNOWN_COLUMN',
      `未知的列: ${unknown.join(', ')} (可用: ${all.map((c) => c.name).join(', ')})`,
    );
  }
  return names.split(',').map((n) => byName.get(n)!);
}

/** Writes the whole query to a temporary file of the format and sends it as a download. */
export async function sendDownload(
  wh: Warehouse,
  res: Response,
  query: Compilable<unknown>,
  columns: readonly GridColumn[],
  format: 'csv' | 'xlsx',
  baseName: string,
): Promise<number> {
  const compiled = query.compile();
  const exportQuery = { sql: compiled.sql, params: compiled.parameters as SqlValue[] };
  const dir = await mkdtemp(join(tmpdir(), 'fundtrail-grid-'));
  const file = join(dir, `${baseName}.${format}`);
  try {
    const rows =
      format === 'csv'
        ? await writeCsv(wh, columns, exportQuery, file)
        : await writeXlsx(wh, columns, exportQuery, file, { sheetName: baseName });
    res.setHeader('x-total-rows', String(rows));
    await new Promise<void>((resolve, reject) => {
      res.download(file, `${baseName}.${format}`, (err) => (err ? reject(err) : resolve()));
    });
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
