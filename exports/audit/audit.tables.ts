/**
 * The tables of the 专员办 audit package (issue 7): for one region (and everything below it) and one budget
 * year, each table's columns (English keys, as in every export), their Chinese meaning for the data dictionary,
 * and the query that fills it, amounts in integer 分. Tables without a budget year (people, accounts, the
 * project library, alerts) are scoped by region only; the dictionary says so.
 *
 * Payments, people and accounts are read from the staging views over the loaded files (the payee's account is
 * on the payment row there), so the 30-million-row payments table is one scan without a join.
 */
import type { ExportColumn, ColumnType, ExportFormat } from '../export.kinds.ts';
import { QueryParams, inRegion, type ExportQuery } from '../export-scope.ts';
import { interlockQuery } from '../interlock.query.ts';
import { ledgerQuery } from '../ledger.query.ts';
import { traceQuery } from '../trace.query.ts';

export interface AuditColumn extends ExportColumn {
  /** 中文含义 (data dictionary) */
  zh: string;
}

export interface AuditScope {
  /** region code: the region and everything below it */
  region: string;
  /** budget year */
  year: number;
}

export interface AuditTable {
  /** file stem: `<name>.csv`, `<name>.xlsx`, `<name>.parquet` */
  name: string;
  title: string;
  /** one row per … (Chinese) */
  grain: string;
  /** how the scope applies (Chinese) */
  scopeNote: string;
  columns: readonly AuditColumn[];
  /**
   * The table's rows in file order; `ordered` false drops the ORDER BY for a count or a sum (DuckDB still sorts
   * an ordered subquery under count(*): about 1 s each for the province's people and accounts)
   */
  query: (scope: AuditScope, ordered?: boolean) => ExportQuery;
  /** formats written (default all three); the chain file is for verification only */
  formats?: readonly ExportFormat[];
  /** the marts the table reads (they must be built) */
  marts?: readonly string[];
}

const col =
  (type: ColumnType) =>
  (name: string, zh: string): AuditColumn => ({ name, type, zh });
const t = col('text');
const i = col('integer');
const d = col('date');
const a = col('amount');

/** The ORDER BY of a table's query, or nothing when only its count or sums are wanted. */
function orderBy(ordered: boolean, clause: string): string {
  return ordered ? `order by ${clause}` : '';
}

const REGION_YEAR = '区划及其下级, 该预算年度';
const REGION_ONLY = '区划及其下级 (无预算年度, 不按年度筛选)';

/** The journal with prev_hash: every row can be re-hashed on its own (ingest/ledger/HASH-CHAIN.md). */
function journalQuery(scope: AuditScope, ordered = true): ExportQuery {
  const p = new QueryParams();
  const sql = `
    select p.posting_id, p.doc_id, p.txn_code, p.region_code, p.budget_year, p.doc_date, p.fund_code,
      p.account_code, p.debit, p.credit, p.source_type, p.project_code, p.target_region_code,
      p.source_doc_id, p.corrects_doc_id, p.prev_hash, p.hash
    from ledger.postings as p
    where ${inRegion('p.region_code', p.add(scope.region))} and p.budget_year = ${p.add(scope.year)}
    ${orderBy(ordered, 'p.posting_id')}`;
  return { sql, params: p.values };
}

/** The whole chain's hashes (no content): lets verify-extract see a removed row and tie the rows to the head. */
function chainQuery(scope: AuditScope, ordered = true): ExportQuery {
  const p = new QueryParams();
  const sql = `
    select p.posting_id, p.hash,
      (${inRegion('p.region_code', p.add(scope.region))} and p.budget_year = ${p.add(scope.year)})::varchar as in_scope
    from ledger.postings as p
    ${orderBy(ordered, 'p.posting_id')}`;
  return { sql, params: p.values };
}

