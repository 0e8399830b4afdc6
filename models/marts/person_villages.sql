-- Where each payee's payments of a pay year lie: the villages the payee was paid in (marts.project_people), per
-- payee and year, ordered by person_num (the first 15 digits of the id as a number, server/api/people.repository.ts
-- computes it the same way) so that one payee is a pruned scan of an integer column: the payments page of one
-- person reads these villages' rows of marts.payments only. Incremental by pay_year like marts.person_payments.
select
  try_cast(left(regexp_replace(person_id, '[^0-9]', '', 'g'), 15) as bigint) as person_num,
  person_id,
  pay_year,
  list(distinct village_code order by village_code) filter (where village_code is not null) as villages
from marts.project_people
group by person_id, pay_year
order by person_num, person_id, pay_year
