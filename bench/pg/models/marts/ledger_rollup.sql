-- translated from models/marts/ledger_rollup.sql sha256:f7ef106e9c91
-- 区域汇总: the 总台账 of a region and everything below it (today's region tree), by budget year × scope
-- region × account × source type, with the scope's own level (本级) apart from the levels below it (下级).
-- A plain sum over levels: money passed down is counted at every level it passed (the consolidated mart
-- eliminates that).
with ledger as (
  select budget_year, region_code, account_code, source_type, debit, credit, initial_debit, initial_credit
  from marts.general_ledger
),

closure as (
  select ancestor_code, code, depth
  from staging.stg_raw__region_closure
),

regions as (
  select code, name, level
  from staging.stg_raw__region_current
),

accounts as (
  select account_code, account_name
  from staging.stg_ledger__accounts
),

rolled as (
  select
    l.budget_year,
    c.ancestor_code as scope_code,
    l.account_code,
    l.source_type,
    sum(l.debit)::bigint as debit,
    sum(l.credit)::bigint as credit,
    sum(l.initial_debit)::bigint as initial_debit,
    sum(l.initial_credit)::bigint as initial_credit,
    coalesce(sum(l.debit - l.credit) filter (where c.depth = 0), 0)::bigint as own_balance,
    count(distinct l.region_code)::bigint as regions
  from ledger as l
  join closure as c on c.code = l.region_code
  group by l.budget_year, c.ancestor_code, l.account_code, l.source_type
)

select
  r.budget_year,
  r.scope_code,
  g.name as scope_name,
  g.level as scope_level,
  r.account_code,
  r.source_type,
  a.account_name,
  r.debit,
  r.credit,
  (r.debit - r.credit)::bigint as balance,
  r.initial_debit,
  r.initial_credit,
  (r.initial_debit - r.initial_credit)::bigint as initial_balance,
  (r.debit - r.initial_debit)::bigint as adjust_debit,
  (r.credit - r.initial_credit)::bigint as adjust_credit,
  (r.debit - r.credit - r.initial_debit + r.initial_credit)::bigint as adjust_balance,
  r.own_balance,
  (r.debit - r.credit - r.own_balance)::bigint as below_balance,
  r.regions
from rolled as r
left join regions as g on g.code = r.scope_code
left join accounts as a on a.account_code = r.account_code
