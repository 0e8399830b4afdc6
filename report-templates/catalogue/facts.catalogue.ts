/**
 * The fixed catalogue a template may name: facts (one mart, or a mart and its fixed join), their dimensions
 * and their measures. Every identifier that reaches SQL comes from here — templates only pick names out of
 * this list, and the compiler re-checks every identifier against a strict pattern before it uses it.
 */
import { ARRANGEMENT_ACCOUNTS, noLedger, type LedgerAccount, type LedgerMapping } from './ledger-mapping.ts';
import type { SourceType } from './ledger-mapping.ts';

export const DIMENSIONS = {
  region: '地区',
  fund: '专项资金',
  subject: '科目',
  account: '会计科目',
  source_type: '来源类型',
  category: '项目类别',
  func_subject: '功能科目',
  project_status: '项目状态',
  from_region: '下达地区',
} as const;
export type DimensionKey = keyof typeof DIMENSIONS;
export const DIMENSION_KEYS = Object.keys(DIMENSIONS) as DimensionKey[];

/** An aggregate over the fact's rows: sum of a column, the normal-side sum of ledger accounts, or a count. */
/** a fixed condition of a measure (constant of this file; the value is bound) */
export interface MeasureWhere {
  column: string;
  op: '=' | '>';
  value: string | number | boolean;
}

export type MeasureExpr =
  | { agg: 'sum'; column: string; where?: MeasureWhere }
  | {
      agg: 'ledger';
      accounts: readonly LedgerAccount[];
      source_types?: readonly SourceType[];
      side: 'normal' | 'debit' | 'credit';
      part: 'all' | 'initial' | 'adjust';
    }
  | { agg: 'count_distinct'; column: string; where?: MeasureWhere };

export interface MeasureDef {
  label: string;
  format: 'amount' | 'integer';
  expr: MeasureExpr;
  ledger: LedgerMapping;
}

export interface FactDef {
  label: string;
  /** the FROM clause: a mart as `f`, optionally with a fixed join (constant text of this file) */
  from: { table: string; join?: { table: string; alias: string; on: [string, string] } };
  /** the column whose region scopes the rows (and places them on region rows) */
  region: string;
  year: string;
  dimensions: Partial<Record<Exclude<DimensionKey, 'region'>, string>>;
  measures: Record<string, MeasureDef>;
}

const ledger = (
  label: string,
  accounts: readonly LedgerAccount[],
  options: {
    source_types?: readonly SourceType[];
    side?: 'normal' | 'debit' | 'credit';
    part?: 'all' | 'initial' | 'adjust';
    note: string;
  },
): MeasureDef => {
  const side = options.side ?? 'normal';
  const part = options.part ?? 'all';
  const typed = options.source_types ? { source_types: options.source_types } : {};
  return {
    label,
    format: 'amount',
    expr: { agg: 'ledger', accounts, side, part, ...typed },
    ledger: { relation: 'equals', accounts, side, part, note: options.note, ...typed },
  };
};

const refines = (
  label: string,
  column: string,
  base: Omit<LedgerMapping, 'relation' | 'note'>,
  partition: string | undefined,
  note: string,
): MeasureDef => ({
  label,
  format: 'amount',
  expr: { agg: 'sum', column },
  ledger: { ...base, relation: 'refines', note, ...(partition ? { partition } : {}) },
});

const detail = (label: string, column: string, base: Omit<LedgerMapping, 'relation' | 'note'>, note: string) => ({
  label,
  format: 'amount' as const,
  expr: { agg: 'sum' as const, column },
  ledger: { ...base, relation: 'detail' as const, note },
});

const plain = (label: string, column: string, note: string, format: 'amount' | 'integer' = 'amount'): MeasureDef => ({
  label,
  format,
  expr: { agg: 'sum', column },
  ledger: noLedger(note),
});

const UPPER: Omit<LedgerMapping, 'relation' | 'note'> = {
  accounts: ['4001'],
  source_types: ['上级转移支付'],
  side: 'normal',
  part: 'all',
};
const SPENT: Omit<LedgerMapping, 'relation' | 'note'> = { accounts: ['500201'], side: 'debit', part: 'all' };
const PAID: Omit<LedgerMapping, 'relation' | 'note'> = { accounts: ['5201'], side: 'normal', part: 'all' };

