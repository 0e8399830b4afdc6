-- translated from models/marts/interlock_by_region_pair.sql sha256:37c7a2c4b034
-- 咬合 rolled up per region pair and budget year: how many transfers went from one region to another, what
-- was issued, imported and is still in transit, and how long the oldest waited. txn_code is T05 (to a lower
-- region) or T06 (横向); a pair is one or the other, as the target either is a descendant or is not.
with transfers as (
  select *
  from marts.interlock
)

select
  from_region,
  to_region,
  budget_year,
  min(txn_code) as txn_code,
  count(*) as transfers,
  count(*) filter (where status = '全部接收') as fully_imported,
  count(*) filter (where status = '部分接收') as partly_imported,
  count(*) filter (where status = '未接收') as never_imported,
  sum(issued)::bigint as issued,
  sum(imported)::bigint as imported,
  sum(in_transit)::bigint as in_transit,
  max(days_in_transit) as max_days_in_transit,
  max(days_in_transit) filter (where in_transit > 0) as max_days_open,
  min(issued_date) as first_issued_date,
  max(last_import_date) as last_import_date
from transfers
group by from_region, to_region, budget_year
