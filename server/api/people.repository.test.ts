/**
 * A person's payments read through the villages the person was paid in (marts.project_people, built here by its
 * model's SQL from a few payments): the same rows as the plain person filter, every village of the person, in
 * the scope only, and none for a person without payments.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, type Warehouse } from '../../warehouse/index.ts';
import {
  onePerPayee,
  paymentPage,
  paymentRowsQuery,
  peopleRowsQuery,
  personVillages,
  type PaymentsFilter,
} from './people.repository.ts';

let wh: Warehouse;

const V1 = '520101001001';
const V2 = '520101001002';
/** a village of another county */
const V3 = '520102001001';
/** a payee paid in two villages of one project and year */
const C = '520101199001010011';

beforeAll(async () => {
  wh = await openWarehouse(':memory:');
  await wh.run(`
    create table marts.region_closure as
      select * from (values ('520101', '520101', 0), ('520101', '${V1}', 1), ('520101', '${V2}', 1),
        ('520102', '${V3}', 1), ('520000', '520101', 1), ('520000', '${V1}', 2), ('520000', '${V2}', 2),
        ('520000', '520102', 1), ('520000', '${V3}', 2)) as t(ancestor_code, code, depth);
    create table marts.payments as
      select * from (values
        ('P1', 'A', '${V1}', 2020, '2020-01', 'XM1', 100, 100),
        ('P2', 'A', '${V1}', 2020, '2020-02', 'XM1', 100, 90),
        ('P3', 'A', '${V2}', 2020, '2020-03', 'XM2', 50, 50),
        ('P4', 'A', '${V3}', 2020, '2020-04', 'XM3', 70, 70),
        ('P5', 'A', '${V2}', 2019, '2019-12', 'XM1', 30, 30),
        ('P6', 'B', '${V1}', 2020, '2020-01', 'XM1', 100, 100),
        ('P7', '${C}', '${V1}', 2020, '2020-05', 'XM1', 10, 10),
        ('P8', '${C}', '${V2}', 2020, '2020-06', 'XM2', 10, 10),
        ('P9', '${C}', '${V3}', 2019, '2019-06', 'XM3', 10, 10),
        ('P10', '${C}', '${V2}', 2020, '2020-07', 'XM1', 5, 5)
      ) as t(payment_id, person_id, village_code, pay_year, pay_month, project_code, payable, paid);
    alter table marts.payments add column name varchar default '张三';
    alter table marts.payments add column registered boolean default true;
    alter table marts.payments add column unit varchar default '人';
    alter table marts.payments add column doc_id varchar default 'D1';
    create table staging.stg_raw__payments as
      select payment_id, village_code, pay_month, '62220000' || payment_id as account_no, '农商行' as bank
      from marts.payments;
    create table staging.stg_raw__beneficiaries as select 'A' as person_id, 'H1' as household_id;
  `);
  const model = readFileSync(new URL('../../models/marts/project_people.sql', import.meta.url), 'utf8');
  await wh.run(`create table marts.project_people as ${model}`);
  const perYear = readFileSync(new URL('../../models/marts/project_year_people.sql', import.meta.url), 'utf8');
  await wh.run(`create table marts.project_year_people as ${perYear}`);
  await wh.run(`create table marts.regions as select code, code as name from marts.region_closure group by code`);
});

afterAll(() => wh?.closeAll());

async function ids(f: PaymentsFilter): Promise<string[]> {
  const rows = await paymentRowsQuery(wh, f, { page: 1, pageSize: 100, sort: 'payment_id', dir: 'asc' }).execute();
  return rows.map((r) => r.payment_id);
}

