/**
 * The extracts of contract.md: for each kind, its columns in order (English keys) and what each column
 * holds. The column list is the promise to users; the queries that fill it may change.
 */

/** A column's kind decides how each format writes it. */
export type ColumnType =
  /** text: neutralised against formula injection in CSV and XLSX */
  | 'text'
  /** an integer that is not money (ids, years, depth) */
  | 'integer'
  /** DATE, written YYYY-MM-DD */
  | 'date'
  /** integer 分 in the query, 元 with two decimals in the file */
  | 'amount';

export interface ExportColumn {
  name: string;
  type: ColumnType;
}

export const EXPORT_KINDS = ['journal', 'ledger', 'interlock', 'trace', 'alerts'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** Kinds contract.md names that arrive with later issues (audit is exports/audit, not a single table). */
export const LATER_KINDS = [] as const;

export const EXPORT_FORMATS = ['csv', 'xlsx', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const t = (name: string): ExportColumn => ({ name, type: 'text' });
const i = (name: string): ExportColumn => ({ name, type: 'integer' });
const d = (name: string): ExportColumn => ({ name, type: 'date' });
const a = (name: string): ExportColumn => ({ name, type: 'amount' });

export const EXPORT_COLUMNS: Record<ExportKind, readonly ExportColumn[]> = {
  // 序时账, one row per posting
  journal: [
    i('posting_id'),
    t('doc_id'),
    t('txn_code'),
    t('region_code'),
    i('budget_year'),
    d('doc_date'),
    t('fund_code'),
    t('account_code'),
    a('debit'),
    a('credit'),
    t('source_type'),
    t('project_code'),
    t('target_region_code'),
    t('source_doc_id'),
    t('corrects_doc_id'),
    t('hash'),
  ],
  // 总台账, one row per (budget_year, region_code, fund_code, account_code) with any posting
  ledger: [
    i('budget_year'),
    t('region_code'),
    t('fund_code'),
    t('account_code'),
    t('account_name'),
    a('debit'),
    a('credit'),
    a('balance'),
  ],
  // 咬合, one row per T05/T06 document
  interlock: [
    t('doc_id'),
    t('from_region'),
    t('to_region'),
    i('budget_year'),
    a('issued'),
    a('imported'),
    a('in_transit'),
    d('issued_date'),
    d('first_import_date'),
  ],
  // 追溯, one row per document
  trace: [
    t('doc_id'),
    t('parent_doc_id'),
    t('root_doc_id'),
    t('root_region'),
    t('region_code'),
    t('fund_code'),
    t('txn_code'),
    a('amount'),
    a('carved'),
    a('remaining'),
    i('depth'),
  ],
  // 告警, one row per alert (monitoring.alerts, written by `fundtrail check`)
  alerts: [
    i('alert_id'),
    t('rule_code'),
    t('level'),
    t('region_code'),
    t('subject_type'),
    t('subject_id'),
    a('amount'),
    t('detail'),
    t('status'),
    t('detected_at'),
  ],
};

/** The sheet (XLSX) and default file name of each kind. */
export const KIND_TITLES: Record<ExportKind, string> = {
  journal: '序时账',
  ledger: '总台账',
  interlock: '咬合',
  trace: '追溯',
  alerts: '告警',
};

export const isExportKind = (value: string): value is ExportKind => (EXPORT_KINDS as readonly string[]).includes(value);
