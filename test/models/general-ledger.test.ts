/**
 * 总台账 (marts.general_ledger) and the region roll-up (marts.ledger_rollup), built by the real runner over
 * ledger.md's worked example posted through the real ledger engine: the stated balances, 年初预算 (a 提前下达
 * chain and T02s up to the cut-off) apart from in-year adjustments (a later T02 追加, in-year imports), the
 * `ledger` export equal to the mart summed over source_type, a roll-up of 某省 and below, and the yml's
 * invariants catching a broken ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels, loadModels, type BuildResult } from '../../models/index.ts';
import { dataTests, runDataTest } from '../../models/runner/model.tests.ts';
import { ledgerQuery } from '../../exports/ledger.query.ts';
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
import type { Warehouse } from '../../warehouse/index.ts';

/** 万元 → 分 */
const w = (n: number): number => wan(n) * 100;

// ledger.md, "Worked example" (中央 100000, 某省 520000, 某市 = 甲市 520100). 中央 issues its 1000万 in
// advance (提前下达, Q4 2019 for budget year 2020); 某省 imports it in January without the mark (still 年初预算:
// its source is marked); 某省's 省级配套 is compiled in February (年初); the transfers to 某市 and its imports are
// in-year (March).
const WORKED_EXAMPLE: DocFixture[] = [
  {
    id: 'S1',
    txn: 'T02',
    region: '100000',
    year: 2020,
    date: '2019-11-01',
    advance: true,
    amount: wan(1000),
    fund: 'C',
  },
  {
    id: 'S2',
    txn: 'T05',
    region: '100000',
    year: 2020,
    date: '2019-11-05',
    advance: true,
    amount: wan(1000),
    source: 'S1',
    target: '520000',
  },
  {
    id: 'S3',
    txn: 'T01',
    region: '520000',
    year: 2020,
    date: '2020-01-05',
    amount: wan(1000),
    source: 'S2',
    fund: 'P',
  },
  { id: 'S4', txn: 'T02', region: '520000', year: 2020, date: '2020-02-20', amount: wan(500), fund: 'P' },
  {
    id: 'S5a',
    txn: 'T05',
    region: '520000',
    year: 2020,
    date: '2020-03-10',
    amount: wan(1000),
    source: 'S3',
    target: '520100',
  },
  {
    id: 'S5b',
    txn: 'T05',
    region: '520000',
    year: 2020,
    date: '2020-03-10',
    amount: wan(500),
    source: 'S4',
    target: '520100',
  },
  {
    id: 'S6a',
    txn: 'T01',
    region: '520100',
    year: 2020,
    date: '2020-03-15',
    amount: wan(1000),
    source: 'S5a',
    fund: 'M',
  },
  {
    id: 'S6b',
    txn: 'T01',
    region: '520100',
    year: 2020,
    date: '2020-03-15',
    amount: wan(500),
    source: 'S5b',
    fund: 'M',
  },
];

// 乙市 (520200, under 某省) arranges 50万 on the cut-off day (年初, initial_budget_cutoff 03-31) and adds 100万 the
// day after (追加), both without a fund (they stay in 1001).
const OTHER_CITY: DocFixture[] = [
  { id: 'B1', txn: 'T02', region: '520200', year: 2020, date: '2020-03-31', amount: wan(50) },
  { id: 'B2', txn: 'T02', region: '520200', year: 2020, date: '2020-04-01', amount: wan(100) },
];

type LedgerRow = {
  region_code: string;
  fund_code: string | null;
  account_code: string;
  source_type: string | null;
  debit: number;
  credit: number;
  initial_credit: number;
  adjust_credit: number;
};

let wh: Warehouse;
let built: BuildResult;

beforeAll(async () => {
  wh = await ledgerWarehouse();
  await addRegions(wh, TEST_REGIONS);
  await addFunds(wh, TEST_FUNDS);
  const posted = await postDocuments(wh, [...WORKED_EXAMPLE, ...OTHER_CITY]);
  expect(posted.rejected).toEqual([]);
  built = await buildModels(wh, { select: ['+marts.general_ledger', '+marts.ledger_rollup'] });
});

afterAll(() => wh.closeAll());

/** Balances (debit − credit, 分) per account of one region in 2020, over funds and source types. */
async function balances(region: string): Promise<Record<string, number>> {
  const rows = await wh.all<{ account_code: string; balance: number }>(
    `select account_code, sum(balance)::bigint as balance from marts.general_ledger
     where budget_year = 2020 and region_code = $1 group by account_code having sum(balance) <> 0`,
    [region],
  );
  return Object.fromEntries(rows.map((r) => [r.account_code, r.balance]));
}

async function sources(region: string): Promise<LedgerRow[]> {
  return wh.all<LedgerRow>(
    `select region_code, fund_code, account_code, source_type, debit, credit, initial_credit, adjust_credit
     from marts.general_ledger
     where budget_year = 2020 and region_code = $1 and account_code = '4001'
     order by fund_code nulls first, source_type`,
    [region],
  );
}

const source = (region: string, fund: string | null, type: string, credit: number, initial: number): LedgerRow => ({
  region_code: region,
  fund_code: fund,
  account_code: '4001',
  source_type: type,
  debit: 0,
  credit,
  initial_credit: initial,
  adjust_credit: credit - initial,
});

