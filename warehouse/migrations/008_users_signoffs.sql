-- Sign-in, sessions and 签报 (issue 4). Users are local: a scrypt hash of the password (server/auth), one role
-- of the 总预算管理岗位 and the region they see (that region and everything below it). Nothing here is deleted:
-- a user is disabled, a session revoked or left to expire, a 签报 moves on by appending a step.
create table if not exists meta.users (
  username varchar primary key,
  display_name varchar not null,
  password_hash varchar not null,     -- scrypt$N$r$p$salt$hash (base64)
  role varchar not null,              -- admin, entry, review, monitor, analyst, leader, auditor
  region_code varchar not null,
  created_at timestamp not null,
  disabled_at timestamp
);

create table if not exists meta.sessions (
  session_id varchar primary key,     -- 32 random bytes, base64url; the cookie carries it signed
  username varchar not null,
  csrf_token varchar not null,
  created_at timestamp not null,
  expires_at timestamp not null,
  revoked_at timestamp
);

-- Secrets of this warehouse (the cookie signing key), made once at first use.
create table if not exists meta.app_secrets (
  name varchar primary key,
  value varchar not null,
  created_at timestamp not null
);

-- A 签报 carries one indicator document, as entered, through 录入 → 审核 → 签发; the document is posted by the
-- ledger engine at 签发 (doc_id then exists in ledger.documents). Its status is its last step.
create sequence if not exists meta.signoff_ids start 1;
create table if not exists meta.signoffs (
  signoff_id bigint primary key,
  doc_id varchar not null,
  region_code varchar not null,
  document json not null,             -- the SignoffDocument as entered (amount in 分)
  created_by varchar not null,
  created_at timestamp not null
);

create table if not exists meta.signoff_steps (
  signoff_id bigint not null,
  step_no integer not null,
  action varchar not null,            -- create, review, issue, return, reject (the engine refused it at 签发)
  username varchar not null,
  acted_at timestamp not null,
  comment varchar,
  primary key (signoff_id, step_no)
);
