/**
 * Why a document is rejected: the checks (rule-checks.sql.ts, posting.builder.ts, source.allocation.ts) only
 * name a reason; the rejection table keeps the context (the source document's kind, region, year, fund, what
 * was left…), and every message of a batch is rendered here at the end, in one statement. Each reason has a
 * stable code (ledger.codes.ts), the column it points at, and a Chinese message template over
 *   i.* — the document as staged (doc_id, txn_code, region_code, budget_year, doc_date, advance, amount,
 *         source_doc_id, corrects_doc_id, fund_code as given, target_region_code, first_row),
 *   r.* — the context: parent_id, p_txn, p_region, p_year, p_money_year, p_fund, p_target, fund_code
 *         (effective), upper_fund_code, upper_region_code, flag, seen, r1_year, r1_dr, r1_cr.
 */
import { yuanTextSql } from '../../warehouse/index.ts';
import { DOCUMENT_COLUMN_NAMES, LEDGER_CODES as C, lit, type LedgerCode } from './ledger.codes.ts';

interface Reason {
  code: LedgerCode;
  /** SQL giving the English key of the column (a literal, or a CASE), or null for the whole row */
  col: string | null;
  /** SQL giving the Chinese message (without the "第 N 行" prefix) */
  body: string;
}

const amount = yuanTextSql('i.amount');
const parentCol = `case when i.txn_code = 'T09' then 'corrects_doc_id' else 'source_doc_id' end`;
const parentLabel = `case when i.txn_code = 'T09' then '被更正的单据 ' else '来源单据 ' end`;
const region = (label: string, code: string, year: string): string =>
  `case when not r.flag then concat('规则6: ${label} ', ${code}, ' 不存在')
        else concat('规则6: ${label} ', ${code}, ' 在 ', ${year}, ' 年度未启用 (已撤销或尚未设立)') end`;