function alertsQuery(scope: AuditScope, ordered = true): ExportQuery {
  const p = new QueryParams();
  const sql = `
    select al.alert_id, al.rule_code, al.title, al.level, al.category, al.region_code, al.subject_type,
      al.subject_id, al.amount, al.detail, al.status,
      strftime(al.detected_at, '%Y-%m-%dT%H:%M:%SZ') as detected_at,
      strftime(al.updated_at, '%Y-%m-%dT%H:%M:%SZ') as updated_at
    from monitoring.alerts as al
    where ${inRegion('al.region_code', p.add(scope.region))}
    ${orderBy(ordered, 'al.alert_id')}`;
  return { sql, params: p.values };
}

function alertEventsQuery(scope: AuditScope, ordered = true): ExportQuery {
  const p = new QueryParams();
  const sql = `
    select e.event_id, e.alert_id, e.action, e.from_status, e.to_status, e.actor, e.comment, e.amount, e.detail,
      strftime(e.event_at, '%Y-%m-%dT%H:%M:%SZ') as event_at
    from monitoring.alert_events as e
    where e.alert_id in (select al.alert_id from monitoring.alerts as al
                         where ${inRegion('al.region_code', p.add(scope.region))})
    ${orderBy(ordered, 'e.alert_id, e.event_id')}`;
  return { sql, params: p.values };
}

function paymentsQuery(scope: AuditScope): ExportQuery {
  const p = new QueryParams();
  const sql = `
    select s.payment_id, s.pay_month, s.doc_id, s.doc_no, s.project_code, s.person_id, s.name, s.village_code,
      s.payable, s.paid, s.account_no, s.bank, s.unit
    from staging.stg_raw__payments as s
    where ${inRegion('s.village_code', p.add(scope.region))} and s.pay_year = ${p.add(scope.year)}`;
  return { sql, params: p.values };
}

function peopleQuery(scope: AuditScope, ordered = true): ExportQuery {
  const p = new QueryParams();
  const sql = `
    select b.person_id, b.name, b.household_id, b.village_code, b.registered::varchar as registered, b.status,
      b.status_date
    from staging.stg_raw__beneficiaries as b
    where ${inRegion('b.village_code', p.add(scope.region))}
    ${orderBy(ordered, 'b.village_code, b.household_id, b.person_id')}`;
  return { sql, params: p.values };
}

function accountsQuery(scope: AuditScope, ordered = true): ExportQuery {
  const p = new QueryParams();
  const sql = `
    select c.account_no, c.holder_name, c.holder_id, c.bank, c.kind, c.region_code
    from staging.stg_raw__accounts as c
    where ${inRegion('c.region_code', p.add(scope.region))}
    ${orderBy(ordered, 'c.region_code, c.account_no')}`;
  return { sql, params: p.values };
}

function projectsQuery(scope: AuditScope, ordered = true): ExportQuery {
  const p = new QueryParams();
  const sql = `
    select l.project_code, l.project_name, l.region_code, l.department, l.category, l.func_subject, l.status,
      l.start_year, l.end_year, l.parent_project_code, l.applied_to_region, l.planned, l.funded, l.paid,
      f.funded as funded_in_year, f.paid as paid_in_year
    from marts.project_library as l
    left join marts.project_funding as f
      on f.project_code = l.project_code and f.region_code = l.region_code and f.budget_year = ${p.add(scope.year)}
    where ${inRegion('l.region_code', p.add(scope.region))}
    ${orderBy(ordered, 'l.region_code, l.project_code')}`;
  return { sql, params: p.values };
}

const JOURNAL_COLUMNS: readonly AuditColumn[] = [
  i('posting_id', '分录号 (哈希链顺序, 1, 2, 3 …)'),
  t('doc_id', '指标业务单号'),
  t('txn_code', '交易令 (T01–T10)'),
  t('region_code', '登记区划代码'),
  i('budget_year', '预算年度'),
  d('doc_date', '单据日期'),
  t('fund_code', '专项资金代码'),
  t('account_code', '科目代码'),
  a('debit', '借方金额 (元; 红字为负)'),
  a('credit', '贷方金额 (元; 红字为负)'),
  t('source_type', '资金来源类型 (4001 科目)'),
  t('project_code', '项目代码'),
  t('target_region_code', '转移目标区划'),
  t('source_doc_id', '来源单据号'),
  t('corrects_doc_id', '更正的单据号 (T09)'),
  t('prev_hash', '上一分录的哈希 (第一笔为 64 个 0)'),
  t('hash', '本分录哈希 = SHA-256(prev_hash | 规范内容)'),
];

