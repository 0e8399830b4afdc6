-- translated from models/marts/regional_ledger.sql sha256:10c3499ab933
-- The 指标账 seen through 区划调整: for every view year (marts.region_successors), the postings of budget years
-- up to it, under the region codes in use in that view year. A posting registered under a code retired since
-- moves to its successors, split by share; documents keep their original codes (original_region_code).
-- Exact to the 分: each posting's amount is split into floor(amount × share) parts and the remaining 分 go one
-- each to the successors with the largest fractional parts (ties: the lower code), so the parts sum to the
-- posting. The split depends only on the amount and the shares, so the equal debit and credit of a document
-- split alike and every region stays balanced in every view.
with postings as (
  select posting_id, region_code, budget_year, fund_code, account_code, source_type, debit, credit
  from staging.stg_ledger__postings
),

successors as (
  select code, history_from, history_to, view_year, successor_code, share
  from marts.region_successors
),

placed as (
  select
    p.posting_id,
    s.view_year,
    s.successor_code,
    p.region_code,
    p.budget_year,
    p.fund_code,
    p.account_code,
    p.source_type,
    p.debit,
    p.credit,
    s.share,
    count(*) over (partition by p.posting_id, s.view_year) as parts
  from postings as p
  join successors as s
    on s.code = p.region_code
    and p.budget_year >= s.history_from
    and (s.history_to is null or p.budget_year < s.history_to)
    and p.budget_year <= s.view_year
),

whole as (
  select view_year, successor_code, region_code, budget_year, fund_code, account_code, source_type, debit, credit
  from placed
  where parts = 1
),

floored as (
  select
    *,
    floor(abs(debit) * share)::bigint as debit_floor,
    abs(debit) * share - floor(abs(debit) * share) as debit_fraction,
    floor(abs(credit) * share)::bigint as credit_floor,
    abs(credit) * share - floor(abs(credit) * share) as credit_fraction
  from placed
  where parts > 1
),

ranked as (
  select
    *,
    abs(debit) - sum(debit_floor) over (partition by posting_id, view_year) as debit_left,
    row_number() over (
      partition by posting_id, view_year order by debit_fraction desc, successor_code
    ) as debit_rank,
    abs(credit) - sum(credit_floor) over (partition by posting_id, view_year) as credit_left,
    row_number() over (
      partition by posting_id, view_year order by credit_fraction desc, successor_code
    ) as credit_rank
  from floored
),

split as (
  select
    view_year,
    successor_code,
    region_code,
    budget_year,
    fund_code,
    account_code,
    source_type,
    sign(debit) * (
      debit_floor
      + case when debit_rank <= debit_left then 1 else 0 end
      - case when debit_left < 0 and debit_rank > parts + debit_left then 1 else 0 end
    ) as debit,
    sign(credit) * (
      credit_floor
      + case when credit_rank <= credit_left then 1 else 0 end
      - case when credit_left < 0 and credit_rank > parts + credit_left then 1 else 0 end
    ) as credit
  from ranked
)

select
  view_year,
  successor_code as region_code,
  region_code as original_region_code,
  budget_year,
  fund_code,
  account_code,
  source_type,
  sum(debit)::bigint as debit,
  sum(credit)::bigint as credit
from (
  select * from whole
  union all
  select * from split
) as parts
group by view_year, successor_code, region_code, budget_year, fund_code, account_code, source_type
