/**
 * The consolidated view (marts.consolidated, ledger.md "Consolidation") and allocation and spending progress
 * (marts.allocation_progress), built by the real runner over documents posted through the real ledger engine:
 * ledger.md's worked example consolidates to 1500万 (1000 中央 + 500 省), not the 4000万 summed over levels;
 * a transfer left in transit, a 横向 transfer partly imported from outside the province, and a year-end
 * carry-over (T10) keep every scope balanced; progress ratios of a city that details, plans and pays part of
 * its money.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels, type BuildResult } from '../../models/index.ts';
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

// ledger.md, "Worked example": 中央 100000, 某省 520000, 某市 (甲市) 520100.
const WORKED_EXAMPLE: DocFixture[] = [
  { id: 'S1', txn: 'T02', region: '100000', year: 2020, amount: wan(1000), fund: 'C' },
  { id: 'S2', txn: 'T05', region: '100000', year: 2020, amount: wan(1000), source: 'S1', target: '520000' },
  { id: 'S3', txn: 'T01', region: '520000', year: 2020, amount: wan(1000), source: 'S2', fund: 'P' },
  { id: 'S4', txn: 'T02', region: '520000', year: 2020, amount: wan(500), fund: 'P' },
  { id: 'S5a', txn: 'T05', region: '520000', year: 2020, amount: wan(1000), source: 'S3', target: '520100' },
  { id: 'S5b', txn: 'T05', region: '520000', year: 2020, amount: wan(500), source: 'S4', target: '520100' },
  { id: 'S6a', txn: 'T01', region: '520100', year: 2020, amount: wan(1000), source: 'S5a', fund: 'M' },
  { id: 'S6b', txn: 'T01', region: '520100', year: 2020, amount: wan(500), source: 'S5b', fund: 'M' },
];

// 甲市 details 600万 of its money to a project (T04), plans 200万 of it (T07) and pays 100万 (T08).
const SPENDING: DocFixture[] = [
  { id: 'D1', txn: 'T04', region: '520100', year: 2020, amount: wan(600), source: 'S6a', project: 'XM-1' },
  { id: 'D2', txn: 'T07', region: '520100', year: 2020, amount: wan(200), source: 'D1' },
  { id: 'D3', txn: 'T08', region: '520100', year: 2020, amount: wan(100), source: 'D2' },
];

// 甲市 transfers 300万 to 甲一县 (520101), which has not imported it (in transit); 东部省 (330000, outside 某省)
// arranges 200万 and transfers it 横向 to 甲一县, which imports 150万 without a fund and registers it into K.
const TRANSIT_AND_LATERAL: DocFixture[] = [
  { id: 'T1', txn: 'T05', region: '520100', year: 2020, amount: wan(300), source: 'S6a', target: '520101' },
  { id: 'E1', txn: 'T02', region: '330000', year: 2020, amount: wan(200), fund: 'E' },
  { id: 'E2', txn: 'T06', region: '330000', year: 2020, amount: wan(200), source: 'E1', target: '520101' },
  { id: 'E3', txn: 'T01', region: '520101', year: 2020, amount: wan(150), source: 'E2' },
  { id: 'E4', txn: 'T03', region: '520101', year: 2020, amount: wan(150), source: 'E3', fund: 'K' },
];

type ConsolidatedRow = {
  scope_code: string;
  sources: number;
  own_arranged: number;
  carried_in: number;
  from_outside_upper: number;
  from_outside_lateral: number;
  arrangements: number;
  own_spending: number;
  undistributed: number;
  in_transit: number;
  leaving_scope: number;
  carried_out: number;
  summed_sources: number;
  eliminated: number;
};

const CONSOLIDATED_COLUMNS = `scope_code, sources, own_arranged, carried_in, from_outside_upper, from_outside_lateral,
  arrangements, own_spending, undistributed, in_transit, leaving_scope, carried_out, summed_sources, eliminated`;

async function consolidated(wh: Warehouse, year: number): Promise<ConsolidatedRow[]> {
  return wh.all<ConsolidatedRow>(
    `select ${CONSOLIDATED_COLUMNS} from marts.consolidated where budget_year = $1 order by scope_code`,
    [year],
  );
}

/** A consolidated row from its parts (万); sources and arrangements are their sums. */
function scope(
  code: string,
  src: { own?: number; carriedIn?: number; upper?: number; lateral?: number },
  use: { spending?: number; undistributed?: number; transit?: number; leaving?: number; carriedOut?: number },
  summed: number,
  eliminated: number,
): ConsolidatedRow {
  const s = { own: 0, carriedIn: 0, upper: 0, lateral: 0, ...src };
  const u = { spending: 0, undistributed: 0, transit: 0, leaving: 0, carriedOut: 0, ...use };
  return {
    scope_code: code,
    sources: w(s.own + s.carriedIn + s.upper + s.lateral),
    own_arranged: w(s.own),
    carried_in: w(s.carriedIn),
    from_outside_upper: w(s.upper),
    from_outside_lateral: w(s.lateral),
    arrangements: w(u.spending + u.undistributed + u.transit + u.leaving + u.carriedOut),
    own_spending: w(u.spending),
    undistributed: w(u.undistributed),
    in_transit: w(u.transit),
    leaving_scope: w(u.leaving),
    carried_out: w(u.carriedOut),
    summed_sources: w(summed),
    eliminated: w(eliminated),
  };
}

