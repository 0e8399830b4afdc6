/**
 * People and payments for the grids: a project's payees (marts.project_people summed per person) or a region's
 * (marts.person_payments), and individual payments (marts.payments, with the payee's account from
 * staging.stg_raw__payments by payment_id for the page's rows only). Sort columns are a fixed list; ids and
 * accounts are masked in SQL unless the user may see them; every query is limited to the scope's villages.
 */
import { sql } from 'kysely';
import { kyselyFor, type Warehouse } from '../../warehouse/index.ts';
import { below } from './region.scope.ts';
import { maskedAccount, maskedId } from './masking.sql.ts';

export const PEOPLE_SORTS = [
  'person_id',
  'name',
  'village_code',
  'payments',
  'payable',
  'paid',
  'first_month',
  'last_month',
] as const;
export const PAYMENT_SORTS = [
  'payment_id',
  'pay_month',
  'person_id',
  'name',
  'village_code',
  'payable',
  'paid',
  'project_code',
  'doc_id',
] as const;

export interface PeopleFilter {
  /** the scope's (or a drilled) region: only villages below it */
  region: string;
  year: number;
  project?: string | undefined;
  /** name contains (or, unmasked, id starts with) */
  q?: string | undefined;
  unmask: boolean;
  /**
   * with `project`: every payee of the project and year has one row of marts.project_people (onePerPayee), so its
   * rows are the payees' without grouping
   */
  onePerPayee?: boolean | undefined;
}

export interface Paging<S extends string> {
  page: number;
  pageSize: number;
  sort: S;
  dir: 'asc' | 'desc';
}

export interface PersonRecord {
  person_key: string;
  person_id: string | null;
  name: string | null;
  household_id: string | null;
  village_code: string | null;
  village_name: string | null;
  registered: boolean | null;
  payments: number;
  payable: number;
  paid: number;
  first_month: string | null;
  last_month: string | null;
}

/** One person's row of the filter (person_key = the real id, never sent as is). */
interface PeopleSourceRow {
  person_key: string;
  name: string | null;
  household_id: string | null;
  village_code: string | null;
  registered: boolean | null;
  payments: number | null;
  payable: number | null;
  paid: number | null;
  first_month: string | null;
  last_month: string | null;
}

/** The per-person rows of the filter, as one derived table `x`. */
function peopleSource(wh: Warehouse, f: PeopleFilter) {
  const db = kyselyFor(wh);
  if (f.project !== undefined && f.onePerPayee) {
    // one row per payee: the rows of the scope's villages are the payees' as they are (a third of the time)
    return db
      .selectFrom('marts.project_people as pj')
      .select([
        'pj.person_id as person_key',
        'pj.name',
        'pj.household_id',
        'pj.village_code',
        'pj.registered',
        'pj.payments',
        'pj.payable',
        'pj.paid',
        'pj.first_month',
        'pj.last_month',
      ])
      .where('pj.project_code', '=', f.project)
      .where('pj.pay_year', '=', f.year)
      .where((eb) => below(eb, 'pj.village_code', f.region))
      .$castTo<PeopleSourceRow>()
      .as('x');
  }
  if (f.project !== undefined) {
    // marts.project_people: the project's payments summed per person and village, ordered by project; the scope
    // filter reads the village the payments were made in, as it would on marts.payments
    return db
      .selectFrom('marts.project_people as pj')
      .select([
        'pj.person_id as person_key',
        sql<string | null>`any_value(pj.name)`.as('name'),
        sql<string | null>`any_value(pj.household_id)`.as('household_id'),
        sql<string | null>`any_value(pj.village_code)`.as('village_code'),
        sql<boolean | null>`any_value(pj.registered)`.as('registered'),
        sql<number>`sum(pj.payments)::bigint`.as('payments'),
        sql<number>`sum(pj.payable)::bigint`.as('payable'),
        sql<number>`sum(pj.paid)::bigint`.as('paid'),
        sql<string | null>`min(pj.first_month)`.as('first_month'),
        sql<string | null>`max(pj.last_month)`.as('last_month'),
      ])
      .where('pj.project_code', '=', f.project)
      .where('pj.pay_year', '=', f.year)
      .where((eb) => below(eb, 'pj.village_code', f.region))
      .groupBy('pj.person_id')
      .$castTo<PeopleSourceRow>()
      .as('x');
  }
  return db
    .selectFrom('marts.person_payments as pp')
    .select([
      'pp.person_id as person_key',
      'pp.name',
      'pp.household_id',
      'pp.village_code',
      'pp.registered',
      'pp.payments',
      'pp.payable',
      'pp.paid',
      'pp.first_month',
      'pp.last_month',
    ])
    .where('pp.pay_year', '=', f.year)
    .where((eb) => below(eb, 'pp.village_code', f.region))
    .$castTo<PeopleSourceRow>()
    .as('x');
}

