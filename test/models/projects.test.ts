/**
 * The project library across years (marts.project_funding, project_relations, project_library), built by the real
 * runner over documents posted through the real ledger engine: a county project funded in two years from three
 * origins (中央 through a province project's transfer, its own county, the province), planned against actual, and
 * a relation of each kind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addFunds,
  addRegions,
  ledgerWarehouse,
  postDocuments,
  TEST_FUNDS,
  TEST_REGIONS,
  type DocFixture,
} from '../../ingest/ledger/ledger.fixtures.ts';
import { buildModels } from '../../models/index.ts';
import type { Warehouse } from '../../warehouse/index.ts';

/** the models and the staging views their relationships tests read */
const SELECT = ['+marts.project_library', '+marts.project_relations', 'staging.*'];

// 2019: 中央 600.00 → 省 → 甲市 (the province's transfer names its project PROV-1) → 甲一县 → T04 of CTY-1,
// of which 500.00 planned for payment and 450.00 paid, then 50.00 of the payment corrected (T09);
// 甲一县's own 200.00 → T04 of CTY-1. 2020: 省's own 300.00 → 甲市 → 甲一县 → T04 of CTY-1.
const DOCS: DocFixture[] = [
  { id: 'ROOT19', txn: 'T02', region: '100000', year: 2019, amount: 600, fund: 'C' },
  { id: 'TO-P19', txn: 'T05', region: '100000', year: 2019, amount: 600, source: 'ROOT19', target: '520000' },
  { id: 'PROV19', txn: 'T01', region: '520000', year: 2019, amount: 600, source: 'TO-P19', fund: 'P' },
  {
    id: 'TO-M19',
    txn: 'T05',
    region: '520000',
    year: 2019,
    amount: 600,
    source: 'PROV19',
    target: '520100',
    project: 'PROV-1',
  },
  { id: 'CITY19', txn: 'T01', region: '520100', year: 2019, amount: 600, source: 'TO-M19', fund: 'M' },
  { id: 'TO-K19', txn: 'T05', region: '520100', year: 2019, amount: 600, source: 'CITY19', target: '520101' },
  { id: 'CNTY19', txn: 'T01', region: '520101', year: 2019, amount: 600, source: 'TO-K19', fund: 'K' },
  { id: 'DET19', txn: 'T04', region: '520101', year: 2019, amount: 600, source: 'CNTY19', project: 'CTY-1' },
  { id: 'PLAN19', txn: 'T07', region: '520101', year: 2019, amount: 500, source: 'DET19' },
  { id: 'PAY19', txn: 'T08', region: '520101', year: 2019, amount: 450, source: 'PLAN19' },
  { id: 'RED19', txn: 'T09', region: '520101', year: 2019, amount: -50, corrects: 'PAY19' },
  { id: 'OWN19', txn: 'T02', region: '520101', year: 2019, amount: 200, fund: 'K' },
  { id: 'DET19B', txn: 'T04', region: '520101', year: 2019, amount: 200, source: 'OWN19', project: 'CTY-1' },
  { id: 'PROV20', txn: 'T02', region: '520000', year: 2020, amount: 300, fund: 'P' },
  { id: 'TO-M20', txn: 'T05', region: '520000', year: 2020, amount: 300, source: 'PROV20', target: '520100' },
  { id: 'CITY20', txn: 'T01', region: '520100', year: 2020, amount: 300, source: 'TO-M20', fund: 'M' },
  { id: 'TO-K20', txn: 'T05', region: '520100', year: 2020, amount: 300, source: 'CITY20', target: '520101' },
  { id: 'CNTY20', txn: 'T01', region: '520101', year: 2020, amount: 300, source: 'TO-K20', fund: 'K' },
  { id: 'DET20', txn: 'T04', region: '520101', year: 2020, amount: 300, source: 'CNTY20', project: 'CTY-1' },
];

