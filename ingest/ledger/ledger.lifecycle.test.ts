import { afterEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../warehouse/index.ts';
import { LEDGER_CODES as C } from './ledger.codes.ts';
import { balances, chainToCity, postDocuments, postingLines, testLedger, wan } from './ledger.fixtures.ts';
import { verifyLedger } from './ledger.verify.ts';
import { carryOverYear } from './year-end.carry-over.ts';

let wh: Warehouse | undefined;
afterEach(() => wh?.closeAll());

const fen = (yuan: number): number => Math.round(yuan * 100);

async function remaining(w: Warehouse, docId: string): Promise<number> {
  return w.value<number>('select remaining from ledger.document_balances where doc_id = $1', [docId]);
}

async function expectVerified(w: Warehouse): Promise<void> {
  const result = await verifyLedger(w);
  expect(result.checks.filter((c) => !c.ok)).toEqual([]);
}

describe('T09 红字更正', () => {
  it('reduces the remaining, mirrors the corrected lines with a negative amount, and nets out', async () => {
    wh = await testLedger(chainToCity(2020, wan(1000)));
    const ok = await postDocuments(wh, [
      { id: 'PRJ', txn: 'T04', region: '520100', year: 2020, amount: wan(100), source: 'CITY20', project: 'XM-1' },
      { id: 'RED', txn: 'T09', region: '520100', year: 2020, date: '2020-06-01', amount: -wan(30), corrects: 'PRJ' },
    ]);
    expect(ok.rejected).toEqual([]);
    expect(ok.levels).toBe(2);
    expect(await postingLines(wh, 'RED')).toEqual(['2020 D 500201 -300000.00 M', '2020 C 5001 -300000.00 M']);
    expect(await wh.value('select effective from ledger.document_balances where doc_id = $1', ['PRJ'])).toBe(
      fen(wan(70)),
    );
    expect(await remaining(wh, 'CITY20')).toBe(fen(wan(930)));
    const net = await wh.all<{ account_code: string; balance: number }>(
      `select account_code, sum(debit - credit)::bigint as balance from ledger.postings
       where doc_id in ('PRJ', 'RED') group by account_code order by account_code`,
    );
    expect(net).toEqual([
      { account_code: '5001', balance: -fen(wan(70)) },
      { account_code: '500201', balance: fen(wan(70)) },
    ]);
    await expectVerified(wh);
  });

  it('must correct the children first: a transfer that was imported cannot be corrected below the import', async () => {
    wh = await testLedger(chainToCity(2020, wan(1000)));
    const tooEarly = await postDocuments(wh, [
      { id: 'RED-T05', txn: 'T09', region: '520000', year: 2020, amount: -wan(100), corrects: 'TO-M20' },
    ]);
    expect(tooEarly.rejected.map((r) => r.code)).toEqual([C.R5_CORRECTION]);
    const inOrder = await postDocuments(wh, [
      { id: 'RED-T01', txn: 'T09', region: '520100', year: 2020, amount: -wan(100), corrects: 'CITY20' },
      { id: 'RED-T05', txn: 'T09', region: '520000', year: 2020, amount: -wan(100), corrects: 'TO-M20' },
    ]);
    // The T01's correction frees the transfer only for the next batch (rule 5 reads the ledger as it was).
    expect(inOrder.rejected.map((r) => [r.doc_id, r.code])).toEqual([['RED-T05', C.R5_CORRECTION]]);
    const after = await postDocuments(wh, [
      { id: 'RED-T05', txn: 'T09', region: '520000', year: 2020, amount: -wan(100), corrects: 'TO-M20' },
    ]);
    expect(after.rejected).toEqual([]);
    expect(await postingLines(wh, 'RED-T01')).toContain('2020 C 4001 -1000000.00 M 上级转移支付');
    expect(await balances(wh, '520000', 2020)).toEqual({ '4001': -wan(1000), '500202': wan(900), '5001': wan(100) });
    expect(await remaining(wh, 'TO-M20')).toBe(0);
    await expectVerified(wh);
  });
});

describe('提前下达 (advance issuance)', () => {
  it('posts a Q4 document of Y with budget year Y+1 and the mark into Y+1; rejects it without the mark', async () => {
    wh = await testLedger();
    const advance = chainToCity(2021, wan(800)).map((d, i) => ({ ...d, date: `2020-11-${10 + i}`, advance: true }));
    const posted = await postDocuments(wh, advance);
    expect(posted.rejected).toEqual([]);
    expect(await balances(wh, '520100', 2021)).toEqual({ '4001': -wan(800), '5001': wan(800) });
    expect(await balances(wh, '520100', 2020)).toEqual({});
    expect(
      await wh.value(`select count(*) from ledger.postings where budget_year = 2021 and doc_date < '2021-01-01'`),
    ).toBe(16);
    const unmarked = await postDocuments(wh, [
      { id: 'LATE', txn: 'T02', region: '100000', year: 2021, date: '2020-11-10', amount: 1, fund: 'C' },
    ]);
    expect(unmarked.rejected.map((r) => [r.code, r.column_name])).toEqual([[C.R8_DATE, 'doc_date']]);
    expect(await wh.value('select count(*) from ledger.documents where doc_id = $1', ['LATE'])).toBe(0);
    await expectVerified(wh);
  });
});

describe('T10 年终结转 (carry-over)', () => {
  it('moves an unspent balance out of Y into Y+1 as 上年结转, where it can be carved', async () => {
    wh = await testLedger(chainToCity(2019, wan(1000)));
    await postDocuments(wh, [
      { id: 'PRJ19', txn: 'T04', region: '520100', year: 2019, amount: wan(600), source: 'CITY19', project: 'XM-1' },
      { id: 'OWN19', txn: 'T02', region: '520100', year: 2019, amount: wan(50) },
      { id: 'AS19', txn: 'T03', region: '520100', year: 2019, amount: wan(30), source: 'OWN19', fund: 'LOCAL' },
    ]);
    const carried = await carryOverYear(wh, 2019, { loadId: 2 });
    expect(carried.rejected).toEqual([]);
    const t10s = await wh.all<{ doc_id: string; source_doc_id: string; amount: number; budget_year: number }>(
      `select doc_id, source_doc_id, amount, budget_year from ledger.documents where txn_code = 'T10' order by doc_id`,
    );
    expect(t10s).toEqual([
      { doc_id: 'JZ2019-AS19-1', source_doc_id: 'AS19', amount: fen(wan(30)), budget_year: 2019 },
      { doc_id: 'JZ2019-CITY19-1', source_doc_id: 'CITY19', amount: fen(wan(400)), budget_year: 2019 },
    ]);
    // Year 2019 keeps only what was spent (and OWN19's 20万 still in 1001); 2020 starts with 430万 上年结转.
    expect(await balances(wh, '520100', 2019)).toEqual({ '4001': -wan(620), '500201': wan(600), '1001': wan(20) });
    expect(await balances(wh, '520100', 2020)).toEqual({ '4001': -wan(430), '5001': wan(430) });
    expect(await postingLines(wh, 'JZ2019-CITY19-1')).toEqual([
      '2019 D 1001 -4000000.00 M',
      '2019 C 4001 -4000000.00 M 上级转移支付',
      '2019 D 5001 -4000000.00 M',
      '2019 C 1001 -4000000.00 M',
      '2020 D 5001 4000000.00 M',
      '2020 C 4001 4000000.00 M 上年结转',
    ]);
    const carve = await postDocuments(wh, [
      {
        id: 'PRJ20',
        txn: 'T04',
        region: '520100',
        year: 2020,
        amount: wan(300),
        source: 'JZ2019-CITY19-1',
        project: 'XM-2',
      },
      {
        id: 'PRJ20B',
        txn: 'T04',
        region: '520100',
        year: 2020,
        amount: wan(200),
        source: 'JZ2019-CITY19-1',
        project: 'XM-3',
      },
    ]);
    expect(carve.rejected.map((r) => [r.doc_id, r.code])).toEqual([['PRJ20B', C.R2_EXCEEDS_SOURCE]]);
    expect(await wh.value('select fund_code from ledger.documents where doc_id = $1', ['PRJ20'])).toBe('M');
    expect((await carryOverYear(wh, 2019, { loadId: 3 })).read).toBe(0);
    await expectVerified(wh);

    // Carry the rest of 2020 on into 2021 (a T10 of a T10), then correct the first carry-over.
    const again = await carryOverYear(wh, 2020, { loadId: 4 });
    expect(again.rejected).toEqual([]);
    expect(await balances(wh, '520100', 2021)).toEqual({ '4001': -wan(130), '5001': wan(130) });
    expect(await balances(wh, '520100', 2020)).toEqual({ '4001': -wan(300), '500201': wan(300) });
    await expectVerified(wh);
  });

  it('a T09 of a T10 mirrors both halves: the corrected part returns to year Y', async () => {
    wh = await testLedger(chainToCity(2019, wan(1000)));
    await carryOverYear(wh, 2019, { loadId: 2 });
    const red = await postDocuments(wh, [
      {
        id: 'RED',
        txn: 'T09',
        region: '520100',
        year: 2019,
        date: '2019-12-31',
        amount: -wan(250),
        corrects: 'JZ2019-CITY19-1',
      },
    ]);
    expect(red.rejected).toEqual([]);
    expect(await balances(wh, '520100', 2019)).toEqual({ '4001': -wan(250), '5001': wan(250) });
    expect(await balances(wh, '520100', 2020)).toEqual({ '4001': -wan(750), '5001': wan(750) });
    expect(await remaining(wh, 'CITY19')).toBe(fen(wan(250)));
    await expectVerified(wh);
  });

  it('rejects a carry-over from money that is not in 5001, and dated outside its year', async () => {
    wh = await testLedger(chainToCity(2019, wan(1000)));
    const bad = await postDocuments(wh, [
      { id: 'JZ-A', txn: 'T10', region: '520000', year: 2019, date: '2019-12-31', amount: 1, source: 'TO-M19' },
      { id: 'JZ-B', txn: 'T10', region: '520100', year: 2019, date: '2020-01-05', amount: 1, source: 'CITY19' },
    ]);
    expect(bad.rejected.map((r) => r.code)).toEqual([C.SOURCE_KIND, C.R8_DATE]);
  });
});
