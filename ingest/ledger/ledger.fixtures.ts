/**
 * Test fixtures of the ledger: a fresh in-memory warehouse, regions and funds from plain objects, and documents
 * staged from plain objects with amounts in 元 (converted exactly to 分), so tests read like ledger.md's
 * worked example.
 */
import { Warehouse, migrate } from '../../warehouse/index.ts';
import type { RegionLevel } from '../../warehouse/schema.types.ts';
import { createDocumentStage } from './document-stage.ts';
import { postStagedDocuments, type PostResult } from './ledger.engine.ts';

export const FIXTURE_LOAD_ID = 1;

/** An in-memory warehouse, migrated. One DuckDB thread: the test files already run in parallel, and the
 * fixtures' batches are small (thread hand-offs would cost more than they save). */
export async function ledgerWarehouse(): Promise<Warehouse> {
  const wh = await Warehouse.open(':memory:', { threads: 1 });
  await migrate(wh);
  return wh;
}

export interface RegionFixture {
  code: string;
  name: string;
  level: RegionLevel;
  parent?: string | null;
  validFrom?: number;
  validTo?: number | null;
}

export async function addRegions(wh: Warehouse, regions: readonly RegionFixture[]): Promise<void> {
  await wh.append(
    'regions',
    regions.map((r, i) => [
      r.code,
      r.validFrom ?? 0,
      r.validTo ?? null,
      r.name,
      r.level,
      r.parent ?? null,
      FIXTURE_LOAD_ID,
      i + 2,
      null,
    ]),
    'raw',
  );
}

export interface FundFixture {
  region: string;
  code: string;
  name?: string;
  /** 对应上级资金 (指定关联): [upper region, upper fund] */
  upper?: readonly [string, string];
}

export async function addFunds(wh: Warehouse, funds: readonly FundFixture[]): Promise<void> {
  for (const f of funds) {
    await wh.run(
      `insert into raw.funds (region_code, fund_code, fund_name, upper_fund_code, upper_region_code, poverty,
         load_id, row_no) values ($1, $2, $3, $4, $5, true, $6, null)`,
      [f.region, f.code, f.name ?? f.code, f.upper?.[1] ?? null, f.upper?.[0] ?? null, FIXTURE_LOAD_ID],
    );
  }
}

/** 元 (number or decimal text, at most two decimals) → integer 分, exactly. */
export function fen(yuan: number | string): number {
  const text = typeof yuan === 'number' ? yuan.toFixed(2) : yuan.trim();
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) throw new Error(`金额格式错误: ${yuan}`);
  const value = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(value)) throw new Error(`金额超出范围: ${yuan}`);
  return m[1] ? -value : value;
}

/** 万元 → 元 */
export const wan = (n: number): number => n * 10_000;

export interface DocFixture {
  id: string;
  txn: string;
  region: string;
  year: number;
  /** YYYY-MM-DD; default `${year}-03-01` */
  date?: string;
  /** 元 */
  amount: number | string;
  source?: string;
  corrects?: string;
  fund?: string;
  project?: string;
  target?: string;
  advance?: boolean;
  docNo?: string;
  summary?: string;
  /** the file's row number; default seq + 1 (header = row 1) */
  rowNo?: number;
}

let stageCounter = 0;

/** Creates a stage table filled with the documents, in the given order (seq = index). */
export async function stageDocuments(wh: Warehouse, docs: readonly DocFixture[], name?: string): Promise<string> {
  const table = name ?? `fixture_stage_${++stageCounter}`;
  await createDocumentStage(wh, table);
  if (docs.length === 0) return table;
  await wh.append(
    table,
    docs.map((d, i) => [
      i,
      d.rowNo ?? i + 2,
      JSON.stringify({ ...d }),
      d.id,
      d.txn,
      d.region,
      d.year,
      d.date ?? `${d.year}-03-01`,
      d.docNo ?? null,
      null,
      d.source ?? null,
      d.corrects ?? null,
      d.fund ?? null,
      d.project ?? null,
      null,
      null,
      null,
      d.target ?? null,
      fen(d.amount),
      d.advance ?? false,
      false,
      false,
      d.summary ?? null,
      null,
    ]),
  );
  return table;
}

/** Stages and posts the documents as one batch. */
export async function postDocuments(
  wh: Warehouse,
  docs: readonly DocFixture[],
  options: { loadId?: number; recordRejects?: boolean } = {},
): Promise<PostResult> {
  const table = await stageDocuments(wh, docs);
  try {
    return await postStagedDocuments(wh, table, {
      loadId: options.loadId ?? FIXTURE_LOAD_ID,
      recordRejects: options.recordRejects,
    });
  } finally {
    await wh.run(`drop table if exists ${table}`);
  }
}

