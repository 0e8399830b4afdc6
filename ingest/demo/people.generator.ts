/**
 * The registered poor (建档立卡), built set-based in DuckDB: households in every village, members with ages,
 * names and 18-character 居民身份证号 whose GB 11643 check digit is computed in SQL, and their fates
 * (未脱贫/已脱贫, 死亡/迁出 with a date). Plus the people who are not registered: 财政供养人员, payees
 * outside the register (P05) and the village cadres whose accounts collect other people's money (P06).
 *
 * Work tables (temp, this session): demo_villages, demo_counties (from JS), demo_households, demo_persons,
 * demo_extras. Anomaly decisions are columns of demo_persons / demo_extras, so the ground truth is read back
 * from the same decision, never re-derived from symptoms.
 */
import type { Warehouse } from '../../warehouse/index.ts';
import { GIVEN, SURNAMES } from './name.catalog.ts';
import type { RegionTree } from './region-tree.generator.ts';
import { sqlList } from './sql-random.ts';
import type { ScaleParams } from './demo.types.ts';

/** Rates of the person-level anomalies (each also forced to at least one case). */
export const PERSON_RATES = {
  P02: 0.0004,
  P04: 0.3,
  P07: 0.002,
  P08: 0.0006,
  /** share of villages with a payee outside the register */
  P05_VILLAGES: 0.04,
  /** share of villages whose cadre collects for several households */
  P06_VILLAGES: 0.006,
  /** share of townships routing payments through their 实有资金账户 */
  A01_TOWNSHIPS: 0.02,
} as const;

/** `expr < rate`, or the single row where expr is smallest (so even a tiny demo has one case). */
const atLeastOne = (table: string, key: string, u: string, rate: number, where = 'true'): string =>
  `(${where} and (${u} < ${rate} or ${key} = (select arg_min(${key}, ${u}) from ${table} where ${where})))`;

const givenName = (key: string): string =>
  `demo_pick(${sqlList(GIVEN)}, demo_u(${key}, 'given1')) ||
   case when demo_u(${key}, 'given-len') < 0.3 then '' else demo_pick(${sqlList(GIVEN)}, demo_u(${key}, 'given2')) end`;

const surname = (key: string): string =>
  `${sqlList(SURNAMES)}[1 + floor(pow(demo_u(${key}, 'surname'), 2) * ${SURNAMES.length})::integer]`;

/** The first 17 characters of an ID: county + birth date + 3-digit sequence (odd = male). */
const first17 = (county: string, birth: string, seq: string): string =>
  `${county} || strftime(${birth}, '%Y%m%d') || lpad((${seq})::varchar, 3, '0')`;

export async function loadRegionWorkTables(wh: Warehouse, tree: RegionTree): Promise<void> {
  await wh.run(`create or replace temp table demo_villages (code varchar, township varchar, county varchar,
    city varchar, households integer)`);
  await wh.append(
    'demo_villages',
    tree.villages.map((v) => [v.code, v.township, v.county, v.city, v.households]),
  );
  await wh.run(`create or replace temp table demo_counties (code varchar, name varchar, short varchar,
    city varchar, idx integer)`);
  await wh.append(
    'demo_counties',
    tree.counties.map((c, i) => [c.code, c.name, c.short, c.city, i + 1]),
  );
  await wh.run(`create or replace temp table demo_townships (code varchar, name varchar, county varchar)`);
  await wh.append(
    'demo_townships',
    tree.townships.map((t) => [t.code, t.name, t.parent ?? '']),
  );
}