function expectAllPassed(built: BuildResult): void {
  expect(built.models.filter((m) => m.status !== 'built')).toEqual([]);
  expect(built.tests.filter((t) => t.status !== 'pass')).toEqual([]);
  expect(built.ok).toBe(true);
}

const SELECT = ['+marts.consolidated', '+marts.allocation_progress'];

describe('the worked example, with 甲市 spending part of its money', () => {
  let wh: Warehouse;
  let built: BuildResult;

  beforeAll(async () => {
    wh = await ledgerWarehouse();
    await addRegions(wh, TEST_REGIONS);
    await addFunds(wh, TEST_FUNDS);
    const posted = await postDocuments(wh, [...WORKED_EXAMPLE, ...SPENDING]);
    expect(posted.rejected).toEqual([]);
    built = await buildModels(wh, { select: SELECT });
  });

  afterAll(() => wh.closeAll());

  it('builds, and every test of the models passes', () => {
    expectAllPassed(built);
    const names = built.tests.filter((t) => t.model === 'marts.consolidated').map((t) => t.test);
    expect(names).toEqual(
      expect.arrayContaining([
        'sources_equal_arrangements_per_scope_year',
        'top_scope_sources_are_own_and_carried_of_every_level',
        'eliminated_and_in_transit_equal_the_interlock',
        'worked_example_consolidates_to_1500',
        'transit_lateral_and_carry_over',
      ]),
    );
  });

  it('consolidates to 1500万 (1000 中央 + 500 省), not the 4000万 summed over levels', async () => {
    expect(await consolidated(wh, 2020)).toEqual([
      scope('100000', { own: 1500 }, { spending: 600, undistributed: 900 }, 4000, 2500),
      scope('520000', { own: 500, upper: 1000 }, { spending: 600, undistributed: 900 }, 3000, 1500),
      scope('520100', { upper: 1500 }, { spending: 600, undistributed: 900 }, 1500, 0),
    ]);
  });

  it('measures allocation and spending progress per region and fund', async () => {
    const rows = await wh.all(
      `select region_code, fund_code, received_central, received_province, own_arranged, available, allocated,
         undistributed, paid, allocation_progress, spending_progress
       from marts.allocation_progress where budget_year = 2020 order by region_code`,
    );
    expect(rows).toEqual([
      {
        region_code: '100000',
        fund_code: 'C',
        received_central: 0,
        received_province: 0,
        own_arranged: w(1000),
        available: w(1000),
        allocated: w(1000),
        undistributed: 0,
        paid: 0,
        allocation_progress: 1,
        spending_progress: 0,
      },
      {
        region_code: '520000',
        fund_code: 'P',
        received_central: w(1000),
        received_province: 0,
        own_arranged: w(500),
        available: w(1500),
        allocated: w(1500),
        undistributed: 0,
        paid: 0,
        allocation_progress: 1,
        spending_progress: 0,
      },
      {
        // 已分配 600万 = 500201 400 + 5101 100 + 5201 100; 支出进度 100 / 1500
        region_code: '520100',
        fund_code: 'M',
        received_central: 0,
        received_province: w(1500),
        own_arranged: 0,
        available: w(1500),
        allocated: w(600),
        undistributed: w(900),
        paid: w(100),
        allocation_progress: 0.4,
        spending_progress: 1 / 15,
      },
    ]);
    const top = await wh.one<{ allocation_progress: number; spending_progress: number }>(
      `select allocation_progress, spending_progress from marts.consolidated
       where budget_year = 2020 and scope_code = '100000'`,
    );
    expect(top).toEqual({ allocation_progress: 0.4, spending_progress: 1 / 15 });
  });
});