export const AUDIT_TABLES: readonly AuditTable[] = [
  {
    name: 'journal',
    title: '序时账',
    grain: '每笔分录一行',
    scopeNote: REGION_YEAR,
    columns: JOURNAL_COLUMNS,
    query: journalQuery,
  },
  {
    name: 'ledger',
    title: '总台账',
    grain: '每 (预算年度, 区划, 专项资金, 科目) 一行',
    scopeNote: REGION_YEAR,
    marts: ['marts.general_ledger'],
    columns: [
      i('budget_year', '预算年度'),
      t('region_code', '区划代码'),
      t('fund_code', '专项资金代码'),
      t('account_code', '科目代码'),
      t('account_name', '科目名称'),
      a('debit', '借方发生额 (元)'),
      a('credit', '贷方发生额 (元)'),
      a('balance', '余额 = 借方 − 贷方 (元)'),
    ],
    query: ledgerQuery,
  },
  {
    name: 'trace',
    title: '追溯',
    grain: '每张单据一行, 按单据树排列',
    scopeNote: REGION_YEAR,
    marts: ['marts.document_trace'],
    columns: [
      t('doc_id', '单据号'),
      t('parent_doc_id', '上级 (来源) 单据号'),
      t('root_doc_id', '根单据号 (T02 本级安排)'),
      t('root_region', '根单据区划'),
      t('region_code', '区划代码'),
      t('fund_code', '专项资金代码'),
      t('txn_code', '交易令'),
      a('amount', '金额 (元)'),
      a('carved', '已下拨/细化 (元)'),
      a('remaining', '剩余 (元)'),
      i('depth', '在单据树中的层级'),
    ],
    query: traceQuery,
  },
  {
    name: 'interlock',
    title: '咬合',
    grain: '每张 T05/T06 转移单据一行',
    scopeNote: '任一端在区划及其下级, 该预算年度',
    marts: ['marts.interlock'],
    columns: [
      t('doc_id', '转移单据号'),
      t('from_region', '下达区划'),
      t('to_region', '接收区划'),
      i('budget_year', '预算年度'),
      a('issued', '下达金额 (元)'),
      a('imported', '已接收金额 (元)'),
      a('in_transit', '在途金额 (元)'),
      d('issued_date', '下达日期'),
      d('first_import_date', '首次接收日期'),
    ],
    query: interlockQuery,
  },
  {
    name: 'alerts',
    title: '告警',
    grain: '每条告警一行',
    scopeNote: REGION_ONLY,
    columns: [
      i('alert_id', '告警编号'),
      t('rule_code', '规则代码'),
      t('title', '规则名称'),
      t('level', '级别 (red 红, orange 橙, yellow 黄, blue 蓝)'),
      t('category', '类别'),
      t('region_code', '区划代码'),
      t('subject_type', '对象类型'),
      t('subject_id', '对象编号'),
      a('amount', '涉及金额 (元)'),
      t('detail', '说明'),
      t('status', '处理状态 (待核实, 已说明, 已办结, 已消除)'),
      t('detected_at', '首次发现时间 (UTC)'),
      t('updated_at', '最近处理时间 (UTC)'),
    ],
    query: alertsQuery,
  },
  {
    name: 'alert_events',
    title: '告警处理记录',
    grain: '每个处理步骤一行 (发现, 说明, 办结, 退回, 消除, 重新出现)',
    scopeNote: '上表告警的全部处理记录',
    columns: [
      i('event_id', '记录编号'),
      i('alert_id', '告警编号'),
      t('action', '动作'),
      t('from_status', '原状态'),
      t('to_status', '新状态'),
      t('actor', '处理人 (系统 = 监控引擎)'),
      t('comment', '意见'),
      a('amount', '当时金额 (元)'),
      t('detail', '当时说明'),
      t('event_at', '时间 (UTC)'),
    ],
    query: alertEventsQuery,
  },
  {
    name: 'payments',
    title: '发放明细',
    grain: '每笔到人到户发放一行',
    scopeNote: '村在区划及其下级, 发放月份属于该年度',
    columns: [
      t('payment_id', '发放编号'),
      t('pay_month', '发放月份 (YYYY-MM)'),
      t('doc_id', '支付单据号 (T08)'),
      t('doc_no', '文号'),
      t('project_code', '项目代码'),
      t('person_id', '身份证号 (未脱敏)'),
      t('name', '姓名'),
      t('village_code', '村代码'),
      a('payable', '应发金额 (元)'),
      a('paid', '实发金额 (元)'),
      t('account_no', '收款账号 (未脱敏)'),
      t('bank', '开户银行'),
      t('unit', '发放对象 (人 / 户)'),
    ],
    query: paymentsQuery,
  },
  {
    name: 'people',
    title: '建档立卡贫困人员',
    grain: '每人一行',
    scopeNote: '村在区划及其下级 (不按年度筛选)',
    columns: [
      t('person_id', '身份证号 (未脱敏)'),
      t('name', '姓名'),
      t('household_id', '户编号'),
      t('village_code', '村代码'),
      t('registered', '是否建档立卡 (true / false)'),
      t('status', '状态'),
      d('status_date', '状态日期'),
    ],
    query: peopleQuery,
  },
  {
    name: 'accounts',
    title: '账户信息',
    grain: '每个收款账户一行',
    scopeNote: REGION_ONLY,
    columns: [
      t('account_no', '账号 (未脱敏)'),
      t('holder_name', '户名'),
      t('holder_id', '户主身份证号 (未脱敏)'),
      t('bank', '开户银行'),
      t('kind', '账户类型'),
      t('region_code', '区划代码'),
    ],
    query: accountsQuery,
  },
  {
    name: 'projects',
    title: '项目库',
    grain: '每个项目一行',
    scopeNote: '项目所在区划及其下级; 累计数跨年度, funded_in_year / paid_in_year 为该年度',
    marts: ['marts.project_library', 'marts.project_funding'],
    columns: [
      t('project_code', '项目代码'),
      t('project_name', '项目名称'),
      t('region_code', '区划代码'),
      t('department', '主管部门'),
      t('category', '项目类别'),
      t('func_subject', '功能科目'),
      t('status', '项目状态'),
      i('start_year', '起始年度'),
      i('end_year', '结束年度'),
      t('parent_project_code', '上级项目'),
      t('applied_to_region', '实施区划'),
      a('planned', '计划金额 (元)'),
      a('funded', '累计安排 (元)'),
      a('paid', '累计支付 (元)'),
      a('funded_in_year', '该年度安排 (元)'),
      a('paid_in_year', '该年度支付 (元)'),
    ],
    query: projectsQuery,
  },
  {
    name: 'chain',
    title: '哈希链 (核验用)',
    grain: '序时账的每笔分录一行 (全部区划, 只有编号和哈希, 不含内容)',
    scopeNote: 'in_scope 标明该分录是否应出现在本包的序时账中',
    formats: ['csv'],
    columns: [i('posting_id', '分录号'), t('hash', '分录哈希'), t('in_scope', '是否属于本包范围 (true / false)')],
    query: chainQuery,
  },
];

/** The marts the package reads (`fundtrail build` makes them). */
export const AUDIT_MARTS: readonly string[] = [...new Set(AUDIT_TABLES.flatMap((tb) => tb.marts ?? []))];