export const FACTS: Record<string, FactDef> = {
  ledger: {
    label: '总台账',
    from: { table: 'marts.general_ledger' },
    region: 'region_code',
    year: 'budget_year',
    dimensions: { fund: 'fund_code', subject: 'subject', account: 'account_code', source_type: 'source_type' },
    measures: {
      sources: ledger('资金来源合计', ['4001'], { note: '本年安排收入 4001 贷方余额, 全部来源类型' }),
      sources_upper: ledger('上级转移支付', ['4001'], {
        source_types: ['上级转移支付'],
        note: '4001 来源类型 上级转移支付',
      }),
      sources_lateral: ledger('横向转移支付', ['4001'], {
        source_types: ['横向转移支付'],
        note: '4001 来源类型 横向转移支付',
      }),
      sources_received: ledger('上级及横向下达', ['4001'], {
        source_types: ['上级转移支付', '横向转移支付'],
        note: '4001 来源类型 上级转移支付 + 横向转移支付',
      }),
      sources_own: ledger('本级安排', ['4001'], { source_types: ['本级安排'], note: '4001 来源类型 本级安排' }),
      sources_carried: ledger('上年结转', ['4001'], { source_types: ['上年结转'], note: '4001 来源类型 上年结转' }),
      initial_budget: ledger('年初预算', ['4001'], { part: 'initial', note: '4001 年初预算文件的贷方余额' }),
      adjustments: ledger('预算调整', ['4001'], { part: 'adjust', note: '4001 年初预算以外的贷方余额' }),
      available: ledger('可用资金', ARRANGEMENT_ACCOUNTS, {
        note: '1001+5001+500201+500202+500203+5101+5201 借方余额 (= 4001 贷方余额)',
      }),
      allocated: ledger('已分配', ['500201', '500202', '500203', '5101', '5201'], {
        note: '500201+500202+500203+5101+5201 借方余额',
      }),
      undistributed: ledger('未分配', ['1001', '5001'], { note: '1001+5001 借方余额' }),
      unregistered: ledger('未登记专项资金', ['1001'], { note: '1001 借方余额' }),
      to_distribute: ledger('待分配指标', ['5001'], { note: '5001 借方余额' }),
      own_detailed: ledger('本级支出指标', ['500201'], { note: '500201 借方余额 (细化未下计划)' }),
      detailed_total: ledger('细化本级支出', ['500201'], { side: 'debit', note: '500201 借方发生额 (T04)' }),
      transferred_down: ledger('对下级转移支付', ['500202'], { note: '500202 借方余额' }),
      transferred_lateral: ledger('横向转移支付(支出)', ['500203'], { note: '500203 借方余额' }),
      planned: ledger('集中支付计划', ['5101'], { note: '5101 借方余额 (计划未支付)' }),
      paid: ledger('实际支付', ['5201'], { note: '5201 借方余额' }),
      balance: ledger('余额', ['1001', '4001', '5001', '500201', '500202', '500203', '5101', '5201'], {
        note: '该行科目的正常方向余额 (4001 贷方, 其余借方)',
      }),
    },
  },
  allocation: {
    label: '分配与支出进度',
    from: { table: 'marts.allocation_progress' },
    region: 'region_code',
    year: 'budget_year',
    dimensions: { fund: 'fund_code' },
    measures: {
      received_central: refines(
        '中央下达',
        'received_central',
        UPPER,
        'upper_by_level',
        '4001 上级转移支付中由中央下达的部分',
      ),
      received_province: refines(
        '省级下达',
        'received_province',
        UPPER,
        'upper_by_level',
        '4001 上级转移支付中由省下达的部分',
      ),
      received_city: refines('市级下达', 'received_city', UPPER, 'upper_by_level', '4001 上级转移支付中由市下达的部分'),
      received_county: refines(
        '县级下达',
        'received_county',
        UPPER,
        'upper_by_level',
        '4001 上级转移支付中由县下达的部分',
      ),
      received_other: refines(
        '其他级次下达',
        'received_other',
        UPPER,
        'upper_by_level',
        '4001 上级转移支付中由其他级次下达的部分',
      ),
      received_advance: refines(
        '其中: 提前下达',
        'received_advance',
        { accounts: ['4001'], side: 'normal', part: 'initial' },
        undefined,
        '4001 年初预算中提前下达文件的部分 (其中项, 不单独等于总台账)',
      ),
      received_lateral: {
        label: '横向转移',
        format: 'amount',
        expr: { agg: 'sum', column: 'received_lateral' },
        ledger: {
          relation: 'equals',
          accounts: ['4001'],
          source_types: ['横向转移支付'],
          side: 'normal',
          part: 'all',
          note: '4001 来源类型 横向转移支付',
        },
      },
    },
  },
  interlock: {
    label: '上下级咬合 (按接收地区)',
    from: { table: 'marts.interlock_by_region_pair' },
    region: 'to_region',
    year: 'budget_year',
    dimensions: { from_region: 'from_region' },
    measures: {
      issued: detail(
        '上级下达',
        'issued',
        { accounts: ['500202', '500203'], side: 'debit', part: 'all', region: 'issuer' },
        '下达地区 500202/500203 借方 (T05/T06), 按接收地区归集',
      ),
      imported: {
        label: '本级已接收',
        format: 'amount',
        expr: { agg: 'sum', column: 'imported' },
        ledger: {
          relation: 'equals',
          accounts: ['4001'],
          source_types: ['上级转移支付', '横向转移支付'],
          side: 'normal',
          part: 'all',
          note: '接收地区 4001 上级/横向转移支付 (T01 接收)',
        },
      },
      in_transit: plain('在途', 'in_transit', '下达未接收 = 上级下达 − 已接收'),
      transfers: plain('下达笔数', 'transfers', '转移下级/横向转移文件数', 'integer'),
      never_imported: plain('未接收笔数', 'never_imported', '未被接收的转移文件数', 'integer'),
    },
  },
  projects: {
    label: '项目实施 (项目 × 年度)',
    from: {
      table: 'marts.project_funding',
      join: { table: 'marts.project_library', alias: 'p', on: ['project_code', 'project_code'] },
    },
    region: 'region_code',
    year: 'budget_year',
    dimensions: { category: 'p.category', func_subject: 'p.func_subject', project_status: 'p.status' },
    measures: {
      projects: {
        label: '项目个数',
        format: 'integer',
        expr: { agg: 'count_distinct', column: 'project_code' },
        ledger: noLedger('项目库中当年有计划或资金的项目数'),
      },
      projects_done: {
        label: '已完工项目',
        format: 'integer',
        expr: { agg: 'count_distinct', column: 'project_code', where: { column: 'p.status', op: '=', value: '完工' } },
        ledger: noLedger('项目库状态为完工的项目数'),
      },
      planned: plain('计划投资', 'planned', '项目库计划投资 (不是总台账数)'),
      funded: {
        label: '已安排资金',
        format: 'amount',
        expr: { agg: 'sum', column: 'funded' },
        ledger: { ...SPENT, relation: 'equals', note: '500201 借方发生额 (T04 细化到项目)' },
      },
      funded_central: refines(
        '其中: 中央资金',
        'funded_central',
        SPENT,
        'funded_by_origin',
        '500201 借方中溯源为中央资金的部分',
      ),
      funded_province: refines(
        '其中: 省级资金',
        'funded_province',
        SPENT,
        'funded_by_origin',
        '500201 借方中溯源为省级资金的部分',
      ),
      funded_city: refines(
        '其中: 市级资金',
        'funded_city',
        SPENT,
        'funded_by_origin',
        '500201 借方中溯源为市级资金的部分',
      ),
      funded_county: refines(
        '其中: 县级资金',
        'funded_county',
        SPENT,
        'funded_by_origin',
        '500201 借方中溯源为县级资金的部分',
      ),
      funded_township: refines(
        '其中: 乡级资金',
        'funded_township',
        SPENT,
        'funded_by_origin',
        '500201 借方中溯源为乡级资金的部分',
      ),
      funded_own: refines(
        '其中: 本级资金',
        'funded_own',
        SPENT,
        'funded_by_origin',
        '500201 借方中溯源为本级安排的部分',
      ),
      funded_horizontal: refines(
        '其中: 横向资金',
        'funded_horizontal',
        SPENT,
        'funded_by_origin',
        '500201 借方中溯源为横向转移的部分',
      ),
      paid: {
        label: '已支付',
        format: 'amount',
        expr: { agg: 'sum', column: 'paid' },
        ledger: { ...PAID, relation: 'equals', note: '5201 借方余额 (项目的实际支付)' },
      },
      unfunded: plain('资金缺口', 'unfunded', '计划投资 − 已安排资金 (项目库)'),
    },
  },
  document_payments: {
    label: '支出文件与发放明细',
    from: { table: 'marts.document_payments' },
    region: 'region_code',
    year: 'budget_year',
    dimensions: { fund: 'fund_code' },
    measures: {
      ledger_paid: {
        label: '实际支付',
        format: 'amount',
        expr: { agg: 'sum', column: 'ledger_paid' },
        ledger: { ...PAID, relation: 'equals', note: '5201 借方余额 (支出文件的实际支付)' },
      },
      ledger_paid_detailed: {
        label: '其中: 有发放明细的文件',
        format: 'amount',
        expr: { agg: 'sum', column: 'ledger_paid', where: { column: 'payments', op: '>', value: 0 } },
        ledger: { ...PAID, relation: 'refines', note: '5201 中有到人到户发放明细的支出文件的部分 (其中项)' },
      },
      detail_paid: detail('到人到户发放金额', 'detail_paid', PAID, '发放明细的实发金额, 与 5201 核对'),
      detail_payable: plain('应发金额', 'detail_payable', '发放明细的应发金额'),
      payments: plain('发放笔数', 'payments', '发放明细笔数', 'integer'),
    },
  },
  village_payments: {
    label: '到村发放汇总',
    from: { table: 'marts.village_payments' },
    region: 'village_code',
    year: 'pay_year',
    dimensions: {},
    measures: {
      payments: plain('发放笔数', 'payments', '发放明细笔数', 'integer'),
      people_reached: plain('发放人数', 'people_reached', '收到发放的人数 (按村计, 跨村重复计)', 'integer'),
      households_reached: plain('发放户数', 'households_reached', '收到发放的户数 (按村计)', 'integer'),
      registered_people: plain('建档立卡人数', 'registered_people', '村内建档立卡人数', 'integer'),
      registered_reached: plain('建档立卡已发放人数', 'registered_reached', '建档立卡人员中收到发放的人数', 'integer'),
      paid: detail('实发金额', 'paid', PAID, '发放明细的实发金额 (按发放年度)'),
      payable: plain('应发金额', 'payable', '发放明细的应发金额'),
    },
  },
};

export interface ResolvedMeasure {
  ref: string;
  fact: string;
  factDef: FactDef;
  key: string;
  def: MeasureDef;
}

/** `fact.measure` → its definition, or undefined. */
export function resolveMeasure(ref: string): ResolvedMeasure | undefined {
  const [fact, key, ...rest] = ref.split('.');
  if (!fact || !key || rest.length > 0) return undefined;
  const factDef = Object.hasOwn(FACTS, fact) ? FACTS[fact] : undefined;
  const def = factDef && Object.hasOwn(factDef.measures, key) ? factDef.measures[key] : undefined;
  return factDef && def ? { ref, fact, factDef, key, def } : undefined;
}

export const ALL_MEASURES: string[] = Object.entries(FACTS).flatMap(([fact, f]) =>
  Object.keys(f.measures).map((m) => `${fact}.${m}`),
);

/** Whether the fact can place its rows on this dimension. */
export const factHasDimension = (fact: FactDef, dimension: string): boolean =>
  dimension === 'region' || Object.hasOwn(fact.dimensions, dimension);
