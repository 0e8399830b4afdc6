-- translated from models/marts/household_payments.sql sha256:3ceba250c87a
-- 到户: what each household of the 建档立卡 register received in a year (a payment's household is its payee's
-- household in the register; payees outside the register have none and are left out), beside the household's
-- size in the register. Summed from marts.person_payments (one row per person and year; months as bit masks
-- ORed together), so it never reads the 30 M payments, and is incremental by pay_year like its driver.
with people_paid as (
  select
    household_id,
    pay_year,
    payments,
    household_unit_payments,
    months_mask,
    payable,
    paid
  from marts.person_payments
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
    sum(household_unit_payments)::bigint as household_unit_payments,
    bit_count(bit_or(months_mask)::bit(32)) as months_paid,
    sum(payable)::bigint as payable,
    sum(paid)::bigint as paid
  from people_paid
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
  s.household_unit_payments,
  s.months_paid,
  s.payable,
  s.paid
from summed as s
left join register as r on r.household_id = s.household_id