/** The per-person rows of the filter and its name (or id) search, as `x`. */
function peopleQuery(wh: Warehouse, f: PeopleFilter) {
  let q = kyselyFor(wh).selectFrom(peopleSource(wh, f));
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      f.unmask
        ? eb.or([sql<boolean>`x.name like ${like} escape '\\'`, eb('x.person_key', 'like', `${f.q}%`)])
        : sql<boolean>`x.name like ${like} escape '\\'`,
    );
  }
  return q;
}

/**
 * With `paging` the page (JSON, Arrow); without it every row, `registered` as 是/否 text, for a download. The
 * villages' names are joined to the page's rows only, after the sort and limit.
 */
export function peopleRowsQuery(wh: Warehouse, f: PeopleFilter, paging?: Paging<(typeof PEOPLE_SORTS)[number]>) {
  let rows = peopleQuery(wh, f).select([
    'x.person_key',
    'x.name',
    'x.household_id',
    'x.village_code',
    'x.registered',
    'x.payments',
    'x.payable',
    'x.paid',
    'x.first_month',
    'x.last_month',
    // the totals of the whole filter in the same pass (windows are computed before the limit)
    sql<number>`count(*) over ()`.as('total_rows'),
    sql<number>`sum(x.paid) over ()`.as('total_paid'),
  ]);
  const sortCol = paging?.sort === 'person_id' ? 'person_key' : (paging?.sort ?? 'person_key');
  if (paging) {
    rows = rows
      .orderBy(sql.ref(`x.${sortCol}`), paging.dir)
      .orderBy('x.person_key')
      .limit(paging.pageSize)
      .offset((paging.page - 1) * paging.pageSize);
  }
  let q = kyselyFor(wh)
    .selectFrom(rows.as('pg'))
    .leftJoin('marts.regions as v', 'v.code', 'pg.village_code')
    .select([
      'pg.person_key',
      maskedId(sql.ref('pg.person_key'), f.unmask).as('person_id'),
      'pg.name',
      'pg.household_id',
      'pg.village_code',
      'v.name as village_name',
      paging
        ? sql<boolean | null>`pg.registered`.as('registered')
        : sql<boolean | null>`case when pg.registered then '是' when not pg.registered then '否' end`.as('registered'),
      'pg.payments',
      'pg.payable',
      'pg.paid',
      'pg.first_month',
      'pg.last_month',
      'pg.total_rows',
      'pg.total_paid',
    ]);
  if (paging) q = q.orderBy(sql.ref(`pg.${sortCol}`), paging.dir).orderBy('pg.person_key');
  return q;
}

/**
 * Whether every payee of `project` in `year` has one row of marts.project_people (one village), from
 * marts.project_year_people: then the people grid need not group the rows per payee.
 */
export async function onePerPayee(wh: Warehouse, project: string, year: number): Promise<boolean> {
  const row = await kyselyFor(wh)
    .selectFrom('marts.project_year_people')
    .select(['rows', 'people'])
    .where('project_code', '=', project)
    .where('pay_year', '=', year)
    .executeTakeFirst();
  return row !== undefined && Number(row.rows) === Number(row.people);
}

export async function peopleTotals(
  wh: Warehouse,
  f: PeopleFilter,
): Promise<{ total_rows: number; total_paid: number }> {
  const row = await peopleQuery(wh, f)
    .select([sql<number>`count(*)::bigint`.as('n'), sql<number>`coalesce(sum(x.paid), 0)::bigint`.as('paid')])
    .executeTakeFirstOrThrow();
  return { total_rows: Number(row.n), total_paid: Number(row.paid) };
}

