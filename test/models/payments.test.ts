/**
 * Payments to people and households (marts.payments, person_payments, household_payments, village_payments),
 * built by the real runner: a county with two townships and their villages, five people of the register (one
 * dead before the year, one not 建档立卡), a payee outside the register paid in a township, and payments under a
 * T04 posted through the real ledger engine. Then the incremental behaviour: a new month rebuilds that month
 * only and equals a full rebuild; a changed person (an upstream that is not the driver) rebuilds the mart whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addFunds,
  addRegions,
  ledgerWarehouse,
  postDocuments,
  TEST_FUNDS,
  TEST_REGIONS,
} from '../../ingest/ledger/ledger.fixtures.ts';
import { buildModels, type BuildResult, type ModelOutcome } from '../../models/index.ts';
import type { Row, Warehouse } from '../../warehouse/index.ts';

const SELECT = ['+marts.village_payments', '+marts.household_payments'];

// 甲一县 (520101): 甲乡 with 甲村 and 乙村, 乙乡 with 丙村.
const VILLAGES = [
  { code: '520101001', name: '甲乡', level: 'township', parent: '520101' },
  { code: '520101002', name: '乙乡', level: 'township', parent: '520101' },
  { code: '520101001001', name: '甲村', level: 'village', parent: '520101001' },
  { code: '520101001002', name: '乙村', level: 'village', parent: '520101001' },
  { code: '520101002001', name: '丙村', level: 'village', parent: '520101002' },
] as const;

/** [payment_id, person_id, name, village_code, pay_month, payable, paid, project_code, unit] */
type PaymentRow = [string, string, string, string, string, number, number, string, string];

const FIRST_MONTHS: PaymentRow[] = [
  ['X1', 'A1', '张三', '520101001001', '2020-01', 10000, 10000, 'CTY-1', '人'],
  ['X2', 'A2', '张四', '520101001001', '2020-01', 20000, 19000, 'CTY-1', '户'],
  ['X3', 'B9', '外人', '520101002', '2020-01', 5000, 5000, 'CTY-1', '人'],
  ['X4', 'A1', '张三', '520101001001', '2020-02', 10000, 10000, 'CTY-1', '人'],
  ['X5', 'A4', '李一', '520101002001', '2020-02', 3000, 3000, 'CTY-2', '人'],
];
const MARCH: PaymentRow[] = [
  ['X6', 'A1', '张三', '520101001001', '2020-03', 10000, 10000, 'CTY-2', '人'],
  ['X7', 'A5', '李二', '520101002001', '2020-03', 2500, 2500, 'CTY-1', '人'],
];

async function addPayments(wh: Warehouse, rows: readonly PaymentRow[]): Promise<void> {
  for (const [id, person, name, village, month, payable, paid, project, unit] of rows) {
    await wh.run(
      `insert into raw.payments (payment_id, doc_id, project_code, person_id, name, village_code, pay_month, payable,
         paid, unit, load_id) values ($1, 'DET20', $2, $3, $4, $5, $6, $7, $8, $9, 2)`,
      [id, project, person, name, village, month, payable, paid, unit],
    );
  }
}

async function build(wh: Warehouse, fullRefresh = false): Promise<BuildResult> {
  const result = await buildModels(wh, { select: SELECT, fullRefresh });
  expect(result.models.filter((m) => m.status !== 'built')).toEqual([]);
  // a test reading a model outside SELECT (project_code's relationship to the library) is skipped, not failed
  expect(result.tests.filter((t) => t.status === 'fail' || t.status === 'error')).toEqual([]);
  expect(result.ok).toBe(true);
  return result;
}

function outcome(result: BuildResult, name: string): ModelOutcome | undefined {
  return result.models.find((m) => m.name === name);
}

const INCREMENTAL_MARTS = ['payments', 'person_payments', 'household_payments', 'village_payments'];

/** Copies each incremental mart aside (main.incremental_<mart>), to compare with a full rebuild. */
async function keepIncremental(wh: Warehouse): Promise<void> {
  for (const m of INCREMENTAL_MARTS) {
    await wh.run(`create or replace table main.incremental_${m} as select * from marts.${m}`);
  }
}

