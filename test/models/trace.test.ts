/**
 * The document tree and the origin composition (marts.document_trace, marts.origin_composition), built by the
 * real runner over documents posted through the real ledger engine: ledger.md's worked example (fund M at 某市
 * traced to 中央 1000万 + 省级配套 500万), a 横向 (东西部协作) transfer, a red correction (T09) and a year-end
 * carry-over (T10) inside a tree, and the trace export giving exactly the mart's rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels, type BuildResult } from '../../models/index.ts';
import { traceQuery } from '../../exports/trace.query.ts';
import {
  TEST_FUNDS,
  addFunds,
  addRegions,
  TEST_REGIONS,
  ledgerWarehouse,
  postDocuments,
  wan,
  type DocFixture,
} from '../../ingest/ledger/ledger.fixtures.ts';
import { carryOverYear } from '../../ingest/ledger/year-end.carry-over.ts';
import type { Warehouse } from '../../warehouse/index.ts';

/** 万元 → 分 */
const w = (n: number): number => wan(n) * 100;

// ledger.md, "Worked example": 中央 100000, 某省 520000, 某市 (甲市) 520100.
const WORKED_EXAMPLE: DocFixture[] = [
  { id: 'S1', txn: 'T02', region: '100000', year: 2020, amount: wan(1000), fund: 'C' },
  { id: 'S2', txn: 'T05', region: '100000', year: 2020, amount: wan(1000), source: 'S1', target: '520000' },
  { id: 'S3', txn: 'T01', region: '520000', year: 2020, amount: wan(1000), source: 'S2', fund: 'P' },
  { id: 'S4', txn: 'T02', region: '520000', year: 2020, amount: wan(500), fund: 'P', summary: '省级配套' },
  { id: 'S5a', txn: 'T05', region: '520000', year: 2020, amount: wan(1000), source: 'S3', target: '520100' },
  { id: 'S5b', txn: 'T05', region: '520000', year: 2020, amount: wan(500), source: 'S4', target: '520100' },
  { id: 'S6a', txn: 'T01', region: '520100', year: 2020, amount: wan(1000), source: 'S5a', fund: 'M' },
  { id: 'S6b', txn: 'T01', region: '520100', year: 2020, amount: wan(500), source: 'S5b', fund: 'M' },
];

// 东西部协作: 东部省 (330000, not an ancestor of 甲一县) arranges 200万 and transfers it 横向 to 甲一县, which
// imports it without a fund (1001) and registers it into its fund K (T03).
const HORIZONTAL: DocFixture[] = [
  { id: 'E1', txn: 'T02', region: '330000', year: 2020, amount: wan(200), fund: 'E' },
  { id: 'E2', txn: 'T06', region: '330000', year: 2020, amount: wan(200), source: 'E1', target: '520101' },
  { id: 'E3', txn: 'T01', region: '520101', year: 2020, amount: wan(200), source: 'E2' },
  { id: 'E4', txn: 'T03', region: '520101', year: 2020, amount: wan(200), source: 'E3', fund: 'K' },
];

// 甲市 details 600万 of S6a to a project, then corrects it by −100万 (T09).
const CORRECTED: DocFixture[] = [
  { id: 'PRJ', txn: 'T04', region: '520100', year: 2020, amount: wan(600), source: 'S6a', project: 'XM-1' },
  { id: 'RED', txn: 'T09', region: '520100', year: 2020, amount: -wan(100), corrects: 'PRJ', date: '2020-06-01' },
];

type TraceRow = {
  doc_id: string;
  parent_doc_id: string | null;
  root_doc_id: string;
  root_region: string;
  txn_code: string;
  depth: number;
  origin_kind: string;
  carved: number;
  remaining: number;
  is_leaf: boolean;
};

type CompositionRow = {
  budget_year: number;
  region_code: string;
  fund_code: string | null;
  origin_kind: string;
  amount: number;
  carried_over: number;
};

async function post(wh: Warehouse, docs: readonly DocFixture[]): Promise<void> {
  const result = await postDocuments(wh, docs);
  expect(result.rejected).toEqual([]);
}

let wh: Warehouse;
let built: BuildResult;