describe('the project library across years', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await ledgerWarehouse();
    await addRegions(wh, TEST_REGIONS);
    await addFunds(wh, TEST_FUNDS);
    // CTY-1 plans 1000.01 元 over 2019–2020, under the province's PROV-1, applied to the province; CTY-2 applied
    // to 甲市 and got nothing yet.
    await wh.run(
      `insert into raw.projects (project_code, project_name, region_code, start_year, end_year, planned_amount,
         parent_project_code, applied_to_region, status, load_id) values
         ('PROV-1', '省级示范工程', '520000', 2019, 2020, 5000000, null, null, '实施', 1),
         ('CTY-1', '县道硬化', '520101', 2019, 2020, 100001, 'PROV-1', '520000', '实施', 1),
         ('CTY-2', '村卫生室', '520101', 2020, 2020, 80000, null, '520100', '储备', 1)`,
    );
    const posted = await postDocuments(wh, DOCS);
    expect(posted.rejected).toEqual([]);
    const result = await buildModels(wh, { select: SELECT });
    expect(result.tests.filter((t) => t.severity === 'error' && t.status !== 'pass')).toEqual([]);
    expect(result.models.filter((m) => m.status !== 'built')).toEqual([]);
    expect(result.ok).toBe(true);
  }, 120_000);
  afterAll(() => wh?.closeAll());

  it('funds CTY-1 in two years by origin, planned against detailed, planned for payment and paid', async () => {
    const rows = await wh.all(
      `select budget_year, planned, funded, funded_central, funded_province, funded_city, funded_county, funded_own,
         funded_horizontal, planned_for_payment, paid, unfunded
       from marts.project_funding where project_code = 'CTY-1' order by budget_year`,
    );
    expect(rows).toEqual([
      {
        budget_year: 2019,
        planned: 50001,
        funded: 80000,
        funded_central: 60000,
        funded_province: 0,
        funded_city: 0,
        funded_county: 0,
        funded_own: 20000,
        funded_horizontal: 0,
        planned_for_payment: 50000,
        paid: 40000,
        unfunded: -29999,
      },
      {
        budget_year: 2020,
        planned: 50000,
        funded: 30000,
        funded_central: 0,
        funded_province: 30000,
        funded_city: 0,
        funded_county: 0,
        funded_own: 0,
        funded_horizontal: 0,
        planned_for_payment: 0,
        paid: 0,
        unfunded: 20000,
      },
    ]);
  });

  it('keeps planned years without funding: CTY-2 in 2020, PROV-1 spread over two years', async () => {
    const rows = await wh.all(
      `select project_code, budget_year, planned, funded from marts.project_funding
       where project_code in ('CTY-2', 'PROV-1') order by project_code, budget_year`,
    );
    expect(rows).toEqual([
      { project_code: 'CTY-2', budget_year: 2020, planned: 80000, funded: 0 },
      { project_code: 'PROV-1', budget_year: 2019, planned: 2500000, funded: 0 },
      { project_code: 'PROV-1', budget_year: 2020, planned: 2500000, funded: 0 },
    ]);
  });

  it('derives a relation of each kind', async () => {
    const rows = await wh.all(
      `select project_code, relation, related_project_code, related_region_code, amount
       from marts.project_relations order by project_code, relation`,
    );
    expect(rows).toEqual([
      {
        project_code: 'CTY-1',
        relation: 'applied_to',
        related_project_code: 'PROV-1',
        related_region_code: '520000',
        amount: 60000,
      },
      {
        project_code: 'CTY-1',
        relation: 'funded_through',
        related_project_code: 'PROV-1',
        related_region_code: '520000',
        amount: 60000,
      },
      {
        project_code: 'CTY-1',
        relation: 'parent',
        related_project_code: 'PROV-1',
        related_region_code: '520000',
        amount: null,
      },
      {
        project_code: 'CTY-2',
        relation: 'applied_to',
        related_project_code: null,
        related_region_code: '520100',
        amount: null,
      },
    ]);
  });

  it('one library row per project with its funded years, totals and by-year amounts', async () => {
    const row = await wh.one(
      `select first_funded_year, last_funded_year, funded_years, planned, planned_in_years, funded, funded_central,
         funded_province, funded_own, planned_for_payment, paid, unfunded, by_year::varchar as by_year
       from marts.project_library where project_code = 'CTY-1'`,
    );
    expect(row).toEqual({
      first_funded_year: 2019,
      last_funded_year: 2020,
      funded_years: 2,
      planned: 100001,
      planned_in_years: 100001,
      funded: 110000,
      funded_central: 60000,
      funded_province: 30000,
      funded_own: 20000,
      planned_for_payment: 50000,
      paid: 40000,
      unfunded: -9999,
      by_year:
        "[{'budget_year': 2019, 'planned': 50001, 'funded': 80000, 'planned_for_payment': 50000, 'paid': 40000}, " +
        "{'budget_year': 2020, 'planned': 50000, 'funded': 30000, 'planned_for_payment': 0, 'paid': 0}]",
    });
    expect(await wh.value(`select count(*) from marts.project_library`)).toBe(3);
  });
});
