/**
 * 到人到户发放明细 for 2020, set-based: every person's enrolment in the county programs (fund.catalog.ts),
 * expanded to pay months, paid to the person's own card (or, for the household programs, the head's), under
 * the county's program T04 document. The injected payment anomalies are decisions made here:
 * P01 (实发 ≠ 应发), P03 (a second payment for the same person, project and month), P04 (months after death),
 * P11 (one large payment), and the routing of a person's money to another account (A01 a township's
 * 实有资金账户, P06 a village cadre's card, P07 the head's card for the spouse).
 */
import type { Warehouse } from '../../warehouse/index.ts';
import {
  PERSON_RATES,
  extraAccountNo,
  personalAccountNo,
  personalBank,
  townshipAccountNo,
} from './people.generator.ts';

export const PAYMENT_RATES = { P01: 0.002, P03: 0.001, P11: 0.0015 } as const;

export interface ProgramDocRow {
  county: string;
  prog: string;
  progNo: number;
  docId: string;
  docNo: string;
  projectCode: string;
  unit: string;
}

const monthly = 'range(1, 13)';
const quarterly = '[3, 6, 9, 12]';

/** Payment id: FF + person number (8) + program number (1) + month (2) + duplicate mark (1). */
export const paymentIdSql = (personNo: string, progNo: string, month: string): string =>
  `('FF' || lpad(${personNo}::varchar, 8, '0') || ${progNo}::varchar || lpad(${month}::varchar, 2, '0') || '0')`;

/** The decision predicates on a payment id (also used to read the ground truth back). */
export const p11Sql = (pid: string, prog: string): string =>
  `(${prog} = 'CY' and demo_u(${pid}, 'P11') < ${PAYMENT_RATES.P11})`;
export const p01Sql = (pid: string, prog: string): string =>
  `(demo_u(${pid}, 'P01') < ${PAYMENT_RATES.P01} and not ${p11Sql(pid, prog)})`;
export const p03Sql = (pid: string): string => `(demo_u(${pid}, 'P03') < ${PAYMENT_RATES.P03})`;

export async function loadProgramDocs(wh: Warehouse, rows: readonly ProgramDocRow[]): Promise<void> {
  await wh.run(`create or replace temp table demo_programs (county_code varchar, prog varchar, prog_no integer,
    doc_id varchar, doc_no varchar, project_code varchar, unit varchar)`);
  await wh.append(
    'demo_programs',
    rows.map((r) => [r.county, r.prog, r.progNo, r.docId, r.docNo, r.projectCode, r.unit]),
  );
}

/** The columns every enrolment row carries from its person (the big insert then joins nothing large). */
const PERSON_COLUMNS =
  'pkey, person_no, person_id, name, village_code, county_code, household_id, member_no, fate_month, p04';

/**
 * Enrolment: one row per person and program, with the amount per payment and the pay months. The selection
 * rules per program (ages, household shares) are in the WHERE clauses below; amounts are in 分.
 */
function programSelects(): string {
  const u = (purpose: string): string => `demo_u(pkey, '${purpose}')`;
  const branch = (prog: string, amount: string, months: string, where: string): string =>
    `select ${PERSON_COLUMNS}, '${prog}' as prog, (${amount})::bigint as amount, ${months} as months from demo_persons where ${where}`;
  return [
    branch('DD', 'dd_rate', monthly, 'dd and age >= 16'),
    branch(
      'GY',
      `(500 + 50 * floor(${u('GY-rate')} * 7)) * 100`,
      monthly,
      `age between 18 and 60 and ${u('job')} < 0.15`,
    ),
    branch('HL', '80000', monthly, `age between 20 and 60 and ${u('job')} >= 0.15 and ${u('job')} < 0.20`),
    branch('YL', '150000', '[3, 9]', `age between 16 and 22 and ${u('YL')} < 0.55`),
    branch(
      'JK',
      `(200 + 100 * floor(${u('JK-rate')} * 29)) * 100`,
      `list_sort(list_distinct([1 + floor(${u('JK1')} * 12)::integer, 1 + floor(${u('JK2')} * 12)::integer,
         1 + floor(${u('JK3')} * 12)::integer][1:1 + floor(${u('JK-n')} * 3)::integer]))`,
      `age >= 16 and ${u('JK')} < 0.18`,
    ),
    branch('LR', `(100 + 10 * floor(${u('LR-rate')} * 11)) * 100`, monthly, `age >= 60 and ${u('LR')} < 0.7`),
    branch('CY', `(500 + 100 * floor(${u('CY-rate')} * 16)) * 100`, quarterly, 'member_no = 0 and u_cyxd < 0.6'),
    branch(
      'XD',
      `(100 + 20 * floor(${u('XD-rate')} * 16)) * 100`,
      quarterly,
      'member_no = 0 and u_cyxd >= 0.6 and u_cyxd < 0.85',
    ),
  ].join('\nunion all\n');
}

