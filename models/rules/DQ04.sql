-- code: DQ04
-- title: 沿用上级文号
-- level: yellow
-- category: 单据质量
-- subject: document
-- description: >-
--   A lower level registers an upper level's 文号 as its own: the document's 文号 equals its 上级指标文号, or a 文号
--   issued by a region above it (e.g. a county document numbered 财农〔2018〕12号).
-- thresholds: {}
with settings as (
  select code as region_code from staging.stg_raw__region_current
),

documents as (
  select doc_id, txn_code, region_code, doc_no, sup_doc_no, amount
  from staging.stg_ledger__documents
  where txn_code not in ('T07', 'T08', 'T10')
),

upper_numbers as (
  select distinct c.code as region_code, o.doc_no
  from staging.stg_ledger__documents as o
  join staging.stg_raw__region_closure as c on c.ancestor_code = o.region_code and c.depth > 0
  where o.doc_no is not null and o.txn_code not in ('T07', 'T08', 'T10')
)

select
  'document' as subject_type,
  d.doc_id as subject_id,
  d.region_code,
  d.amount,
  concat('沿用上级文号: ', d.doc_no, case when d.doc_no = d.sup_doc_no then ' (与上级指标文号相同)' else ' (上级区划已使用该文号)' end) as detail
from documents as d
join settings as s on s.region_code = d.region_code
where d.doc_no is not null and (d.doc_no = d.sup_doc_no or d.doc_no in (
    select u.doc_no from upper_numbers as u where u.region_code = d.region_code))