export async function generatePeople(wh: Warehouse, params: ScaleParams, step: (n: number) => void): Promise<void> {
  await wh.run(`
create or replace temp table demo_households as
select village_code, township_code, county_code, household_id,
  case when us < 0.10 then 1 when us < 0.28 then 2 when us < 0.50 then 3 when us < 0.72 then 4
       when us < 0.87 then 5 when us < 0.96 then 6 else 7 end as size,
  demo_u(household_id, 'lifted') < 0.04 as not_lifted,
  make_date(2014 + floor(demo_u(household_id, 'lift-year') * 7)::integer, 11,
            1 + floor(demo_u(household_id, 'lift-day') * 28)::integer) as lift_date,
  demo_u(household_id, 'dd') < 0.68 as dd,
  ((150 + 10 * floor(demo_u(household_id, 'dd-rate') * 16)) * 100)::bigint as dd_rate,
  demo_u(household_id, 'cy-xd') as u_cyxd,
  28 + floor(demo_u(household_id, 'head-age') * 48)::integer as head_age,
  demo_u(household_id, 'head-male') < 0.85 as head_male
from (
  select v.code as village_code, v.township as township_code, v.county as county_code,
    v.code || lpad((k + 1)::varchar, 4, '0') as household_id,
    demo_u(v.code || lpad((k + 1)::varchar, 4, '0'), 'size') as us
  from (select *, unnest(range(households)) as k from demo_villages) as v
)`);
  step(1);

  await wh.run(`
create or replace temp table demo_persons0 as
with m as (
  select h.*, unnest(range(h.size)) as member_no from demo_households as h
),
a as (
  select m.*, m.household_id || m.member_no::varchar as pkey,
    case when member_no = 0 then head_age
         when member_no = 1 then greatest(20, head_age + floor(demo_u(household_id || member_no::varchar, 'age') * 9)::integer - 4)
         when member_no <= 4 then floor(demo_u(household_id || member_no::varchar, 'age') * least(26, head_age - 19))::integer
         else 60 + floor(demo_u(household_id || member_no::varchar, 'age') * 28)::integer end as age,
    case when member_no = 0 then head_male when member_no = 1 then not head_male
         else demo_u(household_id || member_no::varchar, 'male') < 0.5 end as male
  from m
),
b as (
  select a.*,
    (date '2020-07-01' - (age * 365 + floor(demo_u(pkey, 'birth-day') * 365))::integer) as birth,
    case when member_no in (1, 6) then ${surname('pkey')} else ${surname('household_id')} end || ${givenName('pkey')} as name,
    demo_u(pkey, 'fate') as u_fate,
    (date '2019-03-01' + floor(demo_u(pkey, 'fate-day') * 640)::integer) as fate_date
  from a
)
select b.* exclude (u_fate, fate_date),
  case when u_fate < 0.012 then '死亡' when u_fate < 0.022 then '迁出' end as fate,
  case when u_fate < 0.022 then fate_date end as fate_date,
  row_number() over (order by pkey) as person_no,
  row_number() over (partition by county_code, birth order by pkey) as birth_rank
from b`);
  step(2);

  await wh.run('drop table demo_households');
  const maxRank = await wh.value<number>('select coalesce(max(birth_rank), 0) from demo_persons0');
  if (maxRank > 449) throw new Error(`同一县同一出生日期的人数过多 (${maxRank}), 身份证顺序码不够用`);

  // IDs, statuses and the person-level anomaly decisions.
  await wh.run(`
create or replace temp table demo_persons1 as
select p.*,
  ${first17('county_code', 'birth', '2 * (birth_rank - 1) + male::integer')} as id17,
  coalesce(fate, case when not_lifted then '未脱贫' else '已脱贫' end) as status,
  case when fate is not null then fate_date when not not_lifted then lift_date end as status_date,
  case when fate is null then 13 when year(fate_date) < 2020 then 0 else month(fate_date) end as fate_month,
  ${atLeastOne('demo_persons0', 'pkey', "demo_u(pkey, 'P02')", PERSON_RATES.P02, 'dd and age >= 16 and fate is null')} as p02,
  ${atLeastOne('demo_persons0', 'pkey', "demo_u(pkey, 'P08')", PERSON_RATES.P08, 'dd and age between 22 and 55 and fate is null')} as p08,
  ${atLeastOne('demo_persons0', 'pkey', "demo_u(pkey, 'P04')", PERSON_RATES.P04, "fate = '死亡' and fate_date between date '2020-02-01' and date '2020-10-31' and age >= 60 and dd")} as p04,
  ${atLeastOne('demo_persons0', 'pkey', "demo_u(pkey, 'P07')", PERSON_RATES.P07, 'dd and member_no = 1 and age >= 16 and fate is null')} as p07
from demo_persons0 as p`);
  step(3);

  // P02: an invalid ID in the register (and so in payments and accounts): wrong check digit, 17 characters,
  // or an impossible birth month with a correct check digit. Kept only where the broken ID stays unique.
  await wh.run(`
create or replace temp table demo_persons as
with b as (
  select p.*, id17 || demo_id_check(id17) as valid_id,
    case when p02 then
      case floor(demo_u(pkey, 'P02-kind') * 3)::integer
        when 0 then id17 || substr('123456789X0', strpos('0123456789X', demo_id_check(id17)), 1)
        when 1 then id17
        else (substr(id17, 1, 10) || '13' || substr(id17, 13)) || demo_id_check(substr(id17, 1, 10) || '13' || substr(id17, 13))
      end end as bad_id
  from demo_persons1 as p
),
ok as (
  select pkey, bad_id from b where bad_id is not null
  qualify count(*) over (partition by bad_id) = 1
)
select b.* exclude (id17, p02, birth_rank, head_age, head_male, not_lifted, lift_date, valid_id, bad_id),
  coalesce(ok.bad_id, b.valid_id) as person_id,
  ok.bad_id is not null as p02
from b
left join ok using (pkey)`);
  await wh.run('drop table demo_persons0; drop table demo_persons1');
  step(4);

  // People outside the register: officials, P05 payees (recorded as not registered, or absent), cadres.
  await wh.run(`
create or replace temp table demo_extras0 as
select 'official' as kind, c.code as county_code, null::varchar as village_code, 'O' || j::varchar as xkey,
  22 + floor(demo_u('O' || j::varchar, 'age') * 38)::integer as age
from range(${params.officials}) as r(j)
join demo_counties as c on c.idx = 1 + j % (select count(*) from demo_counties)
union all
select case when demo_u(code, 'P05-kind') < 0.5 then 'p05_unreg' else 'p05_absent' end, county, code, 'X' || code,
  25 + floor(demo_u(code, 'P05-age') * 40)::integer
from demo_villages as v
where ${atLeastOne('demo_villages', 'code', "demo_u(code, 'P05')", PERSON_RATES.P05_VILLAGES)}
union all
select 'cadre', county, code, 'C' || code, 35 + floor(demo_u(code, 'cadre-age') * 20)::integer
from demo_villages as v
where ${atLeastOne('demo_villages', 'code', "demo_u(code, 'P06')", PERSON_RATES.P06_VILLAGES)}`);
  await wh.run(`
create or replace temp table demo_extras as
with b as (
  select e.*, demo_u(xkey, 'male') < 0.6 as male,
    (date '2020-07-01' - (age * 365 + floor(demo_u(xkey, 'birth-day') * 365))::integer) as birth,
    ${surname('xkey')} || ${givenName('xkey')} as name
  from demo_extras0 as e
),
r as (select b.*, row_number() over (partition by county_code, birth order by xkey) as birth_rank from b)
select r.* exclude (birth_rank),
  ${first17('county_code', 'birth', '900 + 2 * (birth_rank - 1) + male::integer')} as id17,
  90000000 + row_number() over (order by xkey) as person_no
from r`);
  const maxExtraRank = await wh.value<number>(`select coalesce(max(substr(id17, 15, 3)::integer), 0) from demo_extras`);
  if (maxExtraRank > 999) throw new Error('非建档立卡人员的身份证顺序码不够用');
  await wh.run(`
alter table demo_extras add column person_id varchar;
update demo_extras set person_id = id17 || demo_id_check(id17);
drop table demo_extras0`);
  step(5);
}

