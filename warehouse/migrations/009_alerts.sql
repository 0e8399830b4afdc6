-- Monitoring (监控探针, shared/spec/monitoring.md): the alerts `fundtrail check` records, their handling history,
-- their attachments, the runs of the rules and the thresholds the rules read. Nothing here is ever deleted:
-- a finding that disappears closes its alert with an event row; every handling step is an event row.
create schema if not exists monitoring;

create sequence if not exists monitoring.alert_id_seq start 1;
create sequence if not exists monitoring.event_id_seq start 1;
create sequence if not exists monitoring.attachment_id_seq start 1;
create sequence if not exists monitoring.check_run_id_seq start 1;

-- One row per `fundtrail check` (or a check run by the server / the demo).
create table if not exists monitoring.check_runs (
  run_id bigint primary key,
  as_of date not null,                -- the date the time-based rules were evaluated at
  started_at timestamp not null,
  finished_at timestamp,
  status varchar not null,            -- running, done, failed (a rule's SQL failed: its alerts were left as they were)
  rules_run integer,
  findings bigint,
  opened bigint,                      -- new alerts
  reopened bigint,                    -- alerts whose finding came back
  closed bigint                       -- alerts whose finding disappeared
);

-- One row per rule per run.
create table if not exists monitoring.rule_results (
  run_id bigint not null,
  rule_code varchar not null,
  level varchar not null,
  status varchar not null,            -- ok, error
  findings bigint not null,
  ms integer not null,
  message varchar,                    -- the error, when the rule's SQL failed
  primary key (run_id, rule_code)
);

-- One row per finding ever seen: (rule_code, subject_type, subject_id, region_code) is the finding's identity and
-- keeps its alert_id across runs (the check engine matches on it; region_code is '' when a rule names none).
create table if not exists monitoring.alerts (
  alert_id bigint primary key,
  rule_code varchar not null,
  title varchar not null,             -- the rule's title (规则名称), as of the latest run
  level varchar not null,             -- red, orange, yellow, blue (a rule may raise a finding's level, e.g. M03 at 180 days)
  category varchar not null,
  subject_type varchar not null,      -- document, payment, person, account, transfer, region, fund
  subject_id varchar not null,
  region_code varchar not null,
  amount bigint,                      -- 分, as of the latest run that saw the finding
  detail varchar not null,            -- Chinese, as of the latest run that saw the finding
  status varchar not null,            -- 待核实, 已说明, 已办结, 已消除 (the finding disappeared before it was settled)
  present boolean not null,           -- the latest check that ran the rule found it
  detected_at timestamp not null,     -- first detection
  first_run_id bigint not null,
  last_seen_at timestamp not null,
  last_run_id bigint not null,
  gone_at timestamp,                  -- when the finding disappeared (null while present)
  updated_at timestamp not null       -- the latest event
);

-- The append-only history of every alert: detection, handling steps, disappearance and return.
create table if not exists monitoring.alert_events (
  event_id bigint primary key,
  alert_id bigint not null,
  run_id bigint,                      -- the check run, for events of the engine
  action varchar not null,            -- 发现, 说明, 办结, 退回, 消除, 重新出现
  from_status varchar,
  to_status varchar not null,
  actor varchar not null,             -- the user, or 系统 for the engine
  comment varchar,
  amount bigint,                      -- the finding's amount when the engine wrote the event
  detail varchar,
  event_at timestamp not null
);

-- Files attached to a handling step (e.g. the explanation of an orange alert). The bytes live in the warehouse,
-- base64-encoded, so that one file holds everything and an event and its files are written in one transaction.
create table if not exists monitoring.alert_attachments (
  attachment_id bigint primary key,
  alert_id bigint not null,
  event_id bigint not null,
  file_name varchar not null,
  media_type varchar not null,
  size_bytes bigint not null,
  sha256 varchar not null,
  content_base64 varchar not null,
  uploaded_by varchar not null,
  uploaded_at timestamp not null
);

-- Threshold overrides set in the warehouse (e.g. by an administrator through the server), beside the ones of
-- models/rules/thresholds.yml. For a region the most specific ancestor with a value wins; at the same region an
-- override here wins over the yml.
create table if not exists meta.rule_thresholds (
  rule_code varchar not null,
  name varchar not null,
  region_code varchar not null,
  value varchar not null,
  set_by varchar,
  set_at timestamp,
  primary key (rule_code, name, region_code)
);

-- The thresholds as the rules read them, resolved by the engine before every run: one row per rule, threshold and
-- region of raw.region_current (region_code '*' holds the default), value as text (each rule casts its own).
create table if not exists meta.rule_threshold_values (
  rule_code varchar not null,
  name varchar not null,
  region_code varchar not null,
  value varchar
);

-- Settings of the latest check run the rules read (as_of).
create table if not exists meta.check_vars (
  name varchar primary key,
  value varchar
);
