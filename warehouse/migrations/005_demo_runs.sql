-- The demo generator's runs (`fundtrail demo`): which scale and seed built this warehouse and the date its
-- data runs up to. Time-based monitoring rules (M01–M04, P09) are evaluated as of `as_of` when they are
-- measured against the ground truth in meta.demo_anomalies.
create table if not exists meta.demo_runs (
  run_id bigint primary key,
  scale varchar not null,             -- small, province
  seed bigint not null,
  as_of date not null,
  started_at timestamp not null,
  finished_at timestamp not null,
  summary json                        -- counts per table and time per phase
);
