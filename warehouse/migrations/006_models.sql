-- The model layer (`fundtrail build`, models/MODELS.md): one schema per layer, an audit schema for the failing
-- rows of model tests, and what the runner remembers between builds.
create schema if not exists staging;
create schema if not exists intermediate;
create schema if not exists marts;
create schema if not exists audit;

-- models/vars.yml as the runner wrote it before the latest build: settings and thresholds read by the SQL.
create table if not exists meta.model_vars (
  name varchar primary key,
  value varchar
);

-- One row per `fundtrail build`.
create table if not exists meta.model_runs (
  run_id bigint primary key,
  started_at timestamp not null,
  finished_at timestamp,
  selector varchar,                   -- the --select arguments, or null for everything
  status varchar not null,            -- running, passed, failed (an error-severity test failed), error
  models_built integer,
  tests_failed integer
);

-- One row per model test per run.
create table if not exists meta.model_test_results (
  run_id bigint not null,
  model varchar not null,             -- schema.name
  test_name varchar not null,
  severity varchar not null,          -- error, warn
  status varchar not null,            -- pass, fail, error (the test's SQL did not run)
  failures bigint not null,
  audit_table varchar,                -- audit.<…> with up to 100 failing rows, when it failed
  message varchar,
  ms integer not null
);

-- What an incremental model was built from: the hash of its SQL and the fingerprints of its non-driver upstreams.
create table if not exists meta.model_state (
  model varchar primary key,
  sql_hash varchar not null,
  upstream_fingerprint varchar not null,
  built_at timestamp not null
);

-- The driver's fingerprint (row count and row hash) per partition, as of the latest build of the model.
create table if not exists meta.model_partitions (
  model varchar not null,
  partition_value varchar not null,
  fingerprint varchar not null,
  primary key (model, partition_value)
);
