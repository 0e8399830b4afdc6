/**
 * Step 1 of the pipeline: any interchange file → a relation of text cells (c0..cN, in header order) that
 * the caller scans once (`materialize`, which keeps the cells in a temp table in file order). CSV in UTF-8 is read by DuckDB straight
 * from the file; GB18030/UTF-16 is transcoded first; XLSX is converted to CSV (with its sheet row numbers);
 * Parquet is read by DuckDB. A UTF-8 guess that DuckDB disproves further into the file (bytes that are not
 * UTF-8 after the sampled head) is retried as GB18030.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { UserError, type Progress, type Warehouse } from '../../warehouse/index.ts';
import { fileMessage } from '../errors.catalog.ts';
import { detectFile, type FileFormat, type TextEncoding } from './file-format.detector.ts';
import { transcodeToUtf8 } from './csv.transcoder.ts';
import { NotUtf8Error, scanCsv, type Materialize } from './csv.reader.ts';
import { xlsxToCsv } from './xlsx.reader.ts';
import { parquetRelation } from './parquet.reader.ts';
import type { BrokenRow } from './source-table.types.ts';

export interface ReadOptions {
  /** prefix of the temp tables made */
  tmp: string;
  progress: Progress;
  isEntitySheet: (sheetName: string) => boolean;
  materialize: Materialize;
}

export interface ReadResult {
  headers: string[];
  format: FileFormat;
  encoding: TextEncoding | null;
  /** XLSX: the sheet read */
  sheet: string | null;
  brokenRows: BrokenRow[];
  /** false: the materialized table is in file order and row numbers come from rowNoSql */
  hasRowNo: boolean;
  /** removes temp files */
  dispose: () => Promise<void>;
}

export async function readSource(wh: Warehouse, path: string, options: ReadOptions): Promise<ReadResult> {
  const { tmp, progress } = options;
  const displayName = basename(path);
  const detected = detectFile(path);
  const workDir = mkdtempSync(join(tmpdir(), 'fundtrail-ingest-'));
  const dispose = async (): Promise<void> => {
    rmSync(workDir, { recursive: true, force: true });
  };
  let hasRowNo = false;
  const remember: Materialize = async (relation, headers, numbered) => {
    hasRowNo = numbered;
    await options.materialize(relation, headers, numbered);
  };

  try {
    let encoding: TextEncoding | null = detected.encoding;
    let sheet: string | null = null;
    let scanned: { headers: string[]; brokenRows: BrokenRow[] };
    const csv = async (
      csvPath: string,
      rowNoColumn = false,
    ): Promise<{ headers: string[]; brokenRows: BrokenRow[] }> => {
      progress.start('读取并校验', detected.size, 'B');
      const r = await scanCsv(wh, csvPath, { rowNoColumn, displayName, tmp }, remember);
      progress.update(detected.size);
      progress.stop();
      return r;
    };
    const transcoded = async (enc: Exclude<TextEncoding, 'utf-8' | 'utf-8-bom'>): Promise<string> => {
      const target = join(workDir, 'utf8.csv');
      await transcodeToUtf8(path, target, enc, progress, detected.size);
      return target;
    };

    if (detected.format === 'xlsx') {
      const conv = await xlsxToCsv(path, join(workDir, 'sheet.csv'), {
        isEntitySheet: options.isEntitySheet,
        progress,
        size: detected.size,
        displayName,
      });
      sheet = conv.sheet;
      scanned = await csv(conv.csvPath, true);
    } else if (detected.format === 'parquet') {
      const { relation, headers } = await parquetRelation(wh, path, displayName);
      progress.start('读取并校验', detected.size, 'B');
      await remember(relation, headers, true);
      progress.stop();
      scanned = { headers, brokenRows: [] };
    } else if (encoding === 'utf-8' || encoding === 'utf-8-bom') {
      try {
        scanned = await csv(path);
      } catch (err) {
        if (!(err instanceof NotUtf8Error)) throw err;
        if (encoding === 'utf-8-bom') {
          throw new UserError(
            'E_CSV_UNREADABLE',
            fileMessage('E_CSV_UNREADABLE', `${displayName}: 文件带 UTF-8 BOM, 但第 ${err.rowNo} 行不是 UTF-8 编码`),
          );
        }
        encoding = 'gb18030';
        scanned = await csv(await transcoded('gb18030'));
      }
    } else {
      scanned = await csv(await transcoded(encoding ?? 'gb18030'));
    }

    return {
      headers: scanned.headers,
      format: detected.format,
      encoding,
      sheet,
      brokenRows: scanned.brokenRows,
      hasRowNo,
      dispose,
    };
  } catch (err) {
    progress.stop();
    await dispose();
    throw err;
  }
}