export interface PaymentsFilter {
  region: string;
  year?: number | undefined;
  month?: string | undefined;
  person?: string | undefined;
  /** with `person`: the villages the person was paid in (personVillages), where the person's payments lie */
  personVillages?: readonly string[] | undefined;
  project?: string | undefined;
  doc?: string | undefined;
  payment?: string | undefined;
  /** the payments received by this account (from staging.stg_raw__payments) */
  account?: string | undefined;
  unmask: boolean;
}

function paymentsQuery(wh: Warehouse, f: PaymentsFilter) {
  let q = kyselyFor(wh)
    .selectFrom('marts.payments as p')
    .where((eb) => below(eb, 'p.village_code', f.region));
  if (f.year !== undefined) q = q.where('p.pay_year', '=', f.year);
  if (f.month !== undefined) q = q.where('p.pay_month', '=', f.month);
  if (f.person !== undefined) {
    const person = f.person;
    const villages = f.personVillages;
    if (villages !== undefined) {
      // marts.payments is ordered by month and village: with the villages as constants DuckDB reads only their
      // row groups instead of all 30 M rows. The person is compared after the scan (coalesce keeps it out of the
      // scan's filters), on the villages' rows only rather than on every row of those row groups.
      q = q
        .where((eb) => (villages.length > 0 ? eb('p.village_code', 'in', villages) : sql<boolean>`false`))
        .where(sql<boolean>`coalesce(p.person_id, '') = ${person}`);
    } else q = q.where('p.person_id', '=', person);
  }
  if (f.project !== undefined) q = q.where('p.project_code', '=', f.project);
  if (f.doc !== undefined) q = q.where('p.doc_id', '=', f.doc);
  if (f.payment !== undefined) q = q.where('p.payment_id', '=', f.payment);
  if (f.account !== undefined) {
    const account = f.account;
    q = q.where('p.payment_id', 'in', (eb) =>
      eb.selectFrom('staging.stg_raw__payments').select('payment_id').where('account_no', '=', account),
    );
  }
  return q;
}

/** The payments of the filter from marts.payments (a page with `paging`), with the totals of the whole filter. */
function paymentsPage(wh: Warehouse, f: PaymentsFilter, paging?: Paging<(typeof PAYMENT_SORTS)[number]>) {
  let page = paymentsQuery(wh, f).select([
    'p.payment_id',
    'p.pay_month',
    'p.person_id as person_key',
    'p.name',
    'p.village_code',
    'p.doc_id',
    'p.project_code',
    'p.payable',
    'p.paid',
    sql<number>`count(*) over ()`.as('total_rows'),
    sql<number>`sum(p.paid) over ()`.as('total_paid'),
  ]);
  if (paging) {
    page = page
      .orderBy(sql.ref(`p.${paging.sort}`), paging.dir)
      .orderBy('p.payment_id')
      .limit(paging.pageSize)
      .offset((paging.page - 1) * paging.pageSize);
  }
  return page;
}

/** The payments with the payee's account, in one query (downloads stream it); accounts joined to these rows only. */
export function paymentRowsQuery(wh: Warehouse, f: PaymentsFilter, paging?: Paging<(typeof PAYMENT_SORTS)[number]>) {
  return (
    kyselyFor(wh)
      .selectFrom(paymentsPage(wh, f, paging).as('x'))
      // by payment_id; the payment's village and month too, which are the same row's, so that the join's key
      // ranges let DuckDB skip the row groups of other villages and months (detail arrives by month and village).
      // An equality on the village (not `is not distinct from`) so that its range reaches the scan too: the
      // villages are never null, they passed the scope's `below()`.
      .leftJoin('staging.stg_raw__payments as a', (j) =>
        j
          .onRef('a.payment_id', '=', 'x.payment_id')
          .onRef('a.village_code', '=', 'x.village_code')
          .onRef('a.pay_month', '=', 'x.pay_month'),
      )
      .select([
        'x.payment_id',
        'x.pay_month',
        'x.person_key',
        maskedId(sql.ref('x.person_key'), f.unmask).as('person_id'),
        'x.name',
        'x.village_code',
        'x.doc_id',
        'x.project_code',
        'x.payable',
        'x.paid',
        maskedAccount('a.account_no', f.unmask).as('account_no'),
        'a.bank',
        'x.total_rows',
        'x.total_paid',
      ])
      .orderBy(
        sql.ref(paging ? `x.${paging.sort === 'person_id' ? 'person_key' : paging.sort}` : 'x.payment_id'),
        paging?.dir ?? 'asc',
      )
      .orderBy('x.payment_id')
  );
}