export const REASONS = {
  // Field checks (no source needed).
  TXN_CODE: { code: C.TXN_CODE, col: `'txn_code'`, body: `concat('交易令 ', i.txn_code, ' 无效 (应为 T01–T10)')` },
  AMOUNT_T09: {
    code: C.AMOUNT_SIGN,
    col: `'amount'`,
    body: `concat('T09 红字更正的金额必须为负数 (本单 ', ${amount}, ' 元)')`,
  },
  AMOUNT_POSITIVE: {
    code: C.AMOUNT_SIGN,
    col: `'amount'`,
    body: `concat(i.txn_code, ' 的金额必须大于 0 (本单 ', ${amount}, ' 元; 只有 T09 红字更正为负数)')`,
  },
  SOURCE_NOT_ALLOWED: {
    code: C.SOURCE_NOT_ALLOWED,
    col: `'source_doc_id'`,
    body: `concat(i.txn_code, ' 没有来源单据, 不能填写来源单据编号 ', i.source_doc_id,
                  case when i.txn_code = 'T09' then ' (被更正的单据填在 更正单据编号)' else '' end)`,
  },
  SOURCE_REQUIRED: {
    code: C.SOURCE_REQUIRED,
    col: `'source_doc_id'`,
    body: `concat(i.txn_code, ' 必须填写来源单据编号')`,
  },
  CORRECTS_REQUIRED: {
    code: C.CORRECTS_REQUIRED,
    col: `'corrects_doc_id'`,
    body: `'T09 红字更正必须填写被更正的单据编号'`,
  },
  CORRECTS_NOT_ALLOWED: {
    code: C.CORRECTS_NOT_ALLOWED,
    col: `'corrects_doc_id'`,
    body: `concat('只有 T09 红字更正填写更正单据编号, 本单是 ', i.txn_code)`,
  },
  TARGET_REQUIRED: {
    code: C.TARGET_REQUIRED,
    col: `'target_region_code'`,
    body: `concat(i.txn_code, ' 必须填写接收区划代码')`,
  },
  TARGET_NOT_ALLOWED: {
    code: C.TARGET_NOT_ALLOWED,
    col: `'target_region_code'`,
    body: `concat('只有 T05/T06 填写接收区划代码, 本单是 ', i.txn_code)`,
  },
  PROJECT_REQUIRED: { code: C.PROJECT_REQUIRED, col: `'project_code'`, body: `'T04 细化本级支出必须填写项目代码'` },
  FUND_REQUIRED: { code: C.FUND_REQUIRED, col: `'fund_code'`, body: `'T03 登记到专项资金必须填写资金代码'` },
  R8_DATE: {
    code: C.R8_DATE,
    col: `'doc_date'`,
    body: `case when i.txn_code = 'T10' then concat('规则8: 年终结转的登记日期 ', i.doc_date, ' 须在预算年度 ', i.budget_year, ' 内')
                when i.advance then concat('规则8: 登记日期 ', i.doc_date, ' 既不在预算年度 ', i.budget_year, ' 内, 也不在 ',
                                           i.budget_year - 1, ' 年第四季度 (提前下达)')
                else concat('规则8: 登记日期 ', i.doc_date, ' 不在预算年度 ', i.budget_year, ' 内 (未标记提前下达)') end`,
  },
  R6_REGION: { code: C.R6_REGION, col: `'region_code'`, body: region('区划', 'i.region_code', 'i.budget_year') },
  R6_REGION_NEXT: {
    code: C.R6_REGION,
    col: `'region_code'`,
    body: region('区划', 'i.region_code', 'i.budget_year + 1'),
  },
  R6_TARGET: {
    code: C.R6_REGION,
    col: `'target_region_code'`,
    body: region('接收区划', 'i.target_region_code', 'i.budget_year'),
  },
  TARGET_NOT_DESCENDANT: {
    code: C.TARGET_NOT_DESCENDANT,
    col: `'target_region_code'`,
    body: `concat('T05 转移下级: 接收区划 ', i.target_region_code, ' 不是区划 ', i.region_code, ' 的下级 (横向转移用 T06)')`,
  },
  TARGET_IS_DESCENDANT: {
    code: C.TARGET_IS_DESCENDANT,
    col: `'target_region_code'`,
    body: `concat('T06 横向转移: 接收区划 ', i.target_region_code, ' 是区划 ', i.region_code, ' 本身或其下级 (转移下级用 T05)')`,
  },
  FUND_UNKNOWN: {
    code: C.FUND_UNKNOWN,
    col: `'fund_code'`,
    body: `concat('资金 ', i.fund_code, ' 未在区划 ', i.region_code, ' 的专项资金中登记')`,
  },

  // Source checks (per level).
  SOURCE_REJECTED: {
    code: C.SOURCE_REJECTED,
    col: parentCol,
    body: `concat(${parentLabel}, r.parent_id, ' 被拒绝, 本单随之拒绝')`,
  },
  SOURCE_UNKNOWN: {
    code: C.SOURCE_UNKNOWN,
    col: parentCol,
    body: `concat(${parentLabel}, r.parent_id, ' 不存在 (未登记, 也不在本批中)')`,
  },
  CYCLE: {
    code: C.SOURCE_CYCLE,
    col: `'source_doc_id'`,
    body: `concat('来源单据链形成循环 (', i.doc_id, ' → ', r.parent_id, ' → …), 无法确定记账顺序')`,
  },
  R3_KIND: {
    code: C.R3_SOURCE,
    col: `'source_doc_id'`,
    body: `concat('规则3: T01 只能接收 T05/T06 下达的指标, 来源单据 ', r.parent_id, ' 是 ', r.p_txn)`,
  },
  R3_TARGET: {
    code: C.R3_SOURCE,
    col: `'source_doc_id'`,
    body: `concat('规则3: 来源单据 ', r.parent_id, ' 下达给区划 ', r.p_target, ', 不是本区划 ', i.region_code)`,
  },
  R3_YEAR: {
    code: C.R3_SOURCE,
    col: `'budget_year'`,
    body: `concat('规则3: 预算年度 ', i.budget_year, ' 与来源单据 ', r.parent_id, ' 的预算年度 ', r.p_year, ' 不一致')`,
  },
  T03_KIND: {
    code: C.SOURCE_KIND,
    col: `'source_doc_id'`,
    body: `concat('T03 的来源单据须为未登记资金的 T01/T02 (指标在 1001 总指标), ', r.parent_id, ' 是 ', r.p_txn,
                  case when r.p_fund is not null then concat(' (已登记资金 ', r.p_fund, ')') else '' end)`,
  },
  CARVE_KIND: {
    code: C.SOURCE_KIND,
    col: `'source_doc_id'`,
    body: `concat(i.txn_code, ' 的来源单据须为已登记资金的 T01/T02、T03 或 T10 (指标在 5001 待分配指标), ', r.parent_id,
                  ' 是 ', r.p_txn, case when r.p_txn in ('T01', 'T02') then ' (未登记资金)' else '' end)`,
  },
  T07_KIND: {
    code: C.SOURCE_KIND,
    col: `'source_doc_id'`,
    body: `concat('T07 支付计划的来源单据须为 T04, ', r.parent_id, ' 是 ', r.p_txn)`,
  },
  T08_KIND: {
    code: C.SOURCE_KIND,
    col: `'source_doc_id'`,
    body: `concat('T08 实际支付的来源单据须为 T07, ', r.parent_id, ' 是 ', r.p_txn)`,
  },
  CORRECTS_KIND: {
    code: C.CORRECTS_KIND,
    col: `'corrects_doc_id'`,
    body: `concat('不能更正红字更正单据 ', r.parent_id)`,
  },
  CORRECTS_MISMATCH: {
    code: C.CORRECTS_MISMATCH,
    col: `'corrects_doc_id'`,
    body: `concat('T09 的区划和预算年度须与被更正单据 ', r.parent_id, ' 相同 (', r.p_region, ' ', r.p_year, ' 年度; 本单 ',
                  i.region_code, ' ', i.budget_year, ' 年度)')`,
  },
  SOURCE_REGION: {
    code: C.SOURCE_REGION,
    col: `'source_doc_id'`,
    body: `concat('来源单据 ', r.parent_id, ' 属于区划 ', r.p_region, ', 不是本区划 ', i.region_code)`,
  },
  SOURCE_YEAR: {
    code: C.SOURCE_YEAR,
    col: `'budget_year'`,
    body: `concat('预算年度 ', i.budget_year, ' 与来源单据 ', r.parent_id, ' 的指标所在年度 ', r.p_money_year, ' 不一致')`,
  },
  FUND_MISMATCH: {
    code: C.FUND_MISMATCH,
    col: `'fund_code'`,
    body: `concat('资金 ', i.fund_code, ' 与', case when i.txn_code = 'T09' then '被更正' else '来源' end, '单据 ',
                  r.parent_id, ' 的资金 ', coalesce(r.p_fund, '(无)'), ' 不一致 (可留空以沿用)')`,
  },
  R4_DESIGNATION: {
    code: C.R4_DESIGNATION,
    col: `'fund_code'`,
    body: `concat('规则4: 资金 ', r.fund_code, ' 没有指定对应上级资金 (指定关联), 不能用于接收上级指标')`,
  },
  R3_FUND: {
    code: C.R3_FUND,
    col: `'fund_code'`,
    body: `concat('规则3: 资金 ', r.fund_code, ' 的对应上级资金是 ', coalesce(r.upper_region_code, '?'), '/',
                  r.upper_fund_code, ', 来源单据 ', r.parent_id, ' 的资金是 ', r.p_region, '/', coalesce(r.p_fund, '(无)'))`,
  },

  // Postings and amounts.
  R1: {
    code: C.R1_UNBALANCED,
    col: null,
    body: `case when r.r1_dr is null
                then concat('规则1: 交易令 ', i.txn_code, ' 没有生成任何分录 (交易令模板缺失)')
                else concat('规则1: 分录借贷不平衡 (', r.r1_year, ' 年度 借方 ', ${yuanTextSql('r.r1_dr')}, ' 元, 贷方 ',
                            ${yuanTextSql('r.r1_cr')}, ' 元), 交易令模板配置有误') end`,
  },
  R2: {
    code: C.R2_EXCEEDS_SOURCE,
    col: `'amount'`,
    body: `concat('规则2: 超出来源单据 ', r.parent_id, ' 的剩余额度 (剩余 ', ${yuanTextSql('r.seen')}, ' 元, 本单 ', ${amount}, ' 元)')`,
  },
  R2_IMPORT: {
    code: C.R2_EXCEEDS_SOURCE,
    col: `'amount'`,
    body: `concat('规则2: 超出来源单据 ', r.parent_id, ' 尚未接收的额度 (在途 ', ${yuanTextSql('r.seen')}, ' 元, 本单 ', ${amount}, ' 元)')`,
  },
  R5: {
    code: C.R5_CORRECTION,
    col: `'amount'`,
    body: `concat('规则5: 更正后单据 ', r.parent_id, ' 将低于已从它分出的金额或低于零 (最多可冲减 ', ${yuanTextSql('r.seen')},
                  ' 元, 本单 ', ${amount}, ' 元; 请先更正它的下级单据)')`,
  },

  // Rule 7.
  R7_EXISTING: {
    code: C.R7_CONFLICT,
    col: `'doc_id'`,
    body: `concat('规则7: 单据编号 ', i.doc_id, ' 已登记, 本行内容与已登记的不同 (同一编号只能重复提交相同内容)')`,
  },
  R7_BATCH: {
    code: C.R7_CONFLICT,
    col: `'doc_id'`,
    body: `concat('规则7: 单据编号 ', i.doc_id, ' 与第 ', i.first_row, ' 行重复, 内容不同')`,
  },
} as const satisfies Record<string, Reason>;

