-- translated from models/staging/stg_raw__funds.sql sha256:bdb63213531d
-- 专项资金 with their designated upper fund (指定关联).
-- Staging: the source as it is, columns named and typed once; nothing else.
select
  region_code,
  fund_code,
  fund_name,
  upper_fund_code,
  upper_region_code,
  poverty,
  to_individuals,
  start_year,
  end_year,
  load_id
from raw.funds
