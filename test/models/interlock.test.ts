/**
 * 咬合 reconciliation (marts.interlock, marts.interlock_by_region_pair) built by the real runner over documents
 * posted through the real ledger engine: a transfer imported whole, one imported in part over two T01s, one
 * corrected by a T09 and never imported, a 横向 T06; days in transit as of the data's date; the region identity
 * of ledger.md (500202 towards a region = its 4001 from upper levels + in transit) holding after a year-end
 * carry-over of imported money; and the interlock export giving exactly the mart's rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels, type BuildResult } from '../../models/index.ts';
import { interlockQuery } from '../../exports/interlock.query.ts';
import {
  TEST_FUNDS,
  TEST_REGIONS,
  addFunds,
  addRegions,
  ledgerWarehouse,
  postDocuments,
  wan,
  type DocFixture,
} from '../../ingest/ledger/ledger.fixtures.ts';
import { carryOverYear } from '../../ingest/ledger/year-end.carry-over.ts';
import type { Warehouse } from '../../warehouse/index.ts';

/** 万元 → 分 */
const w = (n: number): number => wan(n) * 100;

const AS_OF = '2020-12-31';

const DOCS: DocFixture[] = [
  { id: 'ROOT', txn: 'T02', region: '100000', year: 2020, date: '2020-01-10', amount: wan(1000), fund: 'C' },
  // 中央 → 某省, imported whole 10 days later
  {
    id: 'TO-P',
    txn: 'T05',
    region: '100000',
    year: 2020,
    date: '2020-02-01',
    amount: wan(1000),
    source: 'ROOT',
    target: '520000',
  },
  {
    id: 'PROV',
    txn: 'T01',
    region: '520000',
    year: 2020,
    date: '2020-02-11',
    amount: wan(1000),
    source: 'TO-P',
    fund: 'P',
  },
  // 某省 → 甲市 600万, imported 200万 + 100万: 300万 still in transit
  {
    id: 'TO-A',
    txn: 'T05',
    region: '520000',
    year: 2020,
    date: '2020-03-01',
    amount: wan(600),
    source: 'PROV',
    target: '520100',
  },
  {
    id: 'A1',
    txn: 'T01',
    region: '520100',
    year: 2020,
    date: '2020-03-11',
    amount: wan(200),
    source: 'TO-A',
    fund: 'M',
  },
  {
    id: 'A2',
    txn: 'T01',
    region: '520100',
    year: 2020,
    date: '2020-04-01',
    amount: wan(100),
    source: 'TO-A',
    fund: 'M',
  },
  // 某省 → 乙市 400万, corrected to 350万, never imported
  {
    id: 'TO-B',
    txn: 'T05',
    region: '520000',
    year: 2020,
    date: '2020-05-01',
    amount: wan(400),
    source: 'PROV',
    target: '520200',
  },
  // 东部省 → 甲一县 横向 200万, imported whole (without a fund) 20 days later
  { id: 'E1', txn: 'T02', region: '330000', year: 2020, date: '2020-06-01', amount: wan(200), fund: 'E' },
  {
    id: 'E2',
    txn: 'T06',
    region: '330000',
    year: 2020,
    date: '2020-06-01',
    amount: wan(200),
    source: 'E1',
    target: '520101',
  },
  { id: 'E3', txn: 'T01', region: '520101', year: 2020, date: '2020-06-21', amount: wan(200), source: 'E2' },
];

type InterlockRow = {
  doc_id: string;
  from_region: string;
  to_region: string;
  txn_code: string;
  issued: number;
  imported: number;
  in_transit: number;
  first_import: string | null;
  last_import: string | null;
  days_in_transit: number;
  status: string;
};

let wh: Warehouse;
let built: BuildResult;

beforeAll(async () => {
  wh = await ledgerWarehouse();
  await addRegions(wh, TEST_REGIONS);
  await addFunds(wh, [...TEST_FUNDS, { region: '330000', code: 'E', name: '东西部协作资金' }]);
  // the data's date: as_of left empty in models/vars.yml resolves to it
  await wh.run(`insert into meta.demo_runs values (1, 'test', 0, $1::date, now(), now(), null)`, [AS_OF]);
  expect((await postDocuments(wh, DOCS)).rejected).toEqual([]);
  const red = [
    { id: 'RED-B', txn: 'T09', region: '520000', year: 2020, date: '2020-05-10', amount: -wan(50), corrects: 'TO-B' },
  ];
  expect((await postDocuments(wh, red)).rejected).toEqual([]);
  // 年终结转: A1, A2 (imported T01s with a fund) and PROV's 50万 go to 2021; their red mirror lowers 2020's 4001 上级
  expect((await carryOverYear(wh, 2020, { loadId: 2 })).accepted).toBe(3);
  // staging.*: the yml tests also read staging models the marts themselves do not
  built = await buildModels(wh, { select: ['staging.*', '+marts.interlock_by_region_pair'] });
});

afterAll(() => wh.closeAll());

