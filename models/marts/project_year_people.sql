-- Each project's payees per pay year, summed from marts.project_people: its rows (one per payee and village),
-- the payees, and the payments, payable and paid in 分. Where rows = people every payee has one row (paid in one
-- village), so the project's people grid can read marts.project_people's rows as they are instead of grouping
-- them per person on every request; the whole tree's payment totals of a project and year are this row.
-- Incremental by pay_year like its driver.
select
  project_code,
  pay_year,
  count(*) as rows,
  count(distinct person_id) as people,
  sum(payments)::bigint as payments,
  sum(payable)::bigint as payable,
  sum(paid)::bigint as paid
from marts.project_people
group by project_code, pay_year
order by project_code, pay_year