export type ReasonKey = keyof typeof REASONS;

/** SQL literal of a reason key (checked at compile time). */
export const reason = (key: ReasonKey): string => lit(key);

/** Columns of the rejection table: the document's rid, the reason, and the context the messages need. */
export const REJECTION_COLUMNS = `rid bigint, reason varchar, flag boolean, parent_id varchar, p_txn varchar,
  p_region varchar, p_year integer, p_money_year integer, p_fund varchar, p_target varchar, fund_code varchar,
  upper_fund_code varchar, upper_region_code varchar, seen bigint, r1_year integer, r1_dr bigint, r1_cr bigint`;

/** The same context columns, as selected from a level table. */
export const REJECTION_CONTEXT = `flag, parent_id, p_txn, p_region, p_year, p_money_year, p_fund, p_target, fund_code,
  upper_fund_code, upper_region_code, seen, r1_year, r1_dr, r1_cr`;

function caseOf(pick: (r: Reason) => string | null): string {
  const branches = Object.entries(REASONS as Record<string, Reason>)
    .map(([key, r]) => `when ${lit(key)} then ${pick(r) ?? 'null'}`)
    .join('\n      ');
  return `case r.reason\n      ${branches}\n    end`;
}

/** SQL (over `r` a rejection, `i` its input row): code, col and body of the message. */
export const REASON_CODE_SQL = caseOf((r) => lit(r.code));
export const REASON_COLUMN_SQL = caseOf((r) => r.col);
export const REASON_BODY_SQL = caseOf((r) => r.body);

/** The Chinese header of a column key (SQL over an expression giving the key). */
export function columnNameSql(keyExpr: string): string {
  return `case ${keyExpr} ${Object.entries(DOCUMENT_COLUMN_NAMES)
    .map(([key, name]) => `when ${lit(key)} then ${lit(name)}`)
    .join(' ')} else ${keyExpr} end`;
}
