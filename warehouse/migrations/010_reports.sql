-- Report templates and collection tasks (采集任务, report-templates/). Templates keep every saved version;
-- a collection task issues one template version to lower regions, who may forward it further down (转发);
-- each region's departments fill their parts (cells), the region submits, the region that assigned it reviews
-- (通过 or 退回). Nothing here is deleted: every step is a row of reports.task_steps.
create schema if not exists reports;

create sequence if not exists reports.task_id_seq start 1;
create sequence if not exists reports.step_id_seq start 1;

-- One row per saved version of a template (the YAML text as saved, checked by the template schema).
create table if not exists reports.templates (
  template_id varchar not null,
  version integer not null,
  title varchar not null,
  body varchar not null,              -- the template text (YAML or JSON)
  saved_by varchar not null,
  saved_at timestamp not null,
  primary key (template_id, version)
);

create table if not exists reports.collection_tasks (
  task_id bigint primary key,
  title varchar not null,
  template_id varchar not null,
  template_version integer,           -- null: a standard template of report-templates/standard/
  template_body varchar not null,     -- the template text the task was issued with (it does not change later)
  budget_year integer not null,
  issuer_region varchar not null,
  issued_by varchar not null,
  issued_at timestamp not null,
  due_date date
);

-- One row per region the task reached: from the issuer (assigned_by_region = issuer) or forwarded (转发) by a
-- region that was itself assigned. status: 待填报, 填报中, 已提交, 已退回, 已通过.
create table if not exists reports.task_assignments (
  task_id bigint not null,
  region_code varchar not null,
  assigned_by_region varchar not null,
  status varchar not null,
  forwarded boolean not null default false,
  updated_at timestamp not null,
  primary key (task_id, region_code)
);

-- The filled cells of one region's report: each department writes its own columns; together they are the report.
create table if not exists reports.task_cells (
  task_id bigint not null,
  region_code varchar not null,
  row_key varchar not null,
  column_key varchar not null,
  department varchar not null,
  num_value double,
  text_value varchar,
  updated_by varchar not null,
  updated_at timestamp not null,
  primary key (task_id, region_code, row_key, column_key)
);

-- Which departments have handed in their part (a region submits once every department of the template has).
create table if not exists reports.task_parts (
  task_id bigint not null,
  region_code varchar not null,
  department varchar not null,
  done boolean not null,
  updated_by varchar not null,
  updated_at timestamp not null,
  primary key (task_id, region_code, department)
);

-- The history: 下发, 转发, 填报, 部门提交, 提交, 退回, 通过 — who, when, comment.
create table if not exists reports.task_steps (
  step_id bigint primary key,
  task_id bigint not null,
  region_code varchar not null,
  action varchar not null,
  actor varchar not null,
  department varchar,
  comment varchar,
  step_at timestamp not null
);