export type PaymentRecord = Awaited<ReturnType<ReturnType<typeof paymentRowsQuery>['execute']>>[number];

/**
 * One page of payments for the grids (JSON, Arrow): the rows of paymentRowsQuery in two queries — the page from
 * marts.payments, then the accounts of its rows by payment id, village and month as constants. Constants prune
 * the row groups of staging.stg_raw__payments (30 M rows, by month and village) when its scan starts; a join's
 * key ranges reach the scan only as it runs, and it then reads whole row groups (a person's page: 4–5 ms instead
 * of 50–90 ms at province scale).
 */
export async function paymentPage(
  wh: Warehouse,
  f: PaymentsFilter,
  paging: Paging<(typeof PAYMENT_SORTS)[number]>,
): Promise<PaymentRecord[]> {
  const rows = await paymentsPage(wh, f, paging)
    .select(maskedId(sql.ref('p.person_id'), f.unmask).as('person_id'))
    .execute();
  if (rows.length === 0) return [];
  const distinct = (values: string[]): string[] => [...new Set(values)];
  const accounts = await kyselyFor(wh)
    .selectFrom('staging.stg_raw__payments as a')
    .select([
      'a.payment_id',
      'a.village_code',
      'a.pay_month',
      maskedAccount('a.account_no', f.unmask).as('account_no'),
      'a.bank',
    ])
    .where('a.payment_id', 'in', distinct(rows.map((r) => r.payment_id)))
    // the page's villages passed the scope's `below()`: never null
    .where('a.village_code', 'in', distinct(rows.map((r) => r.village_code!)))
    .where('a.pay_month', 'in', distinct(rows.map((r) => r.pay_month)))
    .execute();
  const key = (r: { payment_id: string; village_code: string | null; pay_month: string }): string =>
    `${r.payment_id}\u0000${r.village_code}\u0000${r.pay_month}`;
  const byKey = new Map(accounts.map((a) => [key(a), a]));
  return rows.map((r) => {
    const a = byKey.get(key(r));
    return {
      payment_id: r.payment_id,
      pay_month: r.pay_month,
      person_key: r.person_key,
      person_id: r.person_id,
      name: r.name,
      village_code: r.village_code,
      doc_id: r.doc_id,
      project_code: r.project_code,
      payable: r.payable,
      paid: r.paid,
      account_no: a?.account_no ?? null,
      bank: a?.bank ?? null,
      total_rows: r.total_rows,
      total_paid: r.total_paid,
    };
  });
}

/**
 * The villages `person` was paid in (in `year`), from marts.project_people — every payment of the person is in
 * one of them (the mart sums marts.payments per project, year, village and person).
 */
export async function personVillages(wh: Warehouse, person: string, year: number | undefined): Promise<string[]> {
  let q = kyselyFor(wh)
    .selectFrom('marts.project_people as pj')
    .select('pj.village_code')
    .distinct()
    .where('pj.person_id', '=', person)
    .where('pj.village_code', 'is not', null);
  if (year !== undefined) q = q.where('pj.pay_year', '=', year);
  const rows = await q.orderBy('pj.village_code').execute();
  return rows.map((r) => r.village_code!);
}

export async function paymentTotals(
  wh: Warehouse,
  f: PaymentsFilter,
): Promise<{ total_rows: number; total_paid: number }> {
  const row = await paymentsQuery(wh, f)
    .select([sql<number>`count(*)::bigint`.as('n'), sql<number>`coalesce(sum(p.paid), 0)::bigint`.as('paid')])
    .executeTakeFirstOrThrow();
  return { total_rows: Number(row.n), total_paid: Number(row.paid) };
}
