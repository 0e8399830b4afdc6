-- translated from models/marts/general_ledger.sql sha256:144daeb14a31
-- 总台账: balances by budget year × region × fund × account × source type (source_type on 4001 only), with
-- 年初预算 (initial_*) separated from in-year adjustments (adjust_*): initial + adjust = debit / credit.
-- Summed over source_type it is the `ledger` export of contract.md.
with postings as (
  select budget_year, region_code, fund_code, account_code, source_type, debit, credit, is_initial
  from intermediate.int_postings_classified
),

accounts as (
  select account_code, account_name
  from staging.stg_ledger__accounts
),

balances as (
  select
    budget_year,
    region_code,
    fund_code,
    account_code,
    source_type,
    sum(debit)::bigint as debit,
    sum(credit)::bigint as credit,
    coalesce(sum(debit) filter (where is_initial), 0)::bigint as initial_debit,
    coalesce(sum(credit) filter (where is_initial), 0)::bigint as initial_credit,
    coalesce(sum(debit) filter (where not is_initial), 0)::bigint as adjust_debit,
    coalesce(sum(credit) filter (where not is_initial), 0)::bigint as adjust_credit,
    count(*)::bigint as postings
  from postings
  group by budget_year, region_code, fund_code, account_code, source_type
)

select
  b.budget_year,
  b.region_code,
  b.fund_code,
  b.account_code,
  b.source_type,
  a.account_name,
  b.debit,
  b.credit,
  (b.debit - b.credit)::bigint as balance,
  b.initial_debit,
  b.initial_credit,
  (b.initial_debit - b.initial_credit)::bigint as initial_balance,
  b.adjust_debit,
  b.adjust_credit,
  (b.adjust_debit - b.adjust_credit)::bigint as adjust_balance,
  b.postings
from balances as b
left join accounts as a on a.account_code = b.account_code