describe("a person's payments through the person's villages", () => {
  it('lists every village the person was paid in, per year', async () => {
    expect(await personVillages(wh, 'A', 2020)).toEqual([V1, V2, V3]);
    expect(await personVillages(wh, 'A', 2019)).toEqual([V2]);
    expect(await personVillages(wh, 'A', undefined)).toEqual([V1, V2, V3]);
    expect(await personVillages(wh, 'nobody', 2020)).toEqual([]);
    expect(await personVillages(wh, C, 2020)).toEqual([V1, V2]);
    expect(await personVillages(wh, C, 2019)).toEqual([V3]);
    expect(await personVillages(wh, C, 2018)).toEqual([]);
    expect(await personVillages(wh, '520101199001010012', 2020)).toEqual([]);
    expect(await personVillages(wh, C, undefined)).toEqual([V1, V2, V3]);
  });

  it("finds a payee's payments of a year through the villages' numbers as through the plain filter", async () => {
    for (const region of ['520101', '520000', '520102']) {
      const plain = await ids({ region, year: 2020, person: C, unmask: true });
      const villages = await personVillages(wh, C, 2020);
      expect(await ids({ region, year: 2020, person: C, personVillages: villages, unmask: true })).toEqual(plain);
    }
    expect(await ids({ region: '520000', year: 2020, person: C, personVillages: [V1, V2], unmask: true })).toEqual([
      'P10',
      'P7',
      'P8',
    ]);
  });

  it('answers the rows of the plain person filter, in the scope only, with their accounts', async () => {
    for (const [region, year] of [
      ['520101', 2020],
      ['520101', undefined],
      ['520000', 2020],
      ['520102', undefined],
    ] as const) {
      const plain = await ids({ region, year, person: 'A', unmask: true });
      const villages = await personVillages(wh, 'A', year);
      expect(await ids({ region, year, person: 'A', personVillages: villages, unmask: true })).toEqual(plain);
    }
    expect(
      await ids({ region: '520101', year: 2020, person: 'A', personVillages: [V1, V2, V3], unmask: true }),
    ).toEqual(['P1', 'P2', 'P3']);
    const rows = await paymentRowsQuery(
      wh,
      { region: '520000', person: 'A', personVillages: [V1, V2, V3], unmask: false },
      { page: 1, pageSize: 100, sort: 'payment_id', dir: 'asc' },
    ).execute();
    expect(rows.map((r) => [r.payment_id, r.account_no])).toEqual([
      ['P1', '******00P1'],
      ['P2', '******00P2'],
      ['P3', '******00P3'],
      ['P4', '******00P4'],
      ['P5', '******00P5'],
    ]);
  });

  it('pages the same rows and accounts in two queries as the one-query form', async () => {
    for (const unmask of [true, false]) {
      for (const f of [
        { region: '520000', person: 'A', personVillages: [V1, V2, V3], unmask },
        { region: '520101', year: 2020, unmask },
        { region: '520000', person: 'nobody', personVillages: [], unmask },
      ]) {
        for (const paging of [
          { page: 1, pageSize: 2, sort: 'paid', dir: 'desc' },
          { page: 2, pageSize: 2, sort: 'person_id', dir: 'asc' },
        ] as const) {
          expect(await paymentPage(wh, f, paging)).toEqual(await paymentRowsQuery(wh, f, paging).execute());
        }
      }
    }
  });

  it('answers nothing for a person without payments', async () => {
    expect(await ids({ region: '520000', person: 'nobody', personVillages: [], unmask: true })).toEqual([]);
  });
});

describe("a project's people", () => {
  it('says whether every payee of a project and year was paid in one village', async () => {
    expect(await onePerPayee(wh, 'XM1', 2020)).toBe(false); // C in V1 and V2
    expect(await onePerPayee(wh, 'XM2', 2020)).toBe(true);
    expect(await onePerPayee(wh, 'XM3', 2019)).toBe(true);
    expect(await onePerPayee(wh, 'XM9', 2020)).toBe(false); // no payments: the grouping path answers nothing
  });

  it('lists the same people and totals from the rows as they are as by grouping them per payee', async () => {
    for (const [project, year] of [
      ['XM2', 2020],
      ['XM1', 2020],
      ['XM3', 2019],
    ] as const) {
      for (const region of ['520000', '520101', '520102']) {
        const f = { region, year, project, unmask: true };
        const paging = { page: 1, pageSize: 10, sort: 'paid', dir: 'desc' } as const;
        const grouped = await peopleRowsQuery(wh, { ...f, onePerPayee: false }, paging).execute();
        const one = await onePerPayee(wh, project, year);
        expect(await peopleRowsQuery(wh, { ...f, onePerPayee: one }, paging).execute()).toEqual(grouped);
      }
    }
    // C's two villages of XM1 are one payee
    const xm1 = await peopleRowsQuery(wh, { region: '520000', year: 2020, project: 'XM1', unmask: true }).execute();
    expect(xm1.find((r) => r.person_key === C)?.payments).toBe(2);
  });
});
