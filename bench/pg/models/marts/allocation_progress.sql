-- translated from models/marts/allocation_progress.sql sha256:0b6cc1cd0ef9
-- 分配与支出进度: per region × fund × budget year, what the region received (下达, by the level of the
-- region that issued it), arranged itself and carried, what it has passed on or detailed (已分配), what is
-- still undistributed (未分配), and the two progress ratios.
--   available (可用) = allocated + undistributed = Σ debit balances of 1001, 5001, 500201, 500202, 500203,
--                      5101, 5201 of the region and fund: the year's money of the fund net of 结转下年
--   allocated (已分配) = 500201 + 500202 + 500203 + 5101 + 5201;  undistributed (未分配) = 1001 + 5001
--   allocation_progress (分配进度) = allocated / available;  spending_progress (支出进度) = paid (5201) / available
-- The sources add up to it: received_total + own_arranged + carried_in − carried_out + registered_net, where
-- registered_net is what T03 (登记到专项资金) moved into this fund from money received without a fund.
with postings as (
  select budget_year, region_code, fund_code, account_code, source_type, flow, counterpart_region_code,
    debit, credit, is_initial, is_advance
  from intermediate.int_postings_classified
),

regions as (
  select code, name, level
  from staging.stg_raw__region_current
),

funds as (
  select region_code, fund_code, fund_name
  from staging.stg_raw__funds
),

classified as (
  select
    p.*,
    (p.debit - p.credit)::bigint as balance,
    case
      when p.flow is distinct from 'transfer_in' then null
      when p.source_type = '横向转移支付' then 'lateral'
      when i.level in ('central', 'province', 'city', 'county') then i.level
      else 'other'
    end as received_from
  from postings as p
  left join regions as i on i.code = p.counterpart_region_code
),

totals as (
  select
    budget_year,
    region_code,
    fund_code,
    coalesce(-sum(balance) filter (where received_from = 'central'), 0)::bigint as received_central,
    coalesce(-sum(balance) filter (where received_from = 'province'), 0)::bigint as received_province,
    coalesce(-sum(balance) filter (where received_from = 'city'), 0)::bigint as received_city,
    coalesce(-sum(balance) filter (where received_from = 'county'), 0)::bigint as received_county,
    coalesce(-sum(balance) filter (where received_from = 'other'), 0)::bigint as received_other,
    coalesce(-sum(balance) filter (where received_from = 'lateral'), 0)::bigint as received_lateral,
    coalesce(-sum(balance) filter (where flow = 'transfer_in' and is_advance), 0)::bigint as received_advance,
    coalesce(-sum(balance) filter (where flow = 'own'), 0)::bigint as own_arranged,
    coalesce(-sum(balance) filter (where flow = 'carried_in'), 0)::bigint as carried_in,
    coalesce(sum(balance) filter (where flow = 'carried_out'), 0)::bigint as carried_out,
    coalesce(-sum(balance) filter (where account_code = '4001' and is_initial), 0)::bigint as initial_budget,
    coalesce(sum(balance), 0)::bigint as registered_net,
    coalesce(sum(balance) filter (where account_code = '1001'), 0)::bigint as unregistered,
    coalesce(sum(balance) filter (where account_code = '5001'), 0)::bigint as to_distribute,
    coalesce(sum(balance) filter (where account_code = '500201'), 0)::bigint as own_detailed,
    coalesce(sum(balance) filter (where account_code = '500202'), 0)::bigint as transferred_down,
    coalesce(sum(balance) filter (where account_code = '500203'), 0)::bigint as transferred_lateral,
    coalesce(sum(balance) filter (where account_code = '5101'), 0)::bigint as planned,
    coalesce(sum(balance) filter (where account_code = '5201'), 0)::bigint as paid
  from classified
  group by budget_year, region_code, fund_code
),

measured as (
  select
    *,
    (received_central + received_province + received_city + received_county + received_other
      + received_lateral)::bigint as received_total,
    (own_detailed + transferred_down + transferred_lateral + planned + paid)::bigint as allocated,
    (unregistered + to_distribute)::bigint as undistributed
  from totals
)

select
  m.budget_year,
  m.region_code,
  m.fund_code,
  r.name as region_name,
  r.level as region_level,
  f.fund_name,
  m.received_central,
  m.received_province,
  m.received_city,
  m.received_county,
  m.received_other,
  m.received_lateral,
  m.received_total,
  m.received_advance,
  m.own_arranged,
  m.carried_in,
  m.carried_out,
  m.registered_net,
  m.initial_budget,
  (m.allocated + m.undistributed)::bigint as available,
  m.allocated,
  m.own_detailed,
  m.transferred_down,
  m.transferred_lateral,
  m.planned,
  m.paid,
  m.undistributed,
  m.unregistered,
  m.to_distribute,
  m.allocated::double precision / nullif(m.allocated + m.undistributed, 0) as allocation_progress,
  m.paid::double precision / nullif(m.allocated + m.undistributed, 0) as spending_progress
from measured as m
left join regions as r on r.code = m.region_code
left join funds as f on f.region_code = m.region_code and f.fund_code = m.fund_code
