-- 到户: what each household of the 建档立卡 register received in a year (a payment's household is its payee's
-- household in the register; payees outside the register have none and are left out), beside the household's
-- size in the register. People, payments, amounts and months come from marts.person_payments (one row per
-- person and year, months as bit masks ORed together); only the household's projects and its 按户 payments
-- need the payments themselves.
with people_paid as (
  select
    household_id,
    pay_year,
    payments,
    months_mask,
    payable,
    paid
  from marts.person_payments
  where household_id is not null
),

payments as (
  select
    household_id,
    pay_year,
    project_code,
    unit
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

summed as (
  select
    household_id,
    pay_year,
    count(*) as people_paid,
    sum(payments)::bigint as payments,
    bit_count(bit_or(months_mask)) as months_paid,
    sum(payable)::bigint as payable,
    sum(paid)::bigint as paid
  from people_paid
  group by household_id, pay_year
),

per_payment as (
  select
    household_id,
    pay_year,
    count(*) filter (where unit = '户') as household_payments,
    count(distinct project_code) as projects
  from payments
  group by household_id, pay_year
)

select
  s.household_id,
  s.pay_year,
  r.village_code,
  r.members,
  r.registered_members,
  s.people_paid,
  s.payments,
  p.household_payments,
  s.months_paid,
  p.projects,
  s.payable,
  s.paid
from summed as s
inner join per_payment as p on p.household_id = s.household_id and p.pay_year = s.pay_year
left join register as r on r.household_id = s.household_id