beforeAll(async () => {
  wh = await ledgerWarehouse();
  await addRegions(wh, TEST_REGIONS);
  await addFunds(wh, [...TEST_FUNDS, { region: '330000', code: 'E', name: '东西部协作资金' }]);
  await post(wh, [...WORKED_EXAMPLE, ...HORIZONTAL]);
  await post(wh, CORRECTED);
  // 年终结转 2020: S6a's 500万 (600 − 100 detailed), S6b's 500万 and E4's 200万 carried into 2021 (T10s).
  expect((await carryOverYear(wh, 2020, { loadId: 2 })).rejected).toEqual([]);
  await post(wh, [
    {
      id: 'PRJ21',
      txn: 'T04',
      region: '520100',
      year: 2021,
      amount: wan(300),
      source: 'JZ2020-S6a-1',
      project: 'XM-2',
    },
  ]);
  // staging.*: the yml tests also read staging models the marts themselves do not
  built = await buildModels(wh, { select: ['staging.*', '+marts.document_trace', '+marts.origin_composition'] });
});

afterAll(() => wh.closeAll());

async function trace(...ids: string[]): Promise<TraceRow[]> {
  return wh.all<TraceRow>(
    `select doc_id, parent_doc_id, root_doc_id, root_region, txn_code, depth, origin_kind, carved, remaining, is_leaf
     from marts.document_trace where list_contains($1::varchar[], doc_id) order by sort_path`,
    [`[${ids.join(',')}]`],
  );
}

async function composition(year: number, region: string): Promise<CompositionRow[]> {
  return wh.all<CompositionRow>(
    `select budget_year, region_code, fund_code, origin_kind, amount, carried_over from marts.origin_composition
     where budget_year = $1 and region_code = $2 order by fund_code, origin_kind`,
    [year, region],
  );
}

