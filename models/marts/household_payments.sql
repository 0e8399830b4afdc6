-- 到户: what each household of the 建档立卡 register received in a year, from marts.payments (the household of a
-- payment is its payee's household in the register; payees outside the register have none and are left out),
-- beside the household's size in the register.
with payments as (
  select
    household_id,
    pay_year,
    pay_month,
    person_id,
    project_code,
    unit,
    payable,
    paid
  from marts.payments
  where household_id is not null
),

register as (
  select
    household_id,
    count(*) as members,
    count(*) filter (where registered) as registered_members,
    min(village_code) as village_code
  from staging.stg_raw__beneficiaries
  where household_id is not null
  group by household_id
),

paid_by_household as (
  select
    household_id,
    pay_year,
    count(*) as payments,
    count(*) filter (where unit = '户') as household_payments,
    count(distinct person_id) as people_paid,
    count(distinct pay_month) as months_paid,
    count(distinct project_code) as projects,
    sum(payable)::bigint as payable,
    sum(paid)::bigint as paid
  from payments
  group by household_id, pay_year
)

select
  p.household_id,
  p.pay_year,
  r.village_code,
  r.members,
  r.registered_members,
  p.people_paid,
  p.payments,
  p.household_payments,
  p.months_paid,
  p.projects,
  p.payable,
  p.paid
from paid_by_household as p
left join register as r on r.household_id = p.household_id
