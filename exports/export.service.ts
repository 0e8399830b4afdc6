/**
 * `exportKind`: one extract of contract.md written to a directory as CSV, XLSX or Parquet, scoped to a region
 * (and everything below it) and a budget year. The library entry point of the CLI command and, later, of the
 * server's download endpoint.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError, silentProgress, type Progress, type Warehouse } from '../warehouse/index.ts';
import { writeCsv } from './csv.writer.ts';
import type { ExportQuery, ExportScope } from './export-scope.ts';
import { EXPORT_COLUMNS, isExportKind, type ExportFormat, type ExportKind } from './export.kinds.ts';
import { alertsQuery } from './alerts.query.ts';
import { INTERLOCK_MART, interlockQuery } from './interlock.query.ts';
import { journalQuery } from './journal.query.ts';
import { LEDGER_MART, ledgerQuery } from './ledger.query.ts';
import { writeParquet } from './parquet.writer.ts';
import { TRACE_MART, traceQuery } from './trace.query.ts';
import { writeXlsx } from './xlsx.writer.ts';

export interface ExportOptions {
  outDir: string;
  format?: ExportFormat | undefined;
  region?: string | undefined;
  year?: number | undefined;
  progress?: Progress | undefined;
  /** XLSX rows per sheet including the header; only tests lower it */
  xlsxMaxRowsPerSheet?: number | undefined;
}

export interface ExportResult {
  kind: ExportKind;
  format: ExportFormat;
  /** absolute path of the written file */
  file: string;
  /** data rows written (the header not counted) */
  rows: number;
}

const QUERIES: Record<ExportKind, (scope: ExportScope) => ExportQuery> = {
  journal: journalQuery,
  ledger: ledgerQuery,
  interlock: interlockQuery,
  trace: traceQuery,
  alerts: alertsQuery,
};

/** The marts each kind reads (`fundtrail build` makes them); the journal reads the ledger's own postings. */
export const EXPORT_MARTS: Record<ExportKind, readonly string[]> = {
  journal: [],
  ledger: [LEDGER_MART],
  interlock: [INTERLOCK_MART],
  trace: [TRACE_MART],
  alerts: [],
};

async function checkMarts(wh: Warehouse, kind: ExportKind): Promise<void> {
  for (const mart of EXPORT_MARTS[kind]) {
    const [schema, table] = mart.split('.') as [string, string];
    const found = await wh.value<number>(
      `select count(*) from duckdb_tables() where database_name = current_database() and schema_name = $1 and table_name = $2`,
      [schema, table],
    );
    if (Number(found) === 0) {
      throw new UserError('EXPORT_NEEDS_BUILD', `导出 ${kind} 读取 ${mart}, 它还没有构建: 请先运行 fundtrail build`);
    }
  }
}

/** The query of one kind, amounts in integer 分 (used by the writers and by tests). */
export function exportQuery(kind: ExportKind, scope: ExportScope = {}): ExportQuery {
  return QUERIES[kind](scope);
}

/** `journal.csv`, `journal-510000-2020.xlsx`: the kind, then the scope, so extracts do not overwrite each other. */
export function exportFileName(kind: ExportKind, format: ExportFormat, scope: ExportScope): string {
  return [kind, scope.region, scope.year].filter((p) => p !== undefined).join('-') + `.${format}`;
}

async function checkScope(wh: Warehouse, scope: ExportScope): Promise<void> {
  if (scope.year !== undefined && (!Number.isInteger(scope.year) || scope.year < 1900 || scope.year > 2999)) {
    throw new UserError('EXPORT_YEAR_INVALID', `预算年度 ${scope.year} 无效: 应为四位年份, 如 2020`, 2);
  }
  if (scope.region !== undefined) {
    const found = await wh.value<number>('select count(*) from raw.region_current where code = $1', [scope.region]);
    if (found === 0) {
      throw new UserError('EXPORT_REGION_UNKNOWN', `区划代码 ${scope.region} 不存在 (请先导入区划, 或检查代码)`, 2);
    }
  }
}

export async function exportKind(wh: Warehouse, kind: string, options: ExportOptions): Promise<ExportResult> {
  if (!isExportKind(kind)) {
    throw new UserError(
      'EXPORT_KIND_UNKNOWN',
      `没有名为 ${kind} 的导出 (可用: journal, ledger, interlock, trace, alerts)`,
      2,
    );
  }
  const format = options.format ?? 'csv';
  const scope: ExportScope = { region: options.region, year: options.year };
  await checkScope(wh, scope);
  await checkMarts(wh, kind);

  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, exportFileName(kind, format, scope));
  const columns = EXPORT_COLUMNS[kind];
  const query = exportQuery(kind, scope);
  const progress = options.progress ?? silentProgress;

  let rows: number;
  if (format === 'xlsx') {
    const total = await wh.value<number>(`select count(*) from (${query.sql}) as x`, query.params);
    progress.start(`导出 ${kind}.xlsx`, total, '行');
    try {
      rows = await writeXlsx(wh, columns, query, file, {
        sheetName: kind,
        progress,
        maxRowsPerSheet: options.xlsxMaxRowsPerSheet,
      });
    } finally {
      progress.stop();
    }
  } else {
    // COPY runs inside DuckDB in one call: the bar shows the step, the row count arrives with its end.
    progress.start(`导出 ${kind}.${format}`, 1, '步');
    try {
      rows = format === 'csv' ? await writeCsv(wh, columns, query, file) : await writeParquet(wh, columns, query, file);
      progress.update(1);
    } finally {
      progress.stop();
    }
  }
  return { kind, format, file, rows };
}
