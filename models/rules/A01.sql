-- code: A01
-- title: 经实有资金账户转拨
-- level: red
-- category: 账户
-- subject: payment
-- in_flow: payment
-- description: >-
--   A payment under a 直达 or 全部用于贫困人员 document routed to a 实有资金账户 (a unit's own-funds account) instead of
--   the payee's own account.
-- thresholds:
--   account_kinds:
--     default: 实有资金账户
--     description: 不得经其转拨的账户类型 (逗号分隔)
with settings as (
  select region_code, string_split(max(value) filter (where name = 'account_kinds'), ',') as kinds
  from meta.rule_threshold_values
  where rule_code = 'A01'
  group by region_code
),

payments as (
  select
    p.payment_id, p.doc_id, p.person_id, p.name, p.pay_month, p.paid, p.account_no,
    coalesce(v.village_code, d.region_code, '') as region_code,
    d.for_poor, d.direct
  from staging.stg_raw__payments as p
  left join intermediate.int_villages_located as v on v.village_code = p.village_code
  left join staging.stg_ledger__documents as d on d.doc_id = p.doc_id
)

select
  'payment' as subject_type,
  p.payment_id as subject_id,
  p.region_code,
  p.paid as amount,
  concat(case when p.direct then '直达资金' else '全部用于贫困人员的资金' end, '经 ', coalesce(a.holder_name, ''), ' ', a.kind, ' ',
    p.account_no, ' 转拨给 ', p.name, ' ', ((p.paid)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元') as detail
from payments as p
join staging.stg_raw__accounts as a on a.account_no = p.account_no
-- the payment's region's account kinds, or the default ('*') for a region the thresholds do not know yet
left join settings as s on s.region_code = p.region_code
join settings as s0 on s0.region_code = '*'
where (p.for_poor or p.direct) and list_contains(coalesce(s.kinds, s0.kinds), a.kind)

-- @in_flow
with settings as (
  select region_code, string_split(max(value) filter (where name = 'account_kinds'), ',') as kinds
  from meta.rule_threshold_values
  -- the candidates' villages only (and the default)
  where rule_code = 'A01' and (region_code = '*' or region_code in (select village_code from candidate_payments))
  group by region_code
)

select
  c.payment_id as subject_id,
  concat(case when d.direct then '直达资金' else '全部用于贫困人员的资金' end, '不能经', a.kind, ' ', c.account_no,
    coalesce(concat(' (', a.holder_name, ')'), ''), ' 转拨, 应直接发放到领款人本人账户') as detail
from candidate_payments as c
join staging.stg_raw__accounts as a on a.account_no = c.account_no
join staging.stg_ledger__documents as d on d.doc_id = c.doc_id
left join settings as s on s.region_code = c.village_code
join settings as s0 on s0.region_code = '*'
where (d.for_poor or d.direct) and list_contains(coalesce(s.kinds, s0.kinds), a.kind)
