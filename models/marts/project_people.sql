-- 项目到人: what each payee received from a project in a pay year, per village the payments were made in — the
-- people grid of a project and the project's payment totals read one project's rows (the table is ordered by
-- project), and a payee's villages say which row groups of marts.payments hold the payee's payments.
-- Summed from marts.payments, joined to the register for the household only after summing; it carries what
-- marts.person_payments sums per person (the unit-户 count, the months as a bit mask, the least name), so that
-- the 30 M payments are aggregated once for both. Incremental by pay_year
-- like marts.person_payments: a month of a new year inserts that year only.
with payments as (
  select
    project_code,
    pay_year,
    village_code,
    person_id,
    name,
    registered,
    pay_month,
    unit,
    payable,
    paid
  from marts.payments
),

people as (
  select
    person_id,
    household_id
  from staging.stg_raw__beneficiaries
),

summed as (
  select
    project_code,
    pay_year,
    village_code,
    person_id,
    min(name) as name,
    any_value(registered) as registered,
    count(*) as payments,
    count(*) filter (where unit = '户') as household_unit_payments,
    bit_or(1 << cast(substr(pay_month, 6, 2) as integer)) as months_mask,
    sum(payable)::bigint as payable,
    sum(paid)::bigint as paid,
    min(pay_month) as first_month,
    max(pay_month) as last_month
  from payments
  group by project_code, pay_year, village_code, person_id
)

select
  s.project_code,
  s.pay_year,
  s.village_code,
  s.person_id,
  s.name,
  pe.household_id,
  s.registered,
  s.payments,
  s.household_unit_payments,
  s.months_mask,
  s.payable,
  s.paid,
  s.first_month,
  s.last_month
from summed as s
left join people as pe on pe.person_id = s.person_id
-- ordered by project: a request reads one project's rows
order by s.project_code, s.pay_year