/** Balances (debit − credit, in 元) per account of one region and budget year. */
export async function balances(wh: Warehouse, region: string, year: number): Promise<Record<string, number>> {
  const rows = await wh.all<{ account_code: string; balance: number }>(
    `select account_code, sum(debit - credit)::bigint as balance from ledger.postings
     where region_code = $1 and budget_year = $2 group by account_code having sum(debit - credit) <> 0`,
    [region, year],
  );
  return Object.fromEntries(rows.map((r) => [r.account_code, r.balance / 100]));
}

/** The postings of one document as compact lines, e.g. "2020 D 1001 1000.00 F1", in posting order. */
export async function postingLines(wh: Warehouse, docId: string): Promise<string[]> {
  const rows = await wh.all<{ line: string }>(
    `select concat(budget_year, ' ', case when debit <> 0 then 'D' else 'C' end, ' ', account_code, ' ',
       printf('%.2f', (debit + credit) / 100.0), ' ', coalesce(fund_code, '-'),
       case when source_type is null then '' else concat(' ', source_type) end) as line
     from ledger.postings where doc_id = $1 order by posting_id`,
    [docId],
  );
  return rows.map((r) => r.line);
}

export async function documentCount(wh: Warehouse): Promise<number> {
  return wh.value<number>('select count(*) from ledger.documents');
}

export async function postingCount(wh: Warehouse): Promise<number> {
  return wh.value<number>('select count(*) from ledger.postings');
}

/** The small region tree of the tests: 中央 → 某省 → 2 市 → 4 县, and 东部省 (a 横向 partner). */
export const TEST_REGIONS: readonly RegionFixture[] = [
  { code: '100000', name: '中央', level: 'central' },
  { code: '520000', name: '某省', level: 'province', parent: '100000' },
  { code: '520100', name: '甲市', level: 'city', parent: '520000' },
  { code: '520200', name: '乙市', level: 'city', parent: '520000' },
  { code: '520101', name: '甲一县', level: 'county', parent: '520100' },
  { code: '520102', name: '甲二县', level: 'county', parent: '520100' },
  { code: '520201', name: '乙一县', level: 'county', parent: '520200' },
  { code: '520202', name: '乙二县', level: 'county', parent: '520200' },
  { code: '330000', name: '东部省', level: 'province', parent: '100000' },
];

/** Funds with designations along the test tree: 中央 C ← 省 P ← 甲市 M ← 甲一县 K; 甲市 also M2 (→ P), LOCAL (none). */
export const TEST_FUNDS: readonly FundFixture[] = [
  { region: '100000', code: 'C', name: '中央财政专项扶贫资金' },
  { region: '520000', code: 'P', name: '省级财政专项扶贫资金', upper: ['100000', 'C'] },
  { region: '520100', code: 'M', name: '市级财政专项扶贫资金', upper: ['520000', 'P'] },
  { region: '520100', code: 'M2', name: '以工代赈资金', upper: ['520000', 'P'] },
  { region: '520100', code: 'LOCAL', name: '市本级资金' },
  { region: '520101', code: 'K', name: '县级财政专项扶贫资金', upper: ['520100', 'M'] },
];

/**
 * 中央 → 省 → 甲市 in one budget year: ROOT{yy} (T02, fund C), TO-P{yy} (T05), PROV{yy} (T01, fund P),
 * TO-M{yy} (T05), CITY{yy} (T01, fund M), each of `amount` 元.
 */
export function chainToCity(year: number, amount: number): DocFixture[] {
  const y = String(year % 100).padStart(2, '0');
  return [
    { id: `ROOT${y}`, txn: 'T02', region: '100000', year, amount, fund: 'C' },
    { id: `TO-P${y}`, txn: 'T05', region: '100000', year, amount, source: `ROOT${y}`, target: '520000' },
    { id: `PROV${y}`, txn: 'T01', region: '520000', year, amount, source: `TO-P${y}`, fund: 'P' },
    { id: `TO-M${y}`, txn: 'T05', region: '520000', year, amount, source: `PROV${y}`, target: '520100' },
    { id: `CITY${y}`, txn: 'T01', region: '520100', year, amount, source: `TO-M${y}`, fund: 'M' },
  ];
}

/** A warehouse with the test regions and funds (and, if given, documents posted without rejection). */
export async function testLedger(docs: readonly DocFixture[] = []): Promise<Warehouse> {
  const wh = await ledgerWarehouse();
  await addRegions(wh, TEST_REGIONS);
  await addFunds(wh, TEST_FUNDS);
  if (docs.length) {
    const result = await postDocuments(wh, docs);
    if (result.rejected.length) throw new Error(`夹具单据被拒绝: ${result.rejected.map((r) => r.message).join('; ')}`);
  }
  return wh;
}
