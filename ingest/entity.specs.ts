/**
 * The nine interchange entities of interchange.md as data. `required` marks what a file cannot do without
 * (the column must be in the header and filled in every row); everything else is optional.
 * Regions have a second layout (the public history file) in regions/areacodes-history.spec.ts.
 */
import type { ColumnSpec, ColumnType, EntityName, EntitySpec } from './entity-spec.types.ts';

const text: ColumnType = { kind: 'text' };
const region: ColumnType = { kind: 'region' };
const int: ColumnType = { kind: 'int' };
const money: ColumnType = { kind: 'money' };
const date: ColumnType = { kind: 'date' };
const flag = (fallback: boolean): ColumnType => ({ kind: 'flag', fallback });
const oneOf = (...values: string[]): ColumnType => ({
  kind: 'enum',
  values: Object.fromEntries(values.map((v) => [v, v])),
});
const mapped = (values: Record<string, string>): ColumnType => ({ kind: 'enum', values });

const col = (key: string, zh: string, type: ColumnType, more: Partial<ColumnSpec> = {}): ColumnSpec => ({
  key,
  zh,
  type,
  ...more,
});
const req = { required: true } as const;

export const REGION_LEVELS = mapped({
  central: 'central',
  province: 'province',
  city: 'city',
  county: 'county',
  township: 'township',
  village: 'village',
  中央: 'central',
  省: 'province',
  市: 'city',
  县: 'county',
  乡: 'township',
  村: 'village',
  省级: 'province',
  地级: 'city',
  县级: 'county',
  乡级: 'township',
  村级: 'village',
});

const yearsInOrder = (from: string, to: string, column: string) => ({
  code: 'E_YEAR_RANGE' as const,
  column,
  when: `${to} <= ${from}`,
  detail: `${from}::varchar`,
});

export const regionsSpec: EntitySpec = {
  entity: 'regions',
  zh: '区划',
  target: 'raw.regions',
  key: ['code', 'valid_from'],
  onChange: 'replace',
  layout: 'standard',
  columns: [
    col('code', '区划代码', { kind: 'region-code' }, req),
    col('name', '区划名称', text, req),
    col('level', '级次', REGION_LEVELS),
    col('parent_code', '上级区划代码', { kind: 'region-code' }),
    col('valid_from', '启用年份', int),
    col('valid_to', '停用年份', int),
    // The statistical-code files (国家统计局): parent codes per level, 2/4 digits right-padded to 6.
    col('province_code', '省级代码', { kind: 'region-code' }, { aliases: ['provinceCode'] }),
    col('city_code', '地级代码', { kind: 'region-code' }, { aliases: ['cityCode'] }),
    col('area_code', '县级代码', { kind: 'region-code' }, { aliases: ['areaCode'] }),
    col('street_code', '乡级代码', { kind: 'region-code' }, { aliases: ['streetCode'] }),
  ],
  rules: [yearsInOrder('valid_from', 'valid_to + 1', 'valid_to')],
};

export const regionChangesSpec: EntitySpec = {
  entity: 'region-changes',
  zh: '区划调整',
  target: 'raw.region_changes',
  key: ['old_code', 'new_code', 'year'],
  onChange: 'replace',
  columns: [
    col('old_code', '原区划代码', { kind: 'region-code' }, req),
    col('new_code', '新区划代码', { kind: 'region-code' }, req),
    col('year', '调整年份', int, req),
    col(
      'kind',
      '调整类型',
      mapped({
        merge: 'merge',
        split: 'split',
        rename: 'rename',
        recode: 'recode',
        合并: 'merge',
        拆分: 'split',
        更名: 'rename',
        变更代码: 'recode',
      }),
      req,
    ),
    col('share', '分摊比例', { kind: 'share' }),
  ],
};

export const fundsSpec: EntitySpec = {
  entity: 'funds',
  zh: '专项资金',
  target: 'raw.funds',
  key: ['region_code', 'fund_code'],
  onChange: 'replace',
  columns: [
    col('fund_code', '资金代码', text, req),
    col('fund_name', '资金名称', text, req),
    col('region_code', '区划代码', region, req),
    col('upper_fund_code', '对应上级资金代码', text),
    col('upper_region_code', '上级资金区划代码', region),
    col('poverty', '是否扶贫', flag(false)),
    col('to_individuals', '补助到人', flag(false)),
    col('start_year', '起始年度', int),
    col('end_year', '终止年度', int),
  ],
  rules: [yearsInOrder('start_year', 'end_year + 1', 'end_year')],
  changeRejectedWhen: {
    code: 'E_FUND_DESIGNATION_CONFLICT',
    column: 'upper_fund_code',
    when: `o.upper_fund_code is not null
      and (n.upper_fund_code is distinct from o.upper_fund_code
        or n.upper_region_code is distinct from o.upper_region_code)`,
    detail: `o.upper_region_code || '/' || o.upper_fund_code`,
  },
};