describe('interlock reconciliation', () => {
  it('builds, and every test of the models passes, the region identity after the carry-over included', () => {
    expect(built.tests.filter((t) => t.status !== 'pass')).toEqual([]);
    expect(built.models.filter((m) => m.status !== 'built')).toEqual([]);
    expect(built.vars['as_of']).toBe(AS_OF);
    expect(built.tests.filter((t) => t.model === 'marts.interlock').map((t) => t.test)).toContain(
      'upper_transfers_equal_lower_receipts_plus_in_transit',
    );
  });

  it('reconciles each transfer: issued, imported, in transit, import dates, days in transit, status', async () => {
    const rows = await wh.all<InterlockRow>(
      `select doc_id, from_region, to_region, txn_code, issued, imported, in_transit,
         strftime(first_import_date, '%Y-%m-%d') as first_import, strftime(last_import_date, '%Y-%m-%d') as last_import,
         days_in_transit, status
       from marts.interlock order by doc_id`,
    );
    expect(rows).toEqual([
      il('E2', '330000', '520101', 'T06', w(200), w(200), 0, '2020-06-21', '2020-06-21', 20, '全部接收'),
      // 2020-03-01 → 2020-12-31 with 300万 still in transit
      il('TO-A', '520000', '520100', 'T05', w(600), w(300), w(300), '2020-03-11', '2020-04-01', 305, '部分接收'),
      // issued 400万 − 50万 (T09); 2020-05-01 → 2020-12-31
      il('TO-B', '520000', '520200', 'T05', w(350), 0, w(350), null, null, 244, '未接收'),
      il('TO-P', '100000', '520000', 'T05', w(1000), w(1000), 0, '2020-02-11', '2020-02-11', 10, '全部接收'),
    ]);
  });

  it('rolls up per region pair and budget year', async () => {
    const pairs = await wh.all(
      `select from_region, to_region, budget_year, txn_code, transfers, fully_imported, partly_imported,
         never_imported, issued, imported, in_transit, max_days_in_transit, max_days_open
       from marts.interlock_by_region_pair order by from_region, to_region`,
    );
    expect(pairs).toEqual([
      pair('100000', '520000', 'T05', [1, 1, 0, 0], [w(1000), w(1000), 0], 10, null),
      pair('330000', '520101', 'T06', [1, 1, 0, 0], [w(200), w(200), 0], 20, null),
      pair('520000', '520100', 'T05', [1, 0, 1, 0], [w(600), w(300), w(300)], 305, 305),
      pair('520000', '520200', 'T05', [1, 0, 0, 1], [w(350), 0, w(350)], 244, 244),
    ]);
  });

  it('ties the transfers towards 甲市 to its 4001 from upper levels plus in transit', async () => {
    const [towards, received, carriedMirror] = await Promise.all([
      wh.value<number>(
        `select sum(debit - credit)::bigint from ledger.postings where account_code = '500202' and target_region_code = '520100'`,
      ),
      wh.value<number>(
        `select sum(credit - debit)::bigint from ledger.postings
         where region_code = '520100' and budget_year = 2020 and account_code = '4001' and source_type = '上级转移支付'
           and txn_code <> 'T10'`,
      ),
      wh.value<number>(
        `select sum(credit - debit)::bigint from ledger.postings
         where region_code = '520100' and budget_year = 2020 and account_code = '4001' and txn_code = 'T10'`,
      ),
    ]);
    const inTransit = await wh.value<number>(
      `select sum(in_transit)::bigint from marts.interlock where to_region = '520100'`,
    );
    expect([towards, received, inTransit]).toEqual([w(600), w(300), w(300)]);
    expect(towards).toBe(received + inTransit);
    // the carry-over moved A1 and A2's 300万 to 2021: 2020's 4001 上级 including the mirror would be 0
    expect(carriedMirror).toBe(-w(300));
  });

  it('gives exactly the rows of the interlock export', async () => {
    const q = interlockQuery({});
    const exported = await wh.all(q.sql, q.params);
    const mart = await wh.all(
      `select doc_id, from_region, to_region, budget_year, issued, imported, in_transit, issued_date, first_import_date
       from marts.interlock order by budget_year, issued_date, doc_id`,
    );
    expect(exported.length).toBe(4);
    expect(mart).toEqual(exported);
  });
});

function il(
  id: string,
  from: string,
  to: string,
  txn: string,
  issued: number,
  imported: number,
  inTransit: number,
  firstImport: string | null,
  lastImport: string | null,
  days: number,
  status: string,
): InterlockRow {
  return {
    doc_id: id,
    from_region: from,
    to_region: to,
    txn_code: txn,
    issued,
    imported,
    in_transit: inTransit,
    first_import: firstImport,
    last_import: lastImport,
    days_in_transit: days,
    status,
  };
}

function pair(
  from: string,
  to: string,
  txn: string,
  [transfers, fully, partly, never]: [number, number, number, number],
  [issued, imported, inTransit]: [number, number, number],
  maxDays: number,
  maxOpen: number | null,
): Record<string, unknown> {
  return {
    from_region: from,
    to_region: to,
    budget_year: 2020,
    txn_code: txn,
    transfers,
    fully_imported: fully,
    partly_imported: partly,
    never_imported: never,
    issued,
    imported,
    in_transit: inTransit,
    max_days_in_transit: maxDays,
    max_days_open: maxOpen,
  };
}
