-- The access log (issue 7): one row per export (CLI and API) and per response that showed 身份证号 or account
-- numbers unmasked. Append-only: the code has an insert and reads, no update or delete (exports/audit/
-- access-log.repository.ts); readable by 管理员 and 专员办审计 through GET /api/audit/access-log.
create sequence if not exists meta.access_log_id_seq start 1;

create table if not exists meta.access_log (
  log_id bigint primary key default nextval('meta.access_log_id_seq'),
  logged_at timestamp not null,
  username varchar not null,          -- the signed-in user; for the CLI `cli:<os user>`
  role varchar,                       -- the user's role (null for the CLI)
  channel varchar not null,           -- api, cli
  action varchar not null,            -- export, download, unmasked_view
  target varchar not null,            -- what: `export audit`, `GET /api/people`, …
  region_code varchar,                -- the scope asked for (that region and below)
  budget_year integer,
  row_count bigint not null,
  unmasked boolean not null,          -- 身份证号 / accounts shown as they are
  detail varchar                      -- JSON: the request's filters, the output directory, the job
);