export const indicatorsSpec: EntitySpec = {
  entity: 'indicators',
  zh: '指标',
  target: 'ledger',
  key: ['doc_id'],
  onChange: 'reject',
  columns: [
    col('doc_id', '单据编号', text, req),
    col('txn_code', '交易令', oneOf('T01', 'T02', 'T03', 'T04', 'T05', 'T06', 'T07', 'T08', 'T09', 'T10'), req),
    col('region_code', '区划代码', text, req),
    col('budget_year', '预算年度', int, req),
    col('doc_date', '登记日期', date, req),
    col('doc_no', '指标文号', text),
    col('sup_doc_no', '上级指标文号', text),
    col('source_doc_id', '来源单据编号', text),
    col('corrects_doc_id', '更正单据编号', text),
    col('fund_code', '资金代码', text),
    col('project_code', '项目代码', text),
    col('project_name', '项目名称', text),
    col('func_subject', '功能分类科目', text),
    col('econ_subject', '经济分类科目', text),
    col('target_region_code', '接收区划代码', text),
    col('amount', '金额', { kind: 'money', signed: true }, req),
    col('advance', '提前下达', flag(false)),
    col('for_poor', '全部用于贫困人员', flag(false)),
    col('direct', '直达资金', flag(false)),
    col('summary', '摘要', text),
  ],
  rules: [
    // Negative amounts are for red corrections only (ledger.md); the engine checks the sign of T09 again.
    { code: 'E_AMOUNT_NEGATIVE', column: 'amount', when: `amount < 0 and txn_code <> 'T09'` },
    { code: 'E_AMOUNT_T09_SIGN', column: 'amount', when: `amount >= 0 and txn_code = 'T09'` },
  ],
};

export const projectsSpec: EntitySpec = {
  entity: 'projects',
  zh: '项目',
  target: 'raw.projects',
  key: ['project_code'],
  onChange: 'replace',
  columns: [
    col('project_code', '项目代码', text, req),
    col('project_name', '项目名称', text),
    col('region_code', '区划代码', region, req),
    col('department', '主管部门', text),
    col('category', '项目类别', text),
    col('func_subject', '功能分类科目', text),
    col('start_year', '起始年度', int),
    col('end_year', '终止年度', int),
    col('planned_amount', '计划投资', money),
    col('parent_project_code', '上级项目代码', text),
    col('applied_to_region', '申报区划代码', region),
    col('status', '项目状态', oneOf('储备', '实施', '完工', '终止')),
  ],
  rules: [yearsInOrder('start_year', 'end_year + 1', 'end_year')],
};

export const beneficiariesSpec: EntitySpec = {
  entity: 'beneficiaries',
  zh: '贫困人员',
  target: 'raw.beneficiaries',
  key: ['person_id'],
  onChange: 'replace',
  columns: [
    // The ID's check digit is monitoring's business (rule P02), not a reason to refuse the row.
    col('person_id', '证件号码', text, req),
    col('name', '姓名', text, req),
    col('household_id', '户编号', text),
    col('village_code', '村编码', region),
    col('registered', '建档立卡', flag(true)),
    col('status', '状态', oneOf('未脱贫', '已脱贫', '死亡', '迁出')),
    col('status_date', '状态日期', date),
  ],
};

export const paymentsSpec: EntitySpec = {
  entity: 'payments',
  zh: '发放明细',
  target: 'raw.payments',
  key: ['payment_id'],
  onChange: 'reject',
  columns: [
    col('payment_id', '发放编号', text, req),
    col('doc_id', '单据编号', { kind: 'document' }, req),
    col('doc_no', '指标文号', text),
    col('sup_doc_no', '上级指标文号', text),
    col('project_code', '项目代码', text),
    col('person_id', '证件号码', text, req),
    col('name', '姓名', text),
    col('village_code', '村编码', region),
    col('pay_month', '发放月份', { kind: 'month' }, req),
    col('payable', '应发金额', money, req),
    col('paid', '实发金额', money, req),
    col('account_no', '收款账号', text),
    col('bank', '开户行', text),
    col('unit', '按户/按人', oneOf('户', '人')),
  ],
};

export const accountsSpec: EntitySpec = {
  entity: 'accounts',
  zh: '账户',
  target: 'raw.accounts',
  key: ['account_no'],
  onChange: 'replace',
  columns: [
    col('account_no', '账号', text, req),
    col('holder_name', '户名', text),
    col('holder_id', '户主证件号码', text),
    col('bank', '开户行', text),
    col('kind', '账户类型', oneOf('个人', '单位', '财政专户', '实有资金账户')),
    col('region_code', '区划代码', region),
  ],
};

export const officialsSpec: EntitySpec = {
  entity: 'officials',
  zh: '财政供养人员',
  target: 'raw.officials',
  key: ['person_id'],
  onChange: 'replace',
  columns: [
    col('person_id', '证件号码', text, req),
    col('name', '姓名', text, req),
    col('employer', '工作单位', text),
    col('region_code', '区划代码', region),
  ],
};

export const ENTITY_SPECS: Readonly<Record<EntityName, EntitySpec>> = {
  regions: regionsSpec,
  'region-changes': regionChangesSpec,
  funds: fundsSpec,
  indicators: indicatorsSpec,
  projects: projectsSpec,
  beneficiaries: beneficiariesSpec,
  payments: paymentsSpec,
  accounts: accountsSpec,
  officials: officialsSpec,
};