describe('总台账 over the worked example', () => {
  it('builds, and every test of the models passes', () => {
    expect(built.models.filter((m) => m.status !== 'built')).toEqual([]);
    expect(built.tests.filter((t) => t.status !== 'pass')).toEqual([]);
    expect(built.ok).toBe(true);
    const names = built.tests.filter((t) => t.model === 'marts.general_ledger').map((t) => t.test);
    expect(names).toEqual(
      expect.arrayContaining([
        'debit_equals_credit_per_region_year',
        'sources_equal_arrangements_per_region_year',
        'totals_equal_the_journal',
        'worked_example_province',
      ]),
    );
  });

  it('holds the balances ledger.md states after step 6', async () => {
    expect(await balances('100000')).toEqual({ '4001': -w(1000), '500202': w(1000) });
    expect(await balances('520000')).toEqual({ '4001': -w(1500), '500202': w(1500) });
    expect(await balances('520100')).toEqual({ '4001': -w(1500), '5001': w(1500) });
  });

  it('keeps 4001 by source type and separates 年初预算 from in-year adjustments', async () => {
    expect(await sources('100000')).toEqual([source('100000', 'C', '本级安排', w(1000), w(1000))]);
    // the January import of an advance transfer is 年初; the February 配套 too
    expect(await sources('520000')).toEqual([
      source('520000', 'P', '上级转移支付', w(1000), w(1000)),
      source('520000', 'P', '本级安排', w(500), w(500)),
    ]);
    // in-year transfers: adjustments
    expect(await sources('520100')).toEqual([source('520100', 'M', '上级转移支付', w(1500), 0)]);
    // on the cut-off day 年初, the day after 追加
    expect(await sources('520200')).toEqual([source('520200', null, '本级安排', w(150), w(50))]);
    // the arrangement side follows its documents: 中央's advance T05 is 年初, 某省's March T05s are not
    const transfers = await wh.all<{ region_code: string; initial_debit: number; adjust_debit: number }>(
      `select region_code, initial_debit, adjust_debit from marts.general_ledger
       where account_code = '500202' order by region_code`,
    );
    expect(transfers).toEqual([
      { region_code: '100000', initial_debit: w(1000), adjust_debit: 0 },
      { region_code: '520000', initial_debit: 0, adjust_debit: w(1500) },
    ]);
  });

  it('gives the rows of the `ledger` export when summed over source_type', async () => {
    const q = ledgerQuery({});
    const exported = await wh.all(q.sql, q.params);
    const fromMart = await wh.all(
      `select budget_year, region_code, fund_code, account_code, any_value(account_name) as account_name,
         sum(debit)::bigint as debit, sum(credit)::bigint as credit, sum(balance)::bigint as balance
       from marts.general_ledger
       group by budget_year, region_code, fund_code, account_code
       order by budget_year, region_code, fund_code nulls first, account_code`,
    );
    expect(exported.length).toBeGreaterThan(0);
    expect(fromMart).toEqual(exported);
  });
});

describe('the region roll-up', () => {
  type RollupRow = {
    account_code: string;
    source_type: string | null;
    balance: number;
    own_balance: number;
    below_balance: number;
    initial_balance: number;
    regions: number;
  };

  async function rollup(scope: string): Promise<RollupRow[]> {
    return wh.all<RollupRow>(
      `select account_code, source_type, balance, own_balance, below_balance, initial_balance, regions
       from marts.ledger_rollup where budget_year = 2020 and scope_code = $1
       order by account_code, source_type`,
      [scope],
    );
  }

  it('sums 某省 and everything below it, its own level apart', async () => {
    const r = (
      account: string,
      type: string | null,
      balance: number,
      own: number,
      initial: number,
      regions: number,
    ): RollupRow => ({
      account_code: account,
      source_type: type,
      balance,
      own_balance: own,
      below_balance: balance - own,
      initial_balance: initial,
      regions,
    });
    expect(await rollup('520000')).toEqual([
      r('1001', null, w(150), 0, w(50), 3),
      r('4001', '上级转移支付', -w(2500), -w(1000), -w(1000), 2),
      r('4001', '本级安排', -w(650), -w(500), -w(550), 2),
      r('5001', null, w(1500), 0, w(1500), 2),
      r('500202', null, w(1500), w(1500), 0, 1),
    ]);
  });

  it('holds every region at the top: 中央 and below is the whole ledger', async () => {
    const top = await rollup('100000');
    expect(top.find((x) => x.source_type === '本级安排')?.balance).toBe(-w(1650));
    expect(top.find((x) => x.account_code === '500202')).toMatchObject({ balance: w(2500), own_balance: w(1000) });
    // 甲一县 has no postings: its scope has no rows
    expect(await rollup('520101')).toEqual([]);
  });
});

describe('the invariants of the 总台账', () => {
  it('catch a mart that no longer balances or no longer matches the journal', async () => {
    const model = loadModels().find((m) => m.name === 'marts.general_ledger');
    if (!model) throw new Error('marts.general_ledger missing');
    const tests = dataTests(model);
    const run = async (name: string): Promise<number> => {
      const test = tests.find((t) => t.name === name);
      if (!test) throw new Error(`no test ${name}`);
      const result = await runDataTest(wh, model, test);
      expect(result.status).not.toBe('error');
      return result.failures;
    };
    const invariants = [
      'debit_equals_credit_per_region_year',
      'sources_equal_arrangements_per_region_year',
      'totals_equal_the_journal',
    ];
    for (const name of invariants) expect(await run(name), name).toBe(0);
    await wh.run(
      `insert into marts.general_ledger (budget_year, region_code, fund_code, account_code, source_type, account_name,
         debit, credit, balance, initial_debit, initial_credit, initial_balance, adjust_debit, adjust_credit,
         adjust_balance, postings)
       values (2020, '520100', 'M', '5201', null, '本级实际支付', 100, 0, 100, 0, 0, 0, 100, 0, 100, 1)`,
    );
    try {
      for (const name of invariants) expect(await run(name), name).toBe(1);
    } finally {
      await wh.run(`delete from marts.general_ledger where account_code = '5201'`);
    }
  });
});