describe('the trace models on the worked example, a 横向 transfer, a T09 and a T10', () => {
  it('builds, and every test of the models passes', () => {
    expect(built.tests.filter((t) => t.status !== 'pass')).toEqual([]);
    expect(built.models.filter((m) => m.status !== 'built')).toEqual([]);
    expect(built.ok).toBe(true);
    const mine = built.tests.filter((t) => t.model === 'marts.document_trace').map((t) => t.test);
    expect(mine).toContain('trace_leaves_sum_to_their_roots');
  });

  it('traces fund M at 某市 to 中央 1000万 + 省级配套 500万', async () => {
    expect(await composition(2020, '520100')).toEqual([
      {
        budget_year: 2020,
        region_code: '520100',
        fund_code: 'M',
        origin_kind: '中央',
        amount: w(1000),
        carried_over: 0,
      },
      { budget_year: 2020, region_code: '520100', fund_code: 'M', origin_kind: '省', amount: w(500), carried_over: 0 },
    ]);
    // seen from 某省, its fund P: 中央 1000万 and its own 500万
    expect((await composition(2020, '520000')).map((r) => [r.fund_code, r.origin_kind, r.amount])).toEqual([
      ['P', '中央', w(1000)],
      ['P', '本级', w(500)],
    ]);
  });

  it('places every document in its tree: parent, root, root region, depth', async () => {
    expect(await trace('S1', 'S2', 'S3', 'S5a', 'S6a', 'S4', 'S5b', 'S6b')).toEqual([
      row('S1', null, 'S1', '100000', 'T02', 0, '本级', w(1000), 0, false),
      row('S2', 'S1', 'S1', '100000', 'T05', 1, '本级', w(1000), 0, false),
      row('S3', 'S2', 'S1', '100000', 'T01', 2, '中央', w(1000), 0, false),
      row('S5a', 'S3', 'S1', '100000', 'T05', 3, '中央', w(1000), 0, false),
      row('S6a', 'S5a', 'S1', '100000', 'T01', 4, '中央', w(1000), 0, false),
      row('S4', null, 'S4', '520000', 'T02', 0, '本级', w(500), 0, false),
      row('S5b', 'S4', 'S4', '520000', 'T05', 1, '本级', w(500), 0, false),
      row('S6b', 'S5b', 'S4', '520000', 'T01', 2, '省', w(500), 0, false),
    ]);
  });

  it('hangs a T09 under the document it corrects and a T10 under the carried document, with its root', async () => {
    expect(await trace('PRJ', 'RED', 'JZ2020-S6a-1', 'PRJ21', 'JZ2020-S6b-1')).toEqual([
      row('JZ2020-S6a-1', 'S6a', 'S1', '100000', 'T10', 5, '中央', w(300), w(200), false),
      row('PRJ21', 'JZ2020-S6a-1', 'S1', '100000', 'T04', 6, '中央', 0, w(300), true),
      row('PRJ', 'S6a', 'S1', '100000', 'T04', 5, '中央', 0, w(500), false),
      row('RED', 'PRJ', 'S1', '100000', 'T09', 6, '中央', 0, 0, true),
      row('JZ2020-S6b-1', 'S6b', 'S4', '520000', 'T10', 3, '省', 0, w(500), true),
    ]);
  });

  it('conserves each root down its tree: root effective = Σ remaining of its documents', async () => {
    const roots = await wh.all<{ root_doc_id: string; root_effective: number; tree_remaining: number }>(
      `select root_doc_id, max(effective) filter (where doc_id = root_doc_id) as root_effective,
         sum(remaining)::bigint as tree_remaining
       from marts.document_trace group by root_doc_id order by root_doc_id`,
    );
    // S1: PRJ 500万 (after the T09) + JZ2020-S6a-1 200万 + PRJ21 300万; S4: the carried 500万; E1: carried 200万
    expect(roots).toEqual([
      { root_doc_id: 'E1', root_effective: w(200), tree_remaining: w(200) },
      { root_doc_id: 'S1', root_effective: w(1000), tree_remaining: w(1000) },
      { root_doc_id: 'S4', root_effective: w(500), tree_remaining: w(500) },
    ]);
  });

  it('calls money 横向 whose root lies in a region that is not an ancestor', async () => {
    expect((await trace('E2', 'E3', 'E4')).map((r) => [r.doc_id, r.root_region, r.origin_kind, r.depth])).toEqual([
      ['E2', '330000', '本级', 1],
      ['E3', '330000', '横向', 2],
      ['E4', '330000', '横向', 3],
    ]);
    // 甲一县's fund K received the 200万 through E3 (1001) and E4 (T03): counted once, as 横向
    expect(await composition(2020, '520101')).toEqual([
      {
        budget_year: 2020,
        region_code: '520101',
        fund_code: 'K',
        origin_kind: '横向',
        amount: w(200),
        carried_over: 0,
      },
    ]);
  });

  it('counts a carried balance in the next year by its root, as carried_over', async () => {
    expect(await composition(2021, '520100')).toEqual([
      {
        budget_year: 2021,
        region_code: '520100',
        fund_code: 'M',
        origin_kind: '中央',
        amount: w(500),
        carried_over: w(500),
      },
      {
        budget_year: 2021,
        region_code: '520100',
        fund_code: 'M',
        origin_kind: '省',
        amount: w(500),
        carried_over: w(500),
      },
    ]);
  });

  it('gives exactly the rows of the trace export, in its order', async () => {
    const q = traceQuery({});
    const exported = await wh.all(q.sql, q.params);
    const mart = await wh.all(
      `select doc_id, parent_doc_id, root_doc_id, root_region, region_code, fund_code, txn_code, amount, carved,
         remaining, depth
       from marts.document_trace order by sort_path`,
    );
    expect(exported.length).toBe(18);
    expect(mart).toEqual(exported);
  });
});

/** A row of marts.document_trace, in the order of the columns asserted. */
function row(
  id: string,
  parent: string | null,
  root: string,
  rootRegion: string,
  txn: string,
  depth: number,
  origin: string,
  carved: number,
  remaining: number,
  isLeaf: boolean,
): TraceRow {
  return {
    doc_id: id,
    parent_doc_id: parent,
    root_doc_id: root,
    root_region: rootRegion,
    txn_code: txn,
    depth,
    origin_kind: origin,
    carved,
    remaining,
    is_leaf: isLeaf,
  };
}
