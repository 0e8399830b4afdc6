/**
 * The demo's budget plan in JavaScript: the documents to post (drafts of stage rows), the projects of the
 * library and the ground truth of the injected anomalies. Amounts are integer 分, dates 'YYYY-MM-DD'.
 */
import type { TxnCode } from '../../warehouse/schema.types.ts';
import type { ChainKey, ProgramDef } from './fund.catalog.ts';
import type { CountyNode } from './region-tree.generator.ts';
import type { ProjectKind } from './project.catalog.ts';

/** Where a county's money for an item comes from. */
export type Batch =
  | 'adv' // 提前下达 transfer chain from 中央 (Q4 of the year before)
  | 'b2' // the budget year's second transfer batch from 中央
  | 'pm' // 省级配套 (province T02 → T05 down)
  | 'cm' // 市级配套 (city T02 → T05 down)
  | 'own' // 县级配套 (county T02)
  | 'carry' // 上年结转 (a T10 of last year's county T02)
  | 'late' // a county T02 late in the year (the P09 case)
  | 'dx'; // 东西部协作 (eastern T02 → T06 → county T01 without fund → T03)

export interface DocDraft {
  docId: string;
  txn: TxnCode;
  region: string;
  year: number;
  date: string;
  docNo: string | null;
  supDocNo: string | null;
  source: string | null;
  corrects: string | null;
  /** only T01/T02/T03 name their fund; the others inherit it from the source */
  fund: string | null;
  projectCode: string | null;
  projectName: string | null;
  funcSubject: string | null;
  econSubject: string | null;
  target: string | null;
  amount: number;
  advance: boolean;
  forPoor: boolean;
  summary: string | null;
  /** posting batch: 1 main, 2 red corrections (T09), 3 what the corrections freed */
  stage: 1 | 2 | 3;
  /** 文号: issuer (机关代字 prefix) and department mark; documents of one noGroup share one number */
  issuer: string;
  mark: string;
  noGroup: string | null;
  /** T07/T08/T10 cite the 文号 of this document instead of getting their own */
  docNoFrom: string | null;
  /** a number reserved in advance (the program T04s that payments already cite) */
  reservedNo: number | null;
}

export interface ProjectRef {
  code: string;
  name: string;
  kind: ProjectKind;
  region: string;
  startYear: number;
  endYear: number;
  parent: string | null;
  appliedTo: string | null;
}

export interface Item {
  key: string;
  /** the region that spends it (a county; the province and cities for their own 配套 projects) */
  region: string;
  regionName: string;
  /** 机关代字 of the region's 文号 */
  issuer: string;
  county: CountyNode | null;
  /** the city above (or of) the spending region; null for the province */
  city: string | null;
  year: number;
  chain: ChainKey;
  /** the county fund that receives it */
  fund: string;
  batch: Batch;
  amount: number;
  program: ProgramDef | null;
  /** paid detail per month (index 1–12) for program items */
  monthly: number[];
  project: ProjectRef;
  /** the injected anomaly or correction this item carries (one at most) */
  mark: ItemMark | null;
}

export type ItemMark =
  | { kind: 'M05'; delta: number }
  | { kind: 'P10'; delta: number }
  | { kind: 'M06'; funcSubject: string; econSubject: string; note: string }
  | { kind: 'DQ11' | 'DQ12' | 'DQ13' | 'DQ14' }
  | { kind: 'M03_IDLE_T04' }
  | { kind: 'P09' }
  | { kind: 'T09_T04'; cut: number }
  | { kind: 'T09_T08' };

export interface TruthRow {
  rule: string;
  type: 'document' | 'transfer' | 'payment' | 'person' | 'account' | 'region' | 'fund';
  id: string;
  note: string;
}

/** Add days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const maxDate = (a: string, b: string): string => (a > b ? a : b);
export const minDate = (a: string, b: string): string => (a < b ? a : b);

export const ymd = (y: number, m: number, d: number): string =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** Splits an amount into n positive parts in whole 百元 (the last part takes the rest). */
export function splitAmount(total: number, n: number): number[] {
  if (n <= 1 || total < n * 20_000) return [total];
  const unit = 10_000;
  const base = Math.floor(total / n / unit) * unit;
  const parts = Array.from({ length: n - 1 }, () => base);
  parts.push(total - base * (n - 1));
  return parts;
}

/** 万元 → 分, in whole 百元. */
export const wanToFen = (wan: number): number => Math.round(wan * 100) * 10_000;
