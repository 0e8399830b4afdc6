-- translated from models/marts/consolidated.sql sha256:5b7c88a2f53b
-- 合并口径 (ledger.md, Consolidation): for every region as the scope (the region and everything below it,
-- today's tree) and budget year, sources and arrangements across levels with the interlocked transfers inside
-- the scope eliminated, so money that merely passed through is counted once.
--   sources      = own_arranged (本级安排 of every level) + carried_in (上年结转) + from_outside (上级/横向
--                  imports whose issuing region is outside the scope)
--   arrangements = own_spending (500201 + 5101 + 5201 of every level) + undistributed (1001 + 5001)
--                  + in_transit (transfers issued and not yet imported inside the scope)
--                  + leaving_scope (transfers to regions outside the scope) + carried_out (结转下年)
-- The interlocked imports inside the scope (eliminated) leave both sides; summed_sources is the naive Σ 4001.
with postings as (
  select budget_year, region_code, account_code, source_type, flow, counterpart_region_code, debit, credit
  from intermediate.int_postings_classified
),

closure as (
  select ancestor_code, code
  from staging.stg_raw__region_closure
),

regions as (
  select code, name, level
  from staging.stg_raw__region_current
),

by_region as (
  select
    budget_year, region_code, account_code, source_type, flow, counterpart_region_code,
    sum(debit - credit)::bigint as balance
  from postings
  group by budget_year, region_code, account_code, source_type, flow, counterpart_region_code
),

-- every scope a region's balances fall in (materialized first, so that the counterpart test below stays one
-- join on both keys and is never planned as closure × closure on the ancestor alone)
in_scope as materialized (
  select b.*, c.ancestor_code as scope_code
  from by_region as b
  join closure as c on c.code = b.region_code
),

scoped as (
  select
    s.budget_year,
    s.scope_code,
    s.account_code,
    s.source_type,
    s.flow,
    s.balance,
    k.code is not null as counterpart_inside
  from in_scope as s
  left join closure as k on k.ancestor_code = s.scope_code and k.code = s.counterpart_region_code
),

totals as (
  select
    budget_year,
    scope_code,
    coalesce(-sum(balance) filter (where account_code = '4001'), 0)::bigint as summed_sources,
    coalesce(-sum(balance) filter (where flow = 'own'), 0)::bigint as own_arranged,
    coalesce(-sum(balance) filter (where flow = 'carried_in'), 0)::bigint as carried_in,
    coalesce(-sum(balance) filter (where flow = 'transfer_in' and not counterpart_inside
                                   and source_type = '上级转移支付'), 0)::bigint as from_outside_upper,
    coalesce(-sum(balance) filter (where flow = 'transfer_in' and not counterpart_inside
                                   and source_type <> '上级转移支付'), 0)::bigint as from_outside_lateral,
    coalesce(-sum(balance) filter (where flow = 'transfer_in' and counterpart_inside), 0)::bigint as eliminated,
    coalesce(sum(balance) filter (where flow = 'carried_out'), 0)::bigint as carried_out,
    coalesce(sum(balance) filter (where account_code = '500201'), 0)::bigint as own_detailed,
    coalesce(sum(balance) filter (where account_code = '5101'), 0)::bigint as planned,
    coalesce(sum(balance) filter (where account_code = '5201'), 0)::bigint as paid,
    coalesce(sum(balance) filter (where account_code in ('1001', '5001')), 0)::bigint as undistributed,
    coalesce(sum(balance) filter (where flow = 'transfer_out' and counterpart_inside), 0)::bigint as issued_inside,
    coalesce(sum(balance) filter (where flow = 'transfer_out' and not counterpart_inside), 0)::bigint as leaving_scope
  from scoped
  group by budget_year, scope_code
),

balanced as (
  select
    *,
    (own_arranged + carried_in + from_outside_upper + from_outside_lateral)::bigint as sources,
    (own_detailed + planned + paid)::bigint as own_spending,
    (issued_inside - eliminated)::bigint as in_transit
  from totals
)

select
  b.budget_year,
  b.scope_code,
  g.name as scope_name,
  g.level as scope_level,
  b.sources,
  b.own_arranged,
  b.carried_in,
  (b.from_outside_upper + b.from_outside_lateral)::bigint as from_outside,
  b.from_outside_upper,
  b.from_outside_lateral,
  (b.own_spending + b.undistributed + b.in_transit + b.leaving_scope + b.carried_out)::bigint as arrangements,
  b.own_spending,
  b.own_detailed,
  b.planned,
  b.paid,
  b.undistributed,
  b.in_transit,
  b.leaving_scope,
  b.carried_out,
  b.summed_sources,
  b.eliminated,
  (b.sources - b.carried_out)::bigint as available,
  (b.own_spending + b.leaving_scope)::double precision / nullif(b.sources - b.carried_out, 0) as allocation_progress,
  b.paid::double precision / nullif(b.sources - b.carried_out, 0) as spending_progress
from balanced as b
left join regions as g on g.code = b.scope_code
