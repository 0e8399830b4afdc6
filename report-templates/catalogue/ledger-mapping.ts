/**
 * How a report cell maps to the 总台账 (marts.general_ledger): which accounts and source types it sums, on
 * which side, and whether it is exactly those elements (`equals`), a breakdown of them by something the ledger
 * does not carry (`refines`, e.g. 下达 by the issuing level — the refinements of one partition add up to the
 * elements), detail data that should match them (`detail`, e.g. payment details against 5201), or no ledger
 * figure at all (`none`, e.g. a project's planned investment or a count of people).
 */

export const LEDGER_ACCOUNTS = ['1001', '4001', '5001', '500201', '500202', '500203', '5101', '5201'] as const;
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[number];

export const SOURCE_TYPES = ['上级转移支付', '横向转移支付', '本级安排', '上年结转'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/** normal: the account's normal-side balance (credit − debit for 4001, debit − credit for the others) */
export type LedgerSide = 'normal' | 'debit' | 'credit';
/** initial: 年初预算 postings only; adjust: the in-year rest; all: both */
export type LedgerPart = 'all' | 'initial' | 'adjust';

export interface LedgerMapping {
  relation: 'equals' | 'refines' | 'detail' | 'none';
  accounts: readonly LedgerAccount[];
  /** 4001 only; absent = every source type */
  source_types?: readonly SourceType[];
  side: LedgerSide;
  part: LedgerPart;
  /** refines: the partition this measure is one part of (its parts add up to the elements) */
  partition?: string;
  /** which region's elements: the fact's region (default) or the issuing region of a transfer */
  region?: 'row' | 'issuer';
  /** what the mapping means, in Chinese, for the designer and the docs */
  note: string;
}

export const ACCOUNT_NAMES: Record<LedgerAccount, string> = {
  '1001': '总指标',
  '4001': '本年安排收入',
  '5001': '待分配指标',
  '500201': '本级支出指标',
  '500202': '对下级转移支付指标',
  '500203': '地区间横向转移支付指标',
  '5101': '集中支付计划',
  '5201': '本级实际支付',
};

/** The accounts whose debit balances make up 可用 (ledger.md's identity, right-hand side). */
export const ARRANGEMENT_ACCOUNTS: readonly LedgerAccount[] = [
  '1001',
  '5001',
  '500201',
  '500202',
  '500203',
  '5101',
  '5201',
];

export const noLedger = (note: string): LedgerMapping => ({
  relation: 'none',
  accounts: [],
  side: 'normal',
  part: 'all',
  note,
});

/** A short Chinese description of a mapping: 4001(上级转移支付) 贷方余额. */
export function describeMapping(m: LedgerMapping): string {
  if (m.relation === 'none') return `不取自总台账: ${m.note}`;
  const types = m.source_types ? `(${m.source_types.join('、')})` : '';
  const side = { normal: '余额', debit: '借方发生额', credit: '贷方发生额' }[m.side];
  const part = { all: '', initial: '年初预算部分', adjust: '调整部分' }[m.part];
  const relation = { equals: '', refines: '按口径细分: ', detail: '明细核对: ', none: '' }[m.relation];
  return `${relation}${m.accounts.join('+')}${types} ${part}${side}`;
}
