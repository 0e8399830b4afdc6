import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse, isUserError, migrate } from '../../warehouse/index.ts';
import { verifyLedger } from '../ledger/index.ts';
import { generateDemo } from './demo.generator.ts';
import type { DemoSummary } from './demo.types.ts';
import { CLEAN_DOC_NO } from './doc-number.format.ts';
import { idProblem } from './id-card.ts';
import { MONITORING_RULE_CODES } from './rule-codes.ts';

async function build(seed: number): Promise<{ wh: Warehouse; summary: DemoSummary }> {
  const wh = await Warehouse.open(':memory:', { threads: 2 });
  await migrate(wh);
  const summary = await generateDemo(wh, { scale: 'small', seed });
  return { wh, summary };
}

/** Order-independent checksums of the tables a seed must reproduce (timestamps left out). */
async function checksums(wh: Warehouse): Promise<Record<string, string>> {
  const of = (select: string, key: string) =>
    wh.value<string>(`select md5(string_agg(t::varchar, chr(10) order by ${key})) from (${select}) as t`);
  return {
    documents: await of(`select * exclude (registered_at) from ledger.documents`, 't.doc_id'),
    postings: await of('select * from ledger.postings', 't.posting_id'),
    payments: await of('select * from raw.payments', 't.payment_id'),
    people: await of('select * from raw.beneficiaries', 't.person_id'),
    accounts: await of('select * from raw.accounts', 't.account_no'),
    truth: await of('select * from meta.demo_anomalies', 't.rule_code, t.subject_type, t.subject_id'),
  };
}

/** The two sets of ids are the same (the truth is exactly what a perfect rule would report). */
async function expectSameIds(wh: Warehouse, label: string, truthSql: string, symptomSql: string): Promise<void> {
  const truth = (await wh.all<{ id: string }>(`select distinct id from (${truthSql}) order by 1`)).map((r) => r.id);
  const symptom = (await wh.all<{ id: string }>(`select distinct id from (${symptomSql}) order by 1`)).map((r) => r.id);
  expect(truth.length, `${label}: truth is empty`).toBeGreaterThan(0);
  expect(symptom, label).toEqual(truth);
}

const truthOf = (rule: string, type: string) =>
  `select subject_id as id from meta.demo_anomalies where rule_code = '${rule}' and subject_type = '${type}'`;

