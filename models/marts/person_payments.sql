-- 到人: what each payee received in a year, from marts.payments. The register columns (household, registered,
-- status) are the same on every payment of a person, so they are carried with any_value, not joined again.
with payments as (
  select
    person_id,
    pay_year,
    pay_month,
    project_code,
    payable,
    paid,
    name,
    village_code,
    in_register,
    register_name,
    household_id,
    register_village_code,
    registered,
    person_status
  from marts.payments
)

select
  person_id,
  pay_year,
  coalesce(any_value(register_name), min(name)) as name,
  any_value(in_register) as in_register,
  any_value(household_id) as household_id,
  coalesce(any_value(register_village_code), min(village_code)) as village_code,
  any_value(registered) as registered,
  any_value(person_status) as person_status,
  count(*) as payments,
  count(distinct pay_month) as months_paid,
  count(distinct project_code) as projects,
  min(pay_month) as first_month,
  max(pay_month) as last_month,
  sum(payable)::bigint as payable,
  sum(paid)::bigint as paid
from payments
group by person_id, pay_year
