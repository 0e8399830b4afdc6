/**
 * People and payments for the grids: a project's payees (marts.payments summed per person) or a region's
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

/** The per-person rows of the filter, as one derived table `x` (person_key = the real id, never sent as is). */
function peopleSource(wh: Warehouse, f: PeopleFilter) {
  const db = kyselyFor(wh);
  if (f.project !== undefined) {
    const project = f.project;
    return db
      .selectFrom('marts.payments as p')
      .leftJoin('marts.person_payments as pp', (j) =>
        j.onRef('pp.person_id', '=', 'p.person_id').onRef('pp.pay_year', '=', 'p.pay_year'),
      )
      .select([
        'p.person_id as person_key',
        sql<string | null>`any_value(p.name)`.as('name'),
        sql<string | null>`any_value(pp.household_id)`.as('household_id'),
        sql<string | null>`any_value(p.village_code)`.as('village_code'),
        sql<boolean | null>`any_value(p.registered)`.as('registered'),
        sql<number>`count(*)::bigint`.as('payments'),
        sql<number>`sum(p.payable)::bigint`.as('payable'),
        sql<number>`sum(p.paid)::bigint`.as('paid'),
        sql<string | null>`min(p.pay_month)`.as('first_month'),
        sql<string | null>`max(p.pay_month)`.as('last_month'),
      ])
      .where('p.project_code', '=', project)
      .where('p.pay_year', '=', f.year)
      .where((eb) => below(eb, 'p.village_code', f.region))
      .groupBy('p.person_id');
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
    .where((eb) => below(eb, 'pp.village_code', f.region));
}

function peopleQuery(wh: Warehouse, f: PeopleFilter) {
  let q = kyselyFor(wh)
    .selectFrom(peopleSource(wh, f).as('x'))
    .leftJoin('marts.regions as v', 'v.code', 'x.village_code');
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

/** With `paging` the page (JSON, Arrow); without it every row, `registered` as 是/否 text, for a download. */
export function peopleRowsQuery(wh: Warehouse, f: PeopleFilter, paging?: Paging<(typeof PEOPLE_SORTS)[number]>) {
  let q = peopleQuery(wh, f).select([
    'x.person_key',
    maskedId(sql.ref('x.person_key'), f.unmask).as('person_id'),
    'x.name',
    'x.household_id',
    'x.village_code',
    'v.name as village_name',
    paging
      ? sql<boolean | null>`x.registered`.as('registered')
      : sql<boolean | null>`case when x.registered then '是' when not x.registered then '否' end`.as('registered'),
    'x.payments',
    'x.payable',
    'x.paid',
    'x.first_month',
    'x.last_month',
    // the totals of the whole filter in the same pass (windows are computed before the limit)
    sql<number>`count(*) over ()`.as('total_rows'),
    sql<number>`sum(x.paid) over ()`.as('total_paid'),
  ]);
  if (paging) {
    const sortCol = paging.sort === 'person_id' ? 'x.person_key' : (`x.${paging.sort}` as const);
    q = q
      .orderBy(sql.ref(sortCol), paging.dir)
      .orderBy('x.person_key')
      .limit(paging.pageSize)
      .offset((paging.page - 1) * paging.pageSize);
  }
  return q;
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
  if (f.person !== undefined) q = q.where('p.person_id', '=', f.person);
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

/** The page's payments; accounts are joined for these rows only. */
export function paymentRowsQuery(wh: Warehouse, f: PaymentsFilter, paging?: Paging<(typeof PAYMENT_SORTS)[number]>) {
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
  return (
    kyselyFor(wh)
      .selectFrom(page.as('x'))
      // by payment_id; the payment's village and month too, which are the same row's, so that the join's key
      // ranges let DuckDB skip the row groups of other villages and months (detail arrives by month and village)
      .leftJoin('staging.stg_raw__payments as a', (j) =>
        j
          .onRef('a.payment_id', '=', 'x.payment_id')
          .onRef('a.village_code', 'is not distinct from', 'x.village_code')
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

export async function paymentTotals(
  wh: Warehouse,
  f: PaymentsFilter,
): Promise<{ total_rows: number; total_paid: number }> {
  const row = await paymentsQuery(wh, f)
    .select([sql<number>`count(*)::bigint`.as('n'), sql<number>`coalesce(sum(p.paid), 0)::bigint`.as('paid')])
    .executeTakeFirstOrThrow();
  return { total_rows: Number(row.n), total_paid: Number(row.paid) };
}
