-- 到人: what each payee received in a year, from marts.project_people (the payments summed per project, village
-- and person: 3.4 M rows at province scale instead of the 30 M payments), summed per person and then joined to
-- the register. The months paid
-- are a bit mask (bit m = paid in month m; one pay year per row), cheaper than a second count(distinct) and
-- what household_payments ORs together for a household's months. Incremental by pay_year like its driver (person_payments.yml):
-- a month of a new year inserts that year only.
with paid as (
  select
    person_id,
    pay_year,
    project_code,
    village_code,
    name,
    payments,
    household_unit_payments,
    months_mask,
    first_month,
    last_month,
    payable,
    paid
  from marts.project_people
),

people as (
  select
    person_id,
    name,
    household_id,
    village_code,
    registered,
    status
  from staging.stg_raw__beneficiaries
),

paid_by_person as (
  select
    person_id,
    pay_year,
    sum(payments)::bigint as payments,
    sum(household_unit_payments)::bigint as household_unit_payments,
    bit_or(months_mask) as months_mask,
    count(distinct project_code) as projects,
    min(first_month) as first_month,
    max(last_month) as last_month,
    sum(payable)::bigint as payable,
    sum(paid)::bigint as paid,
    min(name) as paid_name,
    min(village_code) as paid_village_code
  from paid
  group by person_id, pay_year
)

select
  p.person_id,
  p.pay_year,
  coalesce(pe.name, p.paid_name) as name,
  pe.person_id is not null as in_register,
  pe.household_id,
  coalesce(pe.village_code, p.paid_village_code) as village_code,
  pe.registered,
  pe.status as person_status,
  p.payments,
  p.household_unit_payments,
  bit_count(p.months_mask) as months_paid,
  p.months_mask,
  p.projects,
  p.first_month,
  p.last_month,
  p.payable,
  p.paid
from paid_by_person as p
left join people as pe on pe.person_id = p.person_id