export async function generateEnrolment(wh: Warehouse): Promise<void> {
  // Where each person's money goes: own card, or (one decision per person, A01 before P06 before P07)
  // a township's 实有资金账户, a cadre's card, the head's card.
  await wh.run(`
create or replace temp table demo_routes as
with dd as (select * from demo_persons where dd and age >= 16 and fate is null),
a01_towns as (
  select code from demo_townships
  where demo_u(code, 'A01') < ${PERSON_RATES.A01_TOWNSHIPS}
     or code = (select arg_min(code, demo_u(code, 'A01')) from demo_townships)
),
a01 as (
  select pkey, 'A01' as route, ${townshipAccountNo('t')} as account_no, c.name || '农村信用合作联社' as bank
  from dd join demo_townships as t on t.code = dd.township_code join demo_counties as c on c.code = t.county
  where dd.township_code in (select code from a01_towns)
  qualify row_number() over (partition by dd.township_code order by demo_u(pkey, 'A01-pick'), pkey) <= 2
),
p06 as (
  select dd.pkey, 'P06' as route, ${extraAccountNo('x')} as account_no, c.short || '农村商业银行' as bank
  from dd join demo_extras as x on x.kind = 'cadre' and x.village_code = dd.village_code
  join demo_counties as c on c.code = x.county_code
  where dd.member_no = 0 and dd.pkey not in (select pkey from a01)
  qualify row_number() over (partition by dd.village_code order by demo_u(dd.pkey, 'P06-pick'), dd.pkey) <= 4
),
p07 as (
  select p.pkey, 'P07' as route, ${personalAccountNo('h')} as account_no, ${personalBank('h', 'c')} as bank
  from demo_persons as p
  join demo_persons as h on h.household_id = p.household_id and h.member_no = 0
  join demo_counties as c on c.code = p.county_code
  where p.p07 and p.pkey not in (select pkey from a01) and p.pkey not in (select pkey from p06)
)
select * from a01 union all select * from p06 union all select * from p07`);

  await wh.run(`
create or replace temp table demo_enrol as
select e.person_no, e.person_id, e.name, e.village_code, e.county_code, e.fate_month, e.p04, e.prog, e.amount, e.months,
  coalesce(r.account_no, ${personalAccountNo('e')}) as account_no,
  coalesce(r.bank, ${personalBank('e', 'c')}) as bank
from (${programSelects()}) as e
join demo_counties as c on c.code = e.county_code
left join demo_routes as r on r.pkey = e.pkey`);
}

/** Inserts raw.payments (and the P03 duplicates); returns the number of rows. */
export async function writePayments(wh: Warehouse, loadId: number): Promise<number> {
  const pid = paymentIdSql('x.person_no', 'x.prog_no', 'x.m');
  await wh.run(
    `insert into raw.payments (payment_id, doc_id, doc_no, sup_doc_no, project_code, person_id, name, village_code,
       pay_month, payable, paid, account_no, bank, unit, load_id)
     select pid, doc_id, doc_no, null, project_code, person_id, name, village_code,
       '2020-' || lpad(m::varchar, 2, '0'),
       payable,
       case when ${p01Sql('pid', 'prog')} then payable - ((payable * 2 + 999) // 1000) * 100 else payable end,
       account_no, bank, unit, $1
     from (
       select x.*, ${pid} as pid,
         case when ${p11Sql(pid, 'x.prog')}
              then ((60000 + 1000 * floor(demo_u(${pid}, 'P11-amount') * 90)) * 100)::bigint
              else x.amount end as payable
       from (
         select e.*, g.prog_no, g.doc_id, g.doc_no, g.project_code, g.unit, unnest(e.months) as m
         from demo_enrol as e
         join demo_programs as g on g.county_code = e.county_code and g.prog = e.prog
       ) as x
       where x.m < x.fate_month or (x.p04 and x.m > x.fate_month)
     )
     -- As the detail arrives: each month's files come from the townships, so a month's rows sit together by
     -- village (and the marts' zone maps can skip whole row groups for a region or a person).
     order by m, village_code, person_id`,
    [loadId],
  );

  // Payees outside the register (P05): a monthly living subsidy like their neighbours'.
  const xpid = paymentIdSql('x.person_no', 'g.prog_no', 'm.m');
  await wh.run(
    `insert into raw.payments (payment_id, doc_id, doc_no, project_code, person_id, name, village_code, pay_month,
       payable, paid, account_no, bank, unit, load_id)
     select ${xpid}, g.doc_id, g.doc_no, g.project_code, x.person_id, x.name, x.village_code,
       '2020-' || lpad(m.m::varchar, 2, '0'), 20000, 20000, ${extraAccountNo('x')}, c.short || '农村商业银行', g.unit, $1
     from demo_extras as x
     join demo_programs as g on g.county_code = x.county_code and g.prog = 'DD'
     join demo_counties as c on c.code = x.county_code
     cross join (select unnest(range(1, 13)) as m) as m
     where x.kind in ('p05_unreg', 'p05_absent')`,
    [loadId],
  );

  // P03: the same payment registered a second time (duplicate mark 1).
  await wh.run(
    `insert into raw.payments (payment_id, doc_id, doc_no, sup_doc_no, project_code, person_id, name, village_code,
       pay_month, payable, paid, account_no, bank, unit, load_id)
     select left(payment_id, 13) || '1', doc_id, doc_no, sup_doc_no, project_code, person_id, name, village_code,
       pay_month, payable, paid, account_no, bank, unit, load_id
     from raw.payments
     where load_id = $1 and ${p03Sql('payment_id')} and payable = paid and payable < 5000000`,
    [loadId],
  );
  return wh.value<number>('select count(*) from raw.payments where load_id = $1', [loadId]);
}
