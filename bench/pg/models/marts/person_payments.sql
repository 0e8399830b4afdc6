-- translated from models/marts/person_payments.sql sha256:6a85f7b1c9df
-- 到人: what each payee received in a year, from marts.payments, summed first and then joined to the register
-- (3 M people at province scale, joined to the summed rows rather than to the 30 M payments). The months paid
-- are a bit mask (bit m = paid in month m; one pay year per row), cheaper than a second count(distinct) and
-- what household_payments ORs together for a household's months. Incremental by pay_year (person_payments.yml):
-- a month of a new year inserts that year only.
with payments as (
  select
    person_id,
    pay_year,
    pay_month,
    project_code,
    unit,
    payable,
    paid,
    name,
    village_code
  from marts.payments
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
    count(*) as payments,
    count(*) filter (where unit = '户') as household_unit_payments,
    bit_or(1 << cast(substr(pay_month, 6, 2) as integer)) as months_mask,
    count(distinct project_code) as projects,
    min(pay_month) as first_month,
    max(pay_month) as last_month,
    sum(payable)::bigint as payable,
    sum(paid)::bigint as paid,
    min(name) as paid_name,
    min(village_code) as paid_village_code
  from payments
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
  bit_count(p.months_mask::bit(32)) as months_paid,
  p.months_mask,
  p.projects,
  p.first_month,
  p.last_month,
  p.payable,
  p.paid
from paid_by_person as p
left join people as pe on pe.person_id = p.person_id