/** Per mart, the rows only in the kept copy and the rows only in the mart now (`except all` both ways). */
async function differencesFromKept(wh: Warehouse): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const m of INCREMENTAL_MARTS) {
    const a = `main.incremental_${m}`;
    const b = `marts.${m}`;
    out[m] = [
      Number(await wh.value(`select count(*) from (select * from ${a} except all select * from ${b})`)),
      Number(await wh.value(`select count(*) from (select * from ${b} except all select * from ${a})`)),
    ];
  }
  return out;
}

const paymentRows = (wh: Warehouse): Promise<Row[]> => wh.all('select * from marts.payments order by payment_id');

describe('payments to people and households', () => {
  let wh: Warehouse;
  let first: BuildResult;
  beforeAll(async () => {
    wh = await ledgerWarehouse();
    await addRegions(wh, [...TEST_REGIONS, ...VILLAGES]);
    await addFunds(wh, TEST_FUNDS);
    const posted = await postDocuments(wh, [
      { id: 'OWN20', txn: 'T02', region: '520101', year: 2020, amount: 1000, fund: 'K' },
      { id: 'DET20', txn: 'T04', region: '520101', year: 2020, amount: 1000, source: 'OWN20', project: 'CTY-1' },
    ]);
    expect(posted.rejected).toEqual([]);
    await wh.run(
      `insert into raw.projects (project_code, project_name, region_code, category, load_id) values
         ('CTY-1', '产业奖补', '520101', '产业发展', 1), ('CTY-2', '教育资助', '520101', '教育', 1)`,
    );
    // A3 died in 2019, so is no longer counted in 2020; A5 is in the register but not 建档立卡; A6 is never paid.
    await wh.run(
      `insert into raw.beneficiaries (person_id, name, household_id, village_code, registered, status, status_date,
         load_id) values
         ('A1', '张三', 'H1', '520101001001', true, '未脱贫', null, 1),
         ('A2', '张四', 'H1', '520101001001', true, '已脱贫', '2020-06-30', 1),
         ('A3', '张五', 'H2', '520101001001', true, '死亡', '2019-06-01', 1),
         ('A4', '李一', 'H3', '520101002001', true, '未脱贫', null, 1),
         ('A5', '李二', 'H3', '520101002001', false, null, null, 1),
         ('A6', '赵六', 'H4', '520101002001', true, '未脱贫', null, 1)`,
    );
    await addPayments(wh, FIRST_MONTHS);
    first = await build(wh);
  }, 120_000);
  afterAll(() => wh?.closeAll());

  it('joins each payment once to its person, village, document and project', async () => {
    expect(outcome(first, 'marts.payments')).toMatchObject({ mode: 'full', partitions: ['2020-01', '2020-02'] });
    const rows = await wh.all(
      `select payment_id, pay_year, payable, paid, in_register, registered, village_code, region_code, doc_budget_year, project_code
       from marts.payments where payment_id in ('X2', 'X3') order by payment_id`,
    );
    expect(rows).toEqual([
      {
        payment_id: 'X2',
        pay_year: 2020,
        payable: 20000,
        paid: 19000,
        in_register: true,
        registered: true,
        village_code: '520101001001',
        region_code: '520101001001',
        doc_budget_year: 2020,
        project_code: 'CTY-1',
      },
      {
        // paid in a township, to a payee outside the register: the row stays, with the township as its place
        payment_id: 'X3',
        pay_year: 2020,
        payable: 5000,
        paid: 5000,
        in_register: false,
        registered: null,
        village_code: '520101002',
        region_code: '520101002',
        doc_budget_year: 2020,
        project_code: 'CTY-1',
      },
    ]);
    expect(await wh.value('select count(*) from marts.payments')).toBe(5);
    expect(await wh.value('select sum(paid)::bigint from marts.payments')).toBe(47000);
  });

  it('sums per person and year: payments, months, projects, payable and paid', async () => {
    const rows = await wh.all(
      `select person_id, name, in_register, household_id, village_code, payments, months_paid, projects, first_month,
         last_month, payable, paid
       from marts.person_payments order by person_id`,
    );
    expect(rows).toEqual([
      {
        person_id: 'A1',
        name: '张三',
        in_register: true,
        household_id: 'H1',
        village_code: '520101001001',
        payments: 2,
        months_paid: 2,
        projects: 1,
        first_month: '2020-01',
        last_month: '2020-02',
        payable: 20000,
        paid: 20000,
      },
      {
        person_id: 'A2',
        name: '张四',
        in_register: true,
        household_id: 'H1',
        village_code: '520101001001',
        payments: 1,
        months_paid: 1,
        projects: 1,
        first_month: '2020-01',
        last_month: '2020-01',
        payable: 20000,
        paid: 19000,
      },
      {
        person_id: 'A4',
        name: '李一',
        in_register: true,
        household_id: 'H3',
        village_code: '520101002001',
        payments: 1,
        months_paid: 1,
        projects: 1,
        first_month: '2020-02',
        last_month: '2020-02',
        payable: 3000,
        paid: 3000,
      },
      {
        person_id: 'B9',
        name: '外人',
        in_register: false,
        household_id: null,
        village_code: '520101002',
        payments: 1,
        months_paid: 1,
        projects: 1,
        first_month: '2020-01',
        last_month: '2020-01',
        payable: 5000,
        paid: 5000,
      },
    ]);
  });

  it('sums per household beside its size in the register, leaving out payees outside the register', async () => {
    const rows = await wh.all(
      `select household_id, pay_year, village_code, members, registered_members, people_paid, payments,
         household_unit_payments, months_paid, payable, paid
       from marts.household_payments order by household_id`,
    );
    expect(rows).toEqual([
      {
        household_id: 'H1',
        pay_year: 2020,
        village_code: '520101001001',
        members: 2,
        registered_members: 2,
        people_paid: 2,
        payments: 3,
        household_unit_payments: 1,
        months_paid: 2,
        payable: 40000,
        paid: 39000,
      },
      {
        household_id: 'H3',
        pay_year: 2020,
        village_code: '520101002001',
        members: 2,
        registered_members: 1,
        people_paid: 1,
        payments: 1,
        household_unit_payments: 0,
        months_paid: 1,
        payable: 3000,
        paid: 3000,
      },
    ]);
  });

  it('sums per village with people and households reached and the coverage of its registered people', async () => {
    const rows = await wh.all(
      `select village_code, pay_year, village_name, township_code, county_name, payments, people_reached, households_reached,
         registered_payees, registered_people, registered_reached, registered_coverage, payable, paid
       from marts.village_payments order by village_code`,
    );
    expect(rows).toEqual([
      {
        village_code: '520101001001',
        pay_year: 2020,
        village_name: '甲村',
        township_code: '520101001',
        county_name: '甲一县',
        payments: 3,
        people_reached: 2,
        households_reached: 1,
        registered_payees: 2,
        registered_people: 2,
        registered_reached: 2,
        registered_coverage: 1,
        payable: 40000,
        paid: 39000,
      },
      {
        village_code: '520101002',
        pay_year: 2020,
        village_name: '乙乡',
        township_code: '520101002',
        county_name: '甲一县',
        payments: 1,
        people_reached: 1,
        households_reached: 0,
        registered_payees: 0,
        registered_people: 0,
        registered_reached: 0,
        registered_coverage: null,
        payable: 5000,
        paid: 5000,
      },
      {
        // A4 paid, A6 registered and never paid, A5 not 建档立卡
        village_code: '520101002001',
        pay_year: 2020,
        village_name: '丙村',
        township_code: '520101002',
        county_name: '甲一县',
        payments: 1,
        people_reached: 1,
        households_reached: 1,
        registered_payees: 1,
        registered_people: 2,
        registered_reached: 1,
        registered_coverage: 0.5,
        payable: 3000,
        paid: 3000,
      },
    ]);
  });

  describe('incremental by pay month', () => {
    it('rebuilds only a new month, and the mart equals a full rebuild', async () => {
      await addPayments(wh, MARCH);
      const next = await build(wh);
      expect(outcome(next, 'marts.payments')).toMatchObject({ mode: 'incremental', partitions: ['2020-03'] });
      // the summaries by pay year rebuild the year the month belongs to
      expect(outcome(next, 'marts.person_payments')).toMatchObject({ mode: 'incremental', partitions: ['2020'] });
      const incremental = await paymentRows(wh);
      expect(incremental.map((r) => r['payment_id'])).toEqual(['X1', 'X2', 'X3', 'X4', 'X5', 'X6', 'X7']);
      expect(await wh.value('select sum(paid)::bigint from marts.payments')).toBe(59500);

      await keepIncremental(wh);
      expect(await wh.value('select count(*) from main.incremental_village_payments')).toBeGreaterThan(0);

      const full = await build(wh, true);
      expect(outcome(full, 'marts.payments')).toMatchObject({ mode: 'full' });
      expect(await paymentRows(wh)).toEqual(incremental);
      // every incremental mart equals its full rebuild, row for row
      expect(await differencesFromKept(wh)).toEqual(Object.fromEntries(INCREMENTAL_MARTS.map((m) => [m, [0, 0]])));
    });

    it('carries the new month into the summaries', async () => {
      expect(
        await wh.one(
          `select payments, months_paid, projects, last_month, paid from marts.person_payments where person_id = 'A1'`,
        ),
      ).toEqual({ payments: 3, months_paid: 3, projects: 2, last_month: '2020-03', paid: 30000 });
      expect(
        await wh.one(`select people_paid, payments, paid from marts.household_payments where household_id = 'H3'`),
      ).toEqual({ people_paid: 2, payments: 2, paid: 5500 });
      expect(
        await wh.one(
          `select people_reached, households_reached, registered_payees, registered_reached, paid
           from marts.village_payments where village_code = '520101002001'`,
        ),
      ).toEqual({ people_reached: 2, households_reached: 1, registered_payees: 1, registered_reached: 1, paid: 5500 });
    });

    it('rebuilds only a new year in the per person and per household summaries, equal to a full rebuild', async () => {
      await addPayments(wh, [['X8', 'A2', '张四', '520101001001', '2021-01', 8000, 8000, 'CTY-1', '人']]);
      const next = await build(wh);
      expect(outcome(next, 'marts.payments')).toMatchObject({ mode: 'incremental', partitions: ['2021-01'] });
      expect(outcome(next, 'marts.person_payments')).toMatchObject({ mode: 'incremental', partitions: ['2021'] });
      expect(outcome(next, 'marts.household_payments')).toMatchObject({ mode: 'incremental', partitions: ['2021'] });
      expect(outcome(next, 'marts.village_payments')).toMatchObject({ mode: 'incremental', partitions: ['2021'] });
      const summaries = async (): Promise<Row[][]> => [
        await wh.all('select * from marts.person_payments order by person_id, pay_year'),
        await wh.all('select * from marts.household_payments order by household_id, pay_year'),
        await wh.all('select * from marts.village_payments order by village_code, pay_year'),
      ];
      const incremental = await summaries();
      expect(
        await wh.all(`select household_id, pay_year, people_paid, payments, paid from marts.household_payments
          where pay_year = 2021`),
      ).toEqual([{ household_id: 'H1', pay_year: 2021, people_paid: 1, payments: 1, paid: 8000 }]);
      // 2021: 甲村's A1 and A2 are still registered, A2 alone is paid
      expect(
        await wh.one(`select registered_people, registered_reached, registered_coverage, paid from marts.village_payments
          where village_code = '520101001001' and pay_year = 2021`),
      ).toEqual({ registered_people: 2, registered_reached: 1, registered_coverage: 0.5, paid: 8000 });

      await keepIncremental(wh);
      await build(wh, true);
      expect(await summaries()).toEqual(incremental);
      expect(await differencesFromKept(wh)).toEqual(Object.fromEntries(INCREMENTAL_MARTS.map((m) => [m, [0, 0]])));
    });

    it('rebuilds the mart whole when a person changes (an upstream that is not the driver)', async () => {
      const unchanged = await build(wh);
      expect(outcome(unchanged, 'marts.payments')).toMatchObject({ mode: 'incremental', partitions: [] });

      await wh.run(`update raw.beneficiaries set registered = false where person_id = 'A4'`);
      const changed = await build(wh);
      expect(outcome(changed, 'marts.payments')).toMatchObject({ mode: 'full' });
      expect(await wh.one(`select registered, in_register from marts.payments where payment_id = 'X5'`)).toEqual({
        registered: false,
        in_register: true,
      });
      expect(await wh.value('select count(*) from marts.payments')).toBe(8);
    });
  });
});
