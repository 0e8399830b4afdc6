-- code: M03
-- title: 指标沉淀
-- level: yellow
-- category: 资金流速
-- subject: document
-- description: >-
--   A document holds a 5001 (待分配) or 500201 (本级支出) balance without movement (no document carved from it, no
--   correction) for `days` days as of the as-of date; after `orange_days` days the finding is orange. Amount: the
--   balance held.
-- thresholds:
--   days:
--     default: 90
--     description: 无变动天数 (黄色)
--   orange_days:
--     default: 180
--     description: 无变动天数 (橙色)
with settings as (
  select
    region_code,
    max(value) filter (where name = 'days')::integer as days,
    max(value) filter (where name = 'orange_days')::integer as orange_days
  from meta.rule_threshold_values
  where rule_code = 'M03'
  group by region_code
),

as_of as (
  select value::date as as_of from meta.check_vars where name = 'as_of'
),

held as (
  select b.doc_id, b.region_code, b.held_in, b.held, d.doc_date
  from staging.stg_ledger__document_balances as b
  join staging.stg_ledger__documents as d on d.doc_id = b.doc_id
  where b.held_in in ('5001', '500201') and b.held > 0 and d.doc_date <= (select as_of from as_of)
),

movements as (
  select c.source_doc_id as doc_id, max(c.doc_date) as last_date
  from staging.stg_ledger__documents as c
  where c.source_doc_id in (select doc_id from held)
  group by c.source_doc_id
  union all
  select c.corrects_doc_id, max(c.doc_date)
  from staging.stg_ledger__documents as c
  where c.corrects_doc_id in (select doc_id from held)
  group by c.corrects_doc_id
),

last_movement as (
  select doc_id, max(last_date) as last_date
  from movements
  group by doc_id
),

idle as (
  select
    h.*,
    (select as_of from as_of) - greatest(h.doc_date, coalesce(m.last_date, h.doc_date)) as idle_days
  from held as h
  left join last_movement as m on m.doc_id = h.doc_id
)

select
  'document' as subject_type,
  i.doc_id as subject_id,
  i.region_code,
  i.held as amount,
  case when i.idle_days > s.orange_days then 'orange' end as level,
  concat(case i.held_in when '5001' then '待分配指标 (5001)' else '本级支出指标 (500201)' end, ' ',
    ((i.held)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元已 ', i.idle_days, ' 天无变动') as detail
from idle as i
join settings as s on s.region_code = i.region_code
where i.idle_days > s.days