describe('a transfer in transit, a 横向 transfer from outside, and a year-end carry-over', () => {
  let wh: Warehouse;
  let built: BuildResult;

  beforeAll(async () => {
    wh = await ledgerWarehouse();
    await addRegions(wh, TEST_REGIONS);
    await addFunds(wh, [...TEST_FUNDS, { region: '330000', code: 'E', name: '东西部协作资金' }]);
    const posted = await postDocuments(wh, [...WORKED_EXAMPLE, ...TRANSIT_AND_LATERAL]);
    expect(posted.rejected).toEqual([]);
    // 年终结转 2020: S6a's 700万 (1000 − 300 transferred), S6b's 500万 and E4's 150万 go into 2021 (T10s).
    expect((await carryOverYear(wh, 2020, { loadId: 2 })).rejected).toEqual([]);
    built = await buildModels(wh, { select: SELECT });
  });

  afterAll(() => wh.closeAll());

  it('builds, and every test of the models passes', () => {
    expectAllPassed(built);
  });

  it('balances every scope of 2020: in transit inside, 横向 from or to outside, 结转下年 as a use', async () => {
    expect(await consolidated(wh, 2020)).toEqual([
      // everything is inside: 300万 甲市→甲一县 and 50万 of the 横向 200万 are in transit
      scope('100000', { own: 1700 }, { transit: 350, carriedOut: 1350 }, 3000, 2650),
      // 某省 and below: 中央's 1000万 and 东部省's imported 150万 come from outside; its unimported 50万 is
      // no business of 某省's
      scope('330000', { own: 200 }, { leaving: 200 }, 200, 0),
      scope('520000', { own: 500, upper: 1000, lateral: 150 }, { transit: 300, carriedOut: 1350 }, 1800, 1500),
      scope('520100', { upper: 1500, lateral: 150 }, { transit: 300, carriedOut: 1350 }, 300, 0),
      // 甲一县 has not imported the 300万: it sees only the 150万 it took in, all carried into 2021
      scope('520101', { lateral: 150 }, { carriedOut: 150 }, 0, 0),
    ]);
  });

  it('brings the carried money into 2021 as 上年结转', async () => {
    expect((await consolidated(wh, 2021)).find((r) => r.scope_code === '100000')).toEqual(
      scope('100000', { carriedIn: 1350 }, { undistributed: 1350 }, 1350, 0),
    );
    const county = await wh.all(
      `select budget_year, fund_code, received_lateral, registered_net, carried_in, carried_out, available,
         allocation_progress
       from marts.allocation_progress where region_code = '520101' order by budget_year, fund_code nulls first`,
    );
    expect(county).toEqual([
      // received without a fund and registered into K by the T03; the T10 that carries K's 150万 whole into
      // 2021 mirrors the import too (its 4001 line has no fund), so the carry-out shows on the fund-less row
      // and in 2020 nothing is left of either
      {
        budget_year: 2020,
        fund_code: null,
        received_lateral: w(150),
        registered_net: 0,
        carried_in: 0,
        carried_out: w(150),
        available: 0,
        allocation_progress: null,
      },
      {
        budget_year: 2020,
        fund_code: 'K',
        received_lateral: 0,
        registered_net: 0,
        carried_in: 0,
        carried_out: 0,
        available: 0,
        allocation_progress: null,
      },
      {
        budget_year: 2021,
        fund_code: 'K',
        received_lateral: 0,
        registered_net: 0,
        carried_in: w(150),
        carried_out: 0,
        available: w(150),
        allocation_progress: 0,
      },
    ]);
  });
});