/** raw.beneficiaries, raw.officials and raw.accounts from the work tables. */
export async function writePeople(
  wh: Warehouse,
  loads: { beneficiaries: number; officials: number; accounts: number },
): Promise<void> {
  await wh.run(
    `insert into raw.beneficiaries (person_id, name, household_id, village_code, registered, status, status_date, load_id)
     select person_id, name, household_id, village_code, true, status, status_date, $1 from demo_persons
     union all
     select person_id, name, village_code || '9' || lpad(person_no::varchar, 3, '0'), village_code, false, null, null, $1
     from demo_extras where kind = 'p05_unreg'`,
    [loads.beneficiaries],
  );
  await wh.run(
    `insert into raw.officials (person_id, name, employer, region_code, load_id)
     select e.person_id, e.name,
       case when demo_u(e.xkey, 'employer') < 0.3 then t.name || '人民政府'
            else c.name || demo_pick(['财政局', '教育局', '卫生健康局', '农业农村局', '人民医院', '第一中学', '自然资源局', '水务局'], demo_u(e.xkey, 'employer2')) end,
       case when demo_u(e.xkey, 'employer') < 0.3 then t.code else e.county_code end, $1
     from demo_extras as e
     join demo_counties as c on c.code = e.county_code
     join (select *, row_number() over (partition by county order by code) as k from demo_townships) as t
       on t.county = e.county_code and t.k = 1
     where e.kind = 'official'
     union all
     select p.person_id, p.name, t.name || '人民政府', p.township_code, $1
     from demo_persons as p join demo_townships as t on t.code = p.township_code
     where p.p08`,
    [loads.officials],
  );
  await wh.run(
    `insert into raw.accounts (account_no, holder_name, holder_id, bank, kind, region_code, load_id)
     select ${personalAccountNo('p')}, p.name, p.person_id, ${personalBank('p', 'c')}, '个人', p.village_code, $1
     from demo_persons as p join demo_counties as c on c.code = p.county_code
     where p.age >= 16
     union all
     select ${extraAccountNo('e')}, e.name, e.person_id, c.short || '农村商业银行', '个人', e.village_code, $1
     from demo_extras as e join demo_counties as c on c.code = e.county_code
     where e.kind <> 'official'
     union all
     select ${townshipAccountNo('t')}, t.name || '财政所', null, c.name || '农村信用合作联社', '实有资金账户', t.code, $1
     from demo_townships as t join demo_counties as c on c.code = t.county
     union all
     select '8200' || c.code || '0001', c.name || '财政局', null, '中国农业银行' || c.name || '支行', '财政专户', c.code, $1
     from demo_counties as c
     union all
     select '8300' || c.code || '0001', c.short || '兴农种养殖专业合作社', '93' || c.code || 'MA0' || lpad(c.idx::varchar, 7, '0'),
       c.short || '农村商业银行', '单位', c.code, $1
     from demo_counties as c`,
    [loads.accounts],
  );
}

const BANK_PREFIX = `case when demo_u(%.pkey, 'bank') < 0.7 then '6231' when demo_u(%.pkey, 'bank') < 0.9 then '6217' else '6228' end`;

/** A person's own card: bank prefix + household id without the province prefix + member number. */
export const personalAccountNo = (p: string): string =>
  `(${BANK_PREFIX.replaceAll('%', p)} || substr(${p}.household_id, 3) || ${p}.member_no::varchar)`;

export const personalBank = (p: string, c: string): string =>
  `(case when demo_u(${p}.pkey, 'bank') < 0.7 then ${c}.short || '农村商业银行'
         when demo_u(${p}.pkey, 'bank') < 0.9 then '中国邮政储蓄银行' || ${c}.name || '支行'
         else '中国农业银行' || ${c}.name || '支行' end)`;

export const extraAccountNo = (e: string): string => `('62319' || lpad(${e}.person_no::varchar, 14, '0'))`;

export const townshipAccountNo = (t: string): string => `('8100' || ${t}.code || '01')`;
