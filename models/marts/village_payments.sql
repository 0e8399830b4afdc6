-- 到村: per village and pay year, what was paid there (marts.payments by the payment's village_code; a township
-- code counts as its own "village"; payments without a village_code are left out) and how far payments reached
-- the village's 建档立卡 people: of the people the register places there who were still in the register that
-- year (not dead or moved out before 1 January), how many were paid anything that year, in any village.
-- A village with registered people but no payment in a year gets a row with zero payments and zero coverage.
-- Payments are summed per village, year and person first, so the village counts need no count(distinct) over
-- the 30 M payments; a payee's household comes from the register (payees outside it reach no household).
with payments as (
  select
    village_code,
    pay_year,
    person_id,
    registered,
    payable,
    paid
  from marts.payments
  where village_code is not null
),

households as (
  select
    person_id,
    household_id
  from staging.stg_raw__beneficiaries
),

people_paid as (
  select
    person_id,
    pay_year
  from marts.person_payments
),

register as (
  select
    person_id,
    village_code,
    status,
    status_date
  from staging.stg_raw__beneficiaries
  where registered and village_code is not null
),

villages as (
  select
    village_code,
    village_name,
    village_level,
    township_code,
    township_name,
    county_code,
    county_name
  from intermediate.int_villages_located
),

paid_per_person as (
  select
    village_code,
    pay_year,
    person_id,
    any_value(registered) as registered,
    count(*) as payments,
    sum(payable)::bigint as payable,
    sum(paid)::bigint as paid
  from payments
  group by village_code, pay_year, person_id
),

paid_in_village as (
  select
    p.village_code,
    p.pay_year,
    sum(p.payments)::bigint as payments,
    count(*) as people_reached,
    count(distinct h.household_id) as households_reached,
    count(*) filter (where p.registered) as registered_payees,
    sum(p.payable)::bigint as payable,
    sum(p.paid)::bigint as paid
  from paid_per_person as p
  left join households as h on h.person_id = p.person_id
  group by p.village_code, p.pay_year
),

years as (
  select distinct pay_year
  from paid_in_village
),

registered_in_year as (
  select
    r.village_code,
    y.pay_year,
    r.person_id
  from register as r
  cross join years as y
  where not (r.status in ('死亡', '迁出') and coalesce(r.status_date < make_date(y.pay_year, 1, 1), true))
),

coverage as (
  select
    i.village_code,
    i.pay_year,
    count(*) as registered_people,
    count(pp.person_id) as registered_reached
  from registered_in_year as i
  left join people_paid as pp on pp.person_id = i.person_id and pp.pay_year = i.pay_year
  group by i.village_code, i.pay_year
),

-- the two sides stacked and summed (each has at most one row per village and year), rather than a full outer
-- join on coalesced keys: a filter on pay_year (an incremental build's partitions) reaches both sides' scans
both_sides as (
  select
    village_code,
    pay_year,
    payments,
    people_reached,
    households_reached,
    registered_payees,
    0 as registered_people,
    0 as registered_reached,
    payable,
    paid
  from paid_in_village
  union all
  select
    village_code,
    pay_year,
    0 as payments,
    0 as people_reached,
    0 as households_reached,
    0 as registered_payees,
    registered_people,
    registered_reached,
    0 as payable,
    0 as paid
  from coverage
),

combined as (
  select
    village_code,
    pay_year,
    sum(payments)::bigint as payments,
    sum(people_reached)::bigint as people_reached,
    sum(households_reached)::bigint as households_reached,
    sum(registered_payees)::bigint as registered_payees,
    sum(registered_people)::bigint as registered_people,
    sum(registered_reached)::bigint as registered_reached,
    sum(payable)::bigint as payable,
    sum(paid)::bigint as paid
  from both_sides
  group by village_code, pay_year
)

select
  c.village_code,
  c.pay_year,
  v.village_name,
  v.village_level,
  v.township_code,
  v.township_name,
  v.county_code,
  v.county_name,
  c.payments,
  c.people_reached,
  c.households_reached,
  c.registered_payees,
  c.registered_people,
  c.registered_reached,
  c.registered_reached / nullif(c.registered_people, 0) as registered_coverage,
  c.payable,
  c.paid
from combined as c
left join villages as v on v.village_code = c.village_code
