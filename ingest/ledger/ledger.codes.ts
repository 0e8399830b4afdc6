/**
 * The ledger engine's rejection codes (stable) and the Chinese names of the document columns they point at.
 * The messages ("第 N 行 (单据 X), 列「金额」: 规则2: …") are rendered from rejection.reasons.ts.
 */

export const LEDGER_CODES = {
  /** txn_code is not T01–T10 */
  TXN_CODE: 'E_LEDGER_TXN_CODE',
  /** amount ≤ 0 (T01–T08, T10) or ≥ 0 (T09) */
  AMOUNT_SIGN: 'E_LEDGER_AMOUNT_SIGN',
  SOURCE_REQUIRED: 'E_LEDGER_SOURCE_REQUIRED',
  SOURCE_NOT_ALLOWED: 'E_LEDGER_SOURCE_NOT_ALLOWED',
  CORRECTS_REQUIRED: 'E_LEDGER_CORRECTS_REQUIRED',
  CORRECTS_NOT_ALLOWED: 'E_LEDGER_CORRECTS_NOT_ALLOWED',
  TARGET_REQUIRED: 'E_LEDGER_TARGET_REQUIRED',
  TARGET_NOT_ALLOWED: 'E_LEDGER_TARGET_NOT_ALLOWED',
  /** T05: the target is not below the region */
  TARGET_NOT_DESCENDANT: 'E_LEDGER_TARGET_NOT_DESCENDANT',
  /** T06: the target is the region itself or below it */
  TARGET_IS_DESCENDANT: 'E_LEDGER_TARGET_IS_DESCENDANT',
  PROJECT_REQUIRED: 'E_LEDGER_PROJECT_REQUIRED',
  FUND_REQUIRED: 'E_LEDGER_FUND_REQUIRED',
  /** the named fund is not in raw.funds for the document's region */
  FUND_UNKNOWN: 'E_LEDGER_FUND_UNKNOWN',
  /** an inheriting document (T04–T10) names a fund other than its source's */
  FUND_MISMATCH: 'E_LEDGER_FUND_MISMATCH',
  SOURCE_UNKNOWN: 'E_LEDGER_SOURCE_UNKNOWN',
  SOURCE_REJECTED: 'E_LEDGER_SOURCE_REJECTED',
  SOURCE_CYCLE: 'E_LEDGER_SOURCE_CYCLE',
  /** the source is of a kind this txn cannot be carved from */
  SOURCE_KIND: 'E_LEDGER_SOURCE_KIND',
  SOURCE_REGION: 'E_LEDGER_SOURCE_REGION',
  SOURCE_YEAR: 'E_LEDGER_SOURCE_YEAR',
  /** T09 corrects a T09 */
  CORRECTS_KIND: 'E_LEDGER_CORRECTS_KIND',
  /** T09 and the corrected document differ in region or budget year */
  CORRECTS_MISMATCH: 'E_LEDGER_CORRECTS_MISMATCH',
  R1_UNBALANCED: 'E_LEDGER_R1_UNBALANCED',
  R2_EXCEEDS_SOURCE: 'E_LEDGER_R2_EXCEEDS_SOURCE',
  R3_SOURCE: 'E_LEDGER_R3_SOURCE',
  R3_FUND: 'E_LEDGER_R3_FUND',
  R4_DESIGNATION: 'E_LEDGER_R4_DESIGNATION',
  R5_CORRECTION: 'E_LEDGER_R5_CORRECTION',
  R6_REGION: 'E_LEDGER_R6_REGION',
  R7_CONFLICT: 'E_LEDGER_R7_CONFLICT',
  R8_DATE: 'E_LEDGER_R8_DATE',
} as const;

export type LedgerCode = (typeof LEDGER_CODES)[keyof typeof LEDGER_CODES];

/** Chinese headers of interchange.md's indicator columns (the rejection messages name the column). */
export const DOCUMENT_COLUMN_NAMES: Record<string, string> = {
  doc_id: '单据编号',
  txn_code: '交易令',
  region_code: '区划代码',
  budget_year: '预算年度',
  doc_date: '登记日期',
  doc_no: '指标文号',
  sup_doc_no: '上级指标文号',
  source_doc_id: '来源单据编号',
  corrects_doc_id: '更正单据编号',
  fund_code: '资金代码',
  project_code: '项目代码',
  project_name: '项目名称',
  func_subject: '功能分类科目',
  econ_subject: '经济分类科目',
  target_region_code: '接收区划代码',
  amount: '金额',
  advance: '提前下达',
  for_poor: '全部用于贫困人员',
  direct: '直达资金',
  summary: '摘要',
};

/** SQL: a quoted SQL string literal of a constant we own (codes, column keys). */
export function lit(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
