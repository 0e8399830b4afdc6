-- translated from models/marts/project_relations.sql sha256:66cb2c8737a5
-- Relations between projects of the library, one row per (project, relation, related project, related region):
--   parent         — the library's parent_project_code (上级项目代码);
--   funded_through — derived from funding: a T04 of the project is carved from a chain that passes through a
--                    document of another region naming another project (e.g. a county project funded through a
--                    province project's transfer); amount = Σ effective amounts of those T04s;
--   applied_to     — the library's applied_to_region (申报区划): related_region_code is that region, and
--                    related_project_code the project of that region the project was funded through, if any
--                    (null while no funding came through a project of that region).
with projects as (
  select project_code, region_code, parent_project_code, applied_to_region
  from staging.stg_raw__projects
),

documents as (
  select doc_id, txn_code, region_code, project_code, effective, sort_path
  from intermediate.int_documents_rooted
),

t04s as (
  select doc_id, region_code, project_code, effective, sort_path
  from documents
  where txn_code = 'T04' and project_code is not null
),

upstream as (
  select t.doc_id, t.region_code, t.project_code, t.effective, u.ancestor_doc_id
  from t04s as t
  cross join lateral unnest(t.sort_path) as u (ancestor_doc_id)
),

funded_through as (
  select
    u.project_code,
    a.project_code as related_project_code,
    min(a.region_code) as related_region_code,
    sum(u.effective)::bigint as amount
  from (
    select distinct doc_id, region_code, project_code, effective, ancestor_doc_id
    from upstream
  ) as u
  join documents as a
    on a.doc_id = u.ancestor_doc_id
    and a.project_code is not null
    and a.project_code <> u.project_code
    and a.region_code <> u.region_code
  group by u.project_code, a.project_code
),

parents as (
  select p.project_code, p.parent_project_code as related_project_code, q.region_code as related_region_code
  from projects as p
  left join projects as q on q.project_code = p.parent_project_code
  where p.parent_project_code is not null and p.parent_project_code <> p.project_code
),

applications as (
  select p.project_code, f.related_project_code, p.applied_to_region as related_region_code, f.amount
  from projects as p
  left join funded_through as f
    on f.project_code = p.project_code and f.related_region_code = p.applied_to_region
  where p.applied_to_region is not null
)

select project_code, 'parent' as relation, related_project_code, related_region_code, null::bigint as amount
from parents
union all
select project_code, 'funded_through' as relation, related_project_code, related_region_code, amount
from funded_through
union all
select project_code, 'applied_to' as relation, related_project_code, related_region_code, amount
from applications