describe('demo warehouse (small scale)', () => {
  let a: { wh: Warehouse; summary: DemoSummary };

  beforeAll(async () => {
    a = await build(7);
  });
  afterAll(() => a?.wh.closeAll());

  it('posts every document through the real ledger engine without a rejection, and verifies', async () => {
    const { wh, summary } = a;
    expect(summary.ledger.rejected).toBe(0);
    expect(await wh.value<number>('select count(*) from meta.rejects')).toBe(0);
    expect(summary.ledger.accepted).toBe(await wh.value<number>('select count(*) from ledger.documents'));
    const verify = await verifyLedger(wh);
    expect(verify.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verify.ok).toBe(true);
  });

  it('gives every payment its own payment_id (raw.payments keeps no key index; producers keep it unique)', async () => {
    const { wh } = a;
    const dup = await wh.value<number>('select count(*) - count(distinct payment_id) from raw.payments');
    expect(await wh.value<number>('select count(*) from raw.payments')).toBeGreaterThan(0);
    expect(dup).toBe(0);
  });

  it('has the expected shape: levels down to villages, both years, T01–T10, advance documents in Q4 2019', async () => {
    const { wh } = a;
    const levels = Object.fromEntries(
      (
        await wh.all<{ level: string; n: number }>('select level, count(*)::bigint as n from raw.regions group by all')
      ).map((r) => [r.level, r.n]),
    );
    expect(levels).toMatchObject({ central: 1, province: 2, city: 1 });
    expect(levels['county']).toBeGreaterThanOrEqual(3);
    expect(levels['township']).toBeGreaterThanOrEqual(25);
    expect(levels['village']).toBeGreaterThan(levels['township'] ?? 0);
    expect(
      await wh.value(
        "select count(*) from raw.regions where length(code) <> case level when 'township' then 9 when 'village' then 12 else 6 end",
      ),
    ).toBe(0);
    expect(
      (await wh.all<{ y: number }>('select distinct budget_year as y from ledger.documents order by 1')).map(
        (r) => r.y,
      ),
    ).toEqual([2019, 2020]);
    expect(
      (await wh.all<{ t: string }>('select distinct txn_code as t from ledger.documents order by 1')).map((r) => r.t),
    ).toEqual(['T01', 'T02', 'T03', 'T04', 'T05', 'T06', 'T07', 'T08', 'T09', 'T10']);
    const adv = await wh.one<{ n: number; outside: number; share: number }>(
      `select count(*) filter (where budget_year = 2020 and doc_date between date '2019-10-01' and date '2019-12-31')::bigint as n,
              count(*) filter (where doc_date < make_date(budget_year, 1, 1) and not (advance and doc_date >= make_date(budget_year - 1, 10, 1)))::bigint as outside,
              (sum(amount) filter (where txn_code = 'T05' and region_code = '100000' and budget_year = 2020 and advance)
                / sum(amount) filter (where txn_code = 'T05' and region_code = '100000' and budget_year = 2020))::double as share
       from ledger.documents`,
    );
    expect(adv?.n).toBeGreaterThan(10);
    expect(adv?.outside).toBe(0);
    expect(adv?.share).toBeGreaterThan(0.6);
    const people = await wh.value<number>('select count(*) from raw.beneficiaries');
    expect(people).toBeGreaterThan(8_000);
    expect(people).toBeLessThan(12_000);
    const payments = await wh.value<number>('select count(*) from raw.payments');
    expect(payments).toBeGreaterThan(70_000);
    expect(payments).toBeLessThan(130_000);
    expect(await wh.value("select count(*) from raw.payments where pay_month not like '2020-%'")).toBe(0);
    // Every payment cites its program T04: same 文号 and project, a 全部用于贫困人员 document of a 补助到人 fund.
    expect(
      await wh.value(
        `select count(*) from raw.payments as p
         left join ledger.documents as d on d.doc_id = p.doc_id
         left join raw.funds as f on f.region_code = d.region_code and f.fund_code = d.fund_code
         where d.doc_id is null or d.txn_code <> 'T04' or not d.for_poor or not f.to_individuals
            or p.doc_no is distinct from d.doc_no or p.project_code is distinct from d.project_code`,
      ),
    ).toBe(0);
    expect(await wh.value('select count(*) from raw.projects where parent_project_code is not null')).toBeGreaterThan(
      0,
    );
    expect(await wh.value('select count(distinct category) from raw.projects')).toBe(5);
    expect(await wh.value(`select count(*) from raw.accounts where kind = '实有资金账户'`)).toBeGreaterThan(0);
    expect(await wh.value('select count(*) from raw.officials')).toBeGreaterThan(100);
    // Every generated row names its generated batch.
    expect(
      await wh.value(
        `select count(*) from (select load_id from raw.payments union select load_id from raw.regions
           union select load_id from ledger.documents union select load_id from raw.projects)
         where load_id not in (select load_id from meta.loads where file_format = 'generated' and file_name like 'demo:%')`,
      ),
    ).toBe(0);
  });

  it('records a case of every monitoring rule in meta.demo_anomalies', async () => {
    const codes = new Set(
      (await a.wh.all<{ c: string }>('select distinct rule_code as c from meta.demo_anomalies')).map((r) => r.c),
    );
    expect(MONITORING_RULE_CODES.filter((c) => !codes.has(c))).toEqual([]);
    expect([...codes].filter((c) => !(MONITORING_RULE_CODES as readonly string[]).includes(c))).toEqual([]);
    expect(await a.wh.value('select max(as_of)::varchar from meta.demo_runs')).toBe('2020-12-31');
  });

  it('has valid 身份证号 everywhere but in the injected P02 cases', async () => {
    const ids = await a.wh.all<{ id: string }>(
      `select person_id as id from raw.beneficiaries union select person_id from raw.payments
       union select person_id from raw.officials union select holder_id from raw.accounts where kind = '个人'`,
    );
    const p02 = new Set((await a.wh.all<{ id: string }>(truthOf('P02', 'person'))).map((r) => r.id));
    expect(p02.size).toBeGreaterThan(0);
    const invalid = ids
      .filter((r) => idProblem(r.id) !== null)
      .map((r) => r.id)
      .sort();
    expect(invalid).toEqual([...p02].sort());
  });

  it('keeps its ground truth exact for the payment and people rules', async () => {
    const { wh } = a;
    await expectSameIds(
      wh,
      'P01',
      truthOf('P01', 'payment'),
      'select payment_id as id from raw.payments where paid <> payable',
    );
    await expectSameIds(
      wh,
      'P02',
      truthOf('P02', 'payment'),
      `select payment_id as id from raw.payments where person_id in (${truthOf('P02', 'person')})`,
    );
    await expectSameIds(
      wh,
      'P03',
      truthOf('P03', 'payment'),
      `select payment_id as id from raw.payments qualify row_number() over (partition by person_id, project_code, pay_month order by payment_id) > 1`,
    );
    await expectSameIds(
      wh,
      'P04',
      truthOf('P04', 'payment'),
      `select y.payment_id as id from raw.payments as y join raw.beneficiaries as b using (person_id)
       where b.status = '死亡' and y.pay_month > strftime(b.status_date, '%Y-%m')`,
    );
    await expectSameIds(
      wh,
      'P05',
      truthOf('P05', 'payment'),
      `select payment_id as id from raw.payments where person_id not in (select person_id from raw.beneficiaries where registered)`,
    );
    await expectSameIds(
      wh,
      'P06',
      truthOf('P06', 'account'),
      `select y.account_no as id from raw.payments as y left join raw.beneficiaries as b using (person_id)
       group by y.account_no having count(distinct y.person_id) >= 3 and count(distinct b.household_id) >= 2`,
    );
    await expectSameIds(
      wh,
      'P07',
      truthOf('P07', 'payment'),
      `select y.payment_id as id from raw.payments as y join raw.accounts as a using (account_no) where a.holder_id is distinct from y.person_id`,
    );
    await expectSameIds(
      wh,
      'P08',
      truthOf('P08', 'payment'),
      'select payment_id as id from raw.payments where person_id in (select person_id from raw.officials)',
    );
    await expectSameIds(
      wh,
      'P11',
      truthOf('P11', 'payment'),
      'select payment_id as id from raw.payments where paid > 5000000',
    );
    await expectSameIds(
      wh,
      'A01',
      truthOf('A01', 'payment'),
      `select y.payment_id as id from raw.payments as y join raw.accounts as a using (account_no) where a.kind = '实有资金账户'`,
    );
  });

  it('keeps its ground truth exact for the document and flow rules', async () => {
    const { wh } = a;
    const detail = `with paid as (
        select t07.source_doc_id as t04, sum(t08.amount + coalesce(c.corrected, 0)) as paid
        from ledger.documents as t07 join ledger.documents as t08 on t08.source_doc_id = t07.doc_id
        left join (select corrects_doc_id, sum(amount) as corrected from ledger.documents where txn_code = 'T09' group by all) as c
          on c.corrects_doc_id = t08.doc_id
        where t07.txn_code = 'T07' group by all),
      det as (select doc_id as t04, sum(paid) as det from raw.payments group by all)
      select d.doc_id, d.amount, d.doc_date, coalesce(p.paid, 0) as paid, det.det
      from ledger.documents as d left join paid as p on p.t04 = d.doc_id left join det on det.t04 = d.doc_id
      where d.for_poor`;
    await expectSameIds(
      wh,
      'M05',
      truthOf('M05', 'document'),
      `select doc_id as id from (${detail}) where det > amount`,
    );
    await expectSameIds(
      wh,
      'P10',
      truthOf('P10', 'document'),
      `select doc_id as id from (${detail}) where det is not null and det <> paid`,
    );
    await expectSameIds(
      wh,
      'P09',
      truthOf('P09', 'document'),
      `select doc_id as id from (${detail}) where det is null and doc_date <= date '2020-11-01'`,
    );
    await expectSameIds(
      wh,
      'M06',
      truthOf('M06', 'document'),
      `select d.doc_id as id from ledger.documents as d join raw.funds as f on f.region_code = d.region_code and f.fund_code = d.fund_code
       where d.txn_code = 'T04' and f.poverty and (d.func_subject not like '21305%' or d.econ_subject in ('30212', '30217', '30231', '31013', '39999'))`,
    );
    await expectSameIds(
      wh,
      'M03',
      truthOf('M03', 'document'),
      `select doc_id as id from ledger.document_balances where held_in in ('5001', '500201') and held <> 0`,
    );
    const transfers = `select t.doc_id, t.doc_date, t.amount, min(i.doc_date) as first_import, coalesce(sum(i.amount), 0) as imported
      from ledger.documents as t left join ledger.documents as i on i.source_doc_id = t.doc_id and i.txn_code = 'T01'
      where t.txn_code in ('T05', 'T06') group by all`;
    await expectSameIds(
      wh,
      'L01',
      truthOf('L01', 'transfer'),
      `select doc_id as id from (${transfers}) where imported <> amount`,
    );
    await expectSameIds(
      wh,
      'M02',
      truthOf('M02', 'transfer'),
      `select doc_id as id from (${transfers}) where imported < amount or first_import - doc_date > 15`,
    );
    await expectSameIds(
      wh,
      'M01',
      truthOf('M01', 'document'),
      `select r.doc_id as id from ledger.documents as r join raw.regions as g on g.code = r.region_code and g.level in ('province', 'city')
       join ledger.documents as c on c.source_doc_id = r.doc_id and c.txn_code in ('T04', 'T05')
       where r.txn_code = 'T01' group by r.doc_id, r.doc_date having max(c.doc_date) - r.doc_date > 30`,
    );
    // Defective: not in the GB/T 9704 form, or a 文号 an upper level issued (DQ04).
    const numbered = await wh.all<{ doc_id: string; doc_no: string | null; foreign: boolean }>(
      `select d.doc_id, d.doc_no, exists (select 1 from ledger.documents as o
         join raw.region_closure as up on up.ancestor_code = o.region_code and up.code = d.region_code and up.depth > 0
         where o.doc_no = d.doc_no) as foreign
       from ledger.documents as d where d.txn_code not in ('T07', 'T08', 'T10') order by d.doc_id`,
    );
    const unclean = numbered
      .filter((d) => d.doc_no === null || !CLEAN_DOC_NO.test(d.doc_no) || d.foreign)
      .map((d) => d.doc_id);
    const dqTruth = (
      await wh.all<{ id: string }>(
        `select subject_id as id from meta.demo_anomalies where rule_code between 'DQ01' and 'DQ06' order by 1`,
      )
    ).map((r) => r.id);
    expect(unclean).toEqual(dqTruth);
    await expectSameIds(
      wh,
      'DQ04',
      truthOf('DQ04', 'document'),
      `select doc_id as id from ledger.documents where doc_no = sup_doc_no`,
    );
    const shares = await wh.all<{ id: string; share: number }>(
      `select concat(t.region_code, '/', t.fund_code) as id, (sum(t.amount) filter (where t.advance) / sum(t.amount))::double as share
       from ledger.documents as t where t.txn_code = 'T05' and t.budget_year = 2020 group by all`,
    );
    const m07 = new Set((await wh.all<{ id: string }>(truthOf('M07', 'fund'))).map((r) => r.id));
    expect(m07.size).toBeGreaterThanOrEqual(3);
    for (const s of shares) {
      if (m07.has(s.id)) expect(s.share, s.id).toBeLessThan(0.5);
      else expect(s.share, s.id).toBeGreaterThanOrEqual(0.7);
    }
    const m04 = (await wh.all<{ id: string }>(truthOf('M04', 'region'))).map((r) => r.id);
    const ratios = await wh.all<{ region: string; ratio: number }>(
      `select region_code as region, (sum(debit - credit) filter (where account_code = '5201')
         / sum(credit - debit) filter (where account_code = '4001'))::double as ratio
       from ledger.postings where budget_year = 2020 and region_code in (select code from raw.regions where level = 'county')
       group by all`,
    );
    for (const r of ratios) {
      if (m04.includes(r.region)) expect(r.ratio, r.region).toBeLessThan(0.8);
      else expect(r.ratio, r.region).toBeGreaterThan(0.9);
    }
  });

  it('refuses a warehouse that already has data', async () => {
    const err = await generateDemo(a.wh, { scale: 'small', seed: 7 }).catch((e: unknown) => e);
    expect(isUserError(err) && err.code).toBe('DEMO_WAREHOUSE_NOT_EMPTY');
  });

  it('is deterministic: the same seed gives the same warehouse, another seed another one', async () => {
    const first = await checksums(a.wh);
    const b = await build(7);
    const same = await checksums(b.wh);
    b.wh.closeAll();
    expect(same).toEqual(first);
    const c = await build(8);
    const other = await checksums(c.wh);
    c.wh.closeAll();
    for (const key of ['documents', 'postings', 'payments'] as const) expect(other[key], key).not.toBe(first[key]);
  });
});
