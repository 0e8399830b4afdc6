/**
 * Step 1 of the pipeline: any interchange file → a SourceTable (temp view of text cells with row numbers).
 * CSV in UTF-8 is read by DuckDB straight from the file; GB18030/UTF-16 is transcoded first; XLSX is
 * converted to CSV; Parquet is read by DuckDB. A UTF-8 guess that DuckDB disproves further into the file
 * (bytes that are not UTF-8 after the sampled head) is retried as GB18030.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { sqlIdent, UserError, type Progress, type Warehouse } from '../../warehouse/index.ts';
import { fileMessage } from '../errors.catalog.ts';
import { detectFile, type TextEncoding } from './file-format.detector.ts';
import { transcodeToUtf8 } from './csv.transcoder.ts';
import { dropCsvTables, NotUtf8Error, readCsv } from './csv.reader.ts';
import { xlsxToCsv } from './xlsx.reader.ts';
import { readParquet } from './parquet.reader.ts';
import type { SourceTable } from './source-table.types.ts';

export interface ReadOptions {
  /** temp view name to create */
  table: string;
  progress: Progress;
  isEntitySheet: (sheetName: string) => boolean;
}

export interface ReadResult extends SourceTable {
  /** XLSX: the sheet read */
  sheet: string | null;
  /** removes temp files and tables */
  dispose: () => Promise<void>;
}

export async function readSource(wh: Warehouse, path: string, options: ReadOptions): Promise<ReadResult> {
  const { table, progress } = options;
  const displayName = basename(path);
  const detected = detectFile(path);
  const workDir = mkdtempSync(join(tmpdir(), 'fundtrail-ingest-'));
  const dispose = async (): Promise<void> => {
    await dropCsvTables(wh, table);
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    let headers: string[] = [];
    let brokenRows: SourceTable['brokenRows'] = [];
    let encoding: TextEncoding | null = detected.encoding;
    let sheet: string | null = null;
    const loadCsv = async (csvPath: string, rowNoColumn = false): Promise<void> => {
      progress.start('读取', detected.size, 'B');
      const r = await readCsv(wh, csvPath, table, { rowNoColumn, displayName });
      progress.update(detected.size);
      progress.stop();
      headers = r.headers;
      brokenRows = r.brokenRows;
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
      await loadCsv(conv.csvPath, true);
    } else if (detected.format === 'parquet') {
      progress.start('读取', detected.size, 'B');
      headers = (await readParquet(wh, path, table, displayName)).headers;
      progress.update(detected.size);
      progress.stop();
    } else if (encoding === 'utf-8' || encoding === 'utf-8-bom') {
      try {
        await loadCsv(path);
      } catch (err) {
        if (!(err instanceof NotUtf8Error)) throw err;
        if (encoding === 'utf-8-bom') {
          throw new UserError(
            'E_CSV_UNREADABLE',
            fileMessage('E_CSV_UNREADABLE', `${displayName}: 文件带 UTF-8 BOM, 但第 ${err.rowNo} 行不是 UTF-8 编码`),
          );
        }
        encoding = 'gb18030';
        await loadCsv(await transcoded('gb18030'));
      }
    } else {
      await loadCsv(await transcoded(encoding ?? 'gb18030'));
    }
    const rowCount = await wh.value<number>(`select count(*) from ${sqlIdent(table)}`);
    return {
      name: table,
      headers,
      format: detected.format,
      encoding,
      brokenRows,
      rowCount,
      sheet,
      dispose,
    };
  } catch (err) {
    progress.stop();
    await dispose();
    throw err;
  }
}
