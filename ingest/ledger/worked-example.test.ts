import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../warehouse/index.ts';
import {
  TEST_REGIONS,
  addFunds,
  addRegions,
  balances,
  documentCount,
  ledgerWarehouse,
  postDocuments,
  postingLines,
  wan,
  type DocFixture,
} from './ledger.fixtures.ts';
import { consolidatedSources, documentPath, traceOrigins } from './trace.queries.ts';
import { verifyLedger } from './ledger.verify.ts';

// ledger.md, "Worked example": 中央 100000, 某省 520000, 某市 520100.
const STEPS: DocFixture[][] = [
  [
    {
      id: 'S1',
      txn: 'T02',
      region: '100000',
      year: 2020,
      amount: wan(1000),
      fund: 'C',
      summary: '中央财政专项扶贫资金',
    },
  ],
  [{ id: 'S2', txn: 'T05', region: '100000', year: 2020, amount: wan(1000), source: 'S1', target: '520000' }],
  [{ id: 'S3', txn: 'T01', region: '520000', year: 2020, amount: wan(1000), source: 'S2', fund: 'P' }],
  [{ id: 'S4', txn: 'T02', region: '520000', year: 2020, amount: wan(500), fund: 'P', summary: '省级配套' }],
  [
    { id: 'S5a', txn: 'T05', region: '520000', year: 2020, amount: wan(1000), source: 'S3', target: '520100' },
    { id: 'S5b', txn: 'T05', region: '520000', year: 2020, amount: wan(500), source: 'S4', target: '520100' },
  ],
  [
    { id: 'S6a', txn: 'T01', region: '520100', year: 2020, amount: wan(1000), source: 'S5a', fund: 'M' },
    { id: 'S6b', txn: 'T01', region: '520100', year: 2020, amount: wan(500), source: 'S5b', fund: 'M' },
  ],
];

const fen = (yuan: number): number => yuan * 100;

async function setUp(): Promise<Warehouse> {
  const wh = await ledgerWarehouse();
  await addRegions(wh, TEST_REGIONS);
  await addFunds(wh, [
    { region: '100000', code: 'C', name: '中央财政专项扶贫资金' },
    { region: '520000', code: 'P', name: '省级财政专项扶贫资金', upper: ['100000', 'C'] },
    { region: '520100', code: 'M', name: '财政专项扶贫资金', upper: ['520000', 'P'] },
  ]);
  return wh;
}

async function expectStateAfterStep6(wh: Warehouse): Promise<void> {
  expect(await documentCount(wh)).toBe(8);
  expect(await balances(wh, '100000', 2020)).toEqual({ '4001': -wan(1000), '500202': wan(1000) });
  expect(await balances(wh, '520000', 2020)).toEqual({ '4001': -wan(1500), '500202': wan(1500) });
  expect(await balances(wh, '520100', 2020)).toEqual({ '4001': -wan(1500), '5001': wan(1500) });
}

describe('the worked example of ledger.md', () => {
  let wh: Warehouse;
  beforeEach(async () => {
    wh = await setUp();
  });
  afterEach(() => wh.closeAll());

  it('posts the six steps one by one to the stated balances', async () => {
    for (const step of STEPS) {
      const result = await postDocuments(wh, step);
      expect(result.rejected).toEqual([]);
      expect(result.accepted).toBe(step.length);
    }
    await expectStateAfterStep6(wh);
    // T01 with a fund: Dr 1001 / Cr 4001 (上级), then Dr 5001 / Cr 1001 into the fund.
    expect(await postingLines(wh, 'S6b')).toEqual([
      '2020 D 1001 5000000.00 M',
      '2020 C 4001 5000000.00 M 上级转移支付',
      '2020 D 5001 5000000.00 M',
      '2020 C 1001 5000000.00 M',
    ]);
    expect(await postingLines(wh, 'S4')).toEqual([
      '2020 D 1001 5000000.00 P',
      '2020 C 4001 5000000.00 P 本级安排',
      '2020 D 5001 5000000.00 P',
      '2020 C 1001 5000000.00 P',
    ]);
    // The fund of a T05 is inherited from its source.
    expect(await wh.value('select fund_code from ledger.documents where doc_id = $1', ['S5b'])).toBe('P');
  });

  it('gives the same ledger when the whole example is one batch, in any file order', async () => {
    const all = STEPS.flat().reverse(); // children before their sources in the file
    const result = await postDocuments(wh, all);
    expect(result.rejected).toEqual([]);
    expect(result.levels).toBe(5);
    await expectStateAfterStep6(wh);
  });

  it('interlocks: every T05 fully imported, nothing in transit', async () => {
    for (const step of STEPS) await postDocuments(wh, step);
    const transfers = await wh.all<{ doc_id: string; issued: number; imported: number; in_transit: number }>(
      `select doc_id, effective as issued, carved as imported, remaining as in_transit
       from ledger.document_balances where txn_code = 'T05' order by doc_id`,
    );
    expect(transfers).toEqual([
      { doc_id: 'S2', issued: fen(wan(1000)), imported: fen(wan(1000)), in_transit: 0 },
      { doc_id: 'S5a', issued: fen(wan(1000)), imported: fen(wan(1000)), in_transit: 0 },
      { doc_id: 'S5b', issued: fen(wan(500)), imported: fen(wan(500)), in_transit: 0 },
    ]);
    const verified = await verifyLedger(wh);
    expect(verified.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verified.ok).toBe(true);
  });

  it('traces fund M back to its roots: 中央下达 1000万 + 省级配套 500万', async () => {
    for (const step of STEPS) await postDocuments(wh, step);
    const origins = await traceOrigins(wh, { regionCode: '520100', fundCode: 'M' });
    expect(origins.map((o) => [o.root_doc_id, o.root_region_code, o.root_fund_code, o.amount])).toEqual([
      ['S1', '100000', 'C', fen(wan(1000))],
      ['S4', '520000', 'P', fen(wan(500))],
    ]);
    expect((await documentPath(wh, 'S6a')).map((s) => s.doc_id)).toEqual(['S6a', 'S5a', 'S3', 'S2', 'S1']);
  });

  it('consolidates sources to 1500万 (本级安排 of every level), not the 4000万 summed over levels', async () => {
    for (const step of STEPS) await postDocuments(wh, step);
    const all = await consolidatedSources(wh, { budgetYear: 2020 });
    expect(all.summed).toBe(fen(wan(4000)));
    expect(all.total).toBe(fen(wan(1500)));
    expect([all.own, all.carried, all.fromOutside]).toEqual([fen(wan(1500)), 0, 0]);
    // The province's subtree: its own 500万 plus what came in from 中央, outside the scope.
    const province = await consolidatedSources(wh, { budgetYear: 2020, regionCode: '520000' });
    expect([province.own, province.fromOutside, province.total]).toEqual([
      fen(wan(500)),
      fen(wan(1000)),
      fen(wan(1500)),
    ]);
  });
});
