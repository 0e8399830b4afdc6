-- translated from models/staging/stg_raw__projects.sql sha256:6284a9be7cc8
-- 项目库: the multi-year project library.
-- Staging: the source as it is, columns named and typed once; nothing else.
select
  project_code,
  project_name,
  region_code,
  department,
  category,
  func_subject,
  start_year,
  end_year,
  planned_amount,
  parent_project_code,
  applied_to_region,
  status,
  load_id
from raw.projects
