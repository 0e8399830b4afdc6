-- Foundation schema: loads and rejections, raw interchange entities, the 指标账 (documents and postings).
-- Amounts are integer 分 (BIGINT). Nothing in ledger.* is ever updated or deleted.

create schema if not exists meta;
create schema if not exists raw;
create schema if not exists ledger;

create sequence if not exists meta.load_id_seq start 1;

-- One row per file handed to `ingest` (or per generated batch of the demo).
create table if not exists meta.loads (
  load_id bigint primary key,
  entity varchar not null,            -- regions, region-changes, funds, indicators, projects, beneficiaries, payments, accounts, officials
  file_name varchar not null,
  file_sha256 varchar,
  file_format varchar,                -- csv, xlsx, parquet, generated
  encoding varchar,                   -- utf-8, utf-8-bom, gb18030
  layout varchar,                     -- standard, areacodes-history, stats-provinces, …
  status varchar not null,            -- done, refused
  message varchar,                    -- the refusal reason (Chinese)
  rows_read bigint not null default 0,
  rows_accepted bigint not null default 0,   -- includes rows_unchanged
  rows_unchanged bigint not null default 0,  -- accepted rows identical to what was already there (no-ops)
  rows_rejected bigint not null default 0,
  started_at timestamp not null,
  finished_at timestamp
);

-- One row per problem found in a row; a rejected row has one or more.
create table if not exists meta.rejects (
  load_id bigint not null,
  row_no bigint not null,             -- the row as a spreadsheet numbers it (header = 1)
  column_name varchar,                -- the column as written in the file's header; null for whole-row problems
  error_code varchar not null,        -- stable code, e.g. E_AMOUNT_FORMAT (ingest/errors.catalog.ts)
  message varchar not null,           -- Chinese, names row and column
  raw_row json                        -- the row as read, every column as text
);

-- Rows replaced by a later load of master data with the same key (nothing is lost).
create table if not exists meta.replaced_rows (
  load_id bigint not null,            -- the load that replaced it
  table_name varchar not null,
  row_key varchar not null,
  old_row json not null,
  replaced_at timestamp not null
);

-- 区划: one row per code version (codes are reused and renamed over the years).
create table if not exists raw.regions (
  code varchar not null,
  valid_from integer not null default 0,    -- first year in use; 0 = unknown (in use since before our records)
  valid_to integer,                         -- first year no longer in use (exclusive); null = in use
  name varchar not null,
  level varchar not null,                   -- central, province, city, county, township, village
  parent_code varchar,
  load_id bigint not null,
  row_no bigint,
  extra json,
  primary key (code, valid_from)
);

-- 区划调整
create table if not exists raw.region_changes (
  old_code varchar not null,
  new_code varchar not null,
  year integer not null,
  kind varchar not null,                    -- merge, split, rename, recode
  share decimal(9, 6),
  load_id bigint not null,
  row_no bigint,
  extra json,
  primary key (old_code, new_code, year)
);

-- 专项资金
create table if not exists raw.funds (
  region_code varchar not null,
  fund_code varchar not null,
  fund_name varchar not null,
  upper_fund_code varchar,
  upper_region_code varchar,
  poverty boolean not null default false,
  to_individuals boolean not null default false,
  start_year integer,
  end_year integer,
  load_id bigint not null,
  row_no bigint,
  extra json,
  primary key (region_code, fund_code)
);

-- 项目库 (multi-year)
create table if not exists raw.projects (
  project_code varchar primary key,
  project_name varchar,
  region_code varchar not null,
  department varchar,
  category varchar,
  func_subject varchar,
  start_year integer,
  end_year integer,
  planned_amount bigint,
  parent_project_code varchar,
  applied_to_region varchar,
  status varchar,                           -- 储备, 实施, 完工, 终止
  load_id bigint not null,
  row_no bigint,
  extra json
);

-- 建档立卡贫困人员
create table if not exists raw.beneficiaries (
  person_id varchar primary key,
  name varchar not null,
  household_id varchar,
  village_code varchar,
  registered boolean not null default true,
  status varchar,                           -- 未脱贫, 已脱贫, 死亡, 迁出
  status_date date,
  load_id bigint not null,
  row_no bigint,
  extra json
);

-- 到人到户发放明细 (the big fact; partitioned by pay_month for incremental models)
create table if not exists raw.payments (
  payment_id varchar primary key,
  doc_id varchar,
  doc_no varchar,
  sup_doc_no varchar,
  project_code varchar,
  person_id varchar,
  name varchar,
  village_code varchar,
  pay_month varchar not null,               -- YYYY-MM
  payable bigint not null,
  paid bigint not null,
  account_no varchar,
  bank varchar,
  unit varchar,                             -- 户, 人
  load_id bigint not null,
  row_no bigint,
  extra json
);

-- 账户信息
create table if not exists raw.accounts (
  account_no varchar primary key,
  holder_name varchar,
  holder_id varchar,
  bank varchar,
  kind varchar,                             -- 个人, 单位, 财政专户, 实有资金账户
  region_code varchar,
  load_id bigint not null,
  row_no bigint,
  extra json
);

-- 财政供养人员
create table if not exists raw.officials (
  person_id varchar primary key,
  name varchar,
  employer varchar,
  region_code varchar,
  load_id bigint not null,
  row_no bigint,
  extra json
);

-- 科目
create table if not exists ledger.accounts (
  account_code varchar primary key,
  account_name varchar not null,
  account_class varchar not null,
  normal_side varchar not null,             -- debit, credit
  parent_code varchar
);

-- How each 交易令 posts (ledger.md). Data, not code, so the posting step is one join; rule 1 guards it.
--   applies: always | with_fund (the document names a local fund) | without_fund
--   fund_from: doc (the document's fund) | source (the source document's fund, e.g. Cr 1001 of T03)
--   year_offset: 0, or 1 for the next-year half of T10
--   sign: +1, or -1 for the red mirror of T10 in year Y
create table if not exists ledger.txn_templates (
  txn_code varchar not null,
  line_no integer not null,
  applies varchar not null,
  account_code varchar not null,
  side varchar not null,                    -- D, C
  source_type varchar,                      -- for 4001: 上级转移支付, 横向转移支付, 本级安排, 上年结转
  fund_from varchar not null default 'doc',
  year_offset integer not null default 0,
  sign integer not null default 1,
  primary key (txn_code, line_no)
);

-- 指标业务单: accepted documents only (rejections are in meta.rejects).
create table if not exists ledger.documents (
  doc_id varchar primary key,
  txn_code varchar not null,
  region_code varchar not null,
  budget_year integer not null,
  doc_date date not null,
  doc_no varchar,
  sup_doc_no varchar,
  source_doc_id varchar,
  corrects_doc_id varchar,
  fund_code varchar,                        -- as given, or inherited from the source document
  project_code varchar,
  project_name varchar,
  func_subject varchar,
  econ_subject varchar,
  target_region_code varchar,
  amount bigint not null,                   -- 分; negative only for T09
  advance boolean not null default false,
  for_poor boolean not null default false,
  direct boolean not null default false,
  summary varchar,
  content_hash varchar not null,            -- SHA-256 of the canonical content (rule 7: same id, same content)
  load_id bigint not null,
  row_no bigint,
  extra json,
  registered_at timestamp not null
);

-- 序时账: append-only, hash-chained.
create table if not exists ledger.postings (
  posting_id bigint primary key,            -- global order of the chain
  doc_id varchar not null,
  txn_code varchar not null,
  region_code varchar not null,
  budget_year integer not null,
  doc_date date not null,
  fund_code varchar,
  account_code varchar not null,
  debit bigint not null,
  credit bigint not null,
  source_type varchar,
  project_code varchar,
  target_region_code varchar,
  source_doc_id varchar,
  corrects_doc_id varchar,
  prev_hash varchar not null,
  hash varchar not null
);

-- Ground truth of the anomalies the demo injects (what monitoring should find).
create table if not exists meta.demo_anomalies (
  rule_code varchar not null,
  subject_type varchar not null,            -- document, payment, person, account, transfer
  subject_id varchar not null,
  note varchar
);

insert into ledger.accounts values
  ('1001', '总指标', '10 指标资源类', 'debit', null),
  ('4001', '本年安排收入', '40 资金来源类', 'credit', null),
  ('5001', '待分配指标', '50 指标安排类', 'debit', null),
  ('5002', '已细化指标', '50 指标安排类', 'debit', null),
  ('500201', '本级支出指标', '50 指标安排类', 'debit', '5002'),
  ('500202', '对下级转移支付指标', '50 指标安排类', 'debit', '5002'),
  ('500203', '地区间横向转移支付指标', '50 指标安排类', 'debit', '5002'),
  ('5101', '集中支付计划', '51 支付计划类', 'debit', null),
  ('5201', '本级实际支付', '52 实际支付类', 'debit', null)
on conflict do nothing;

-- T01's 4001 source type (上级 or 横向) is decided by the source document's txn (T05 or T06): the engine
-- fills source_type for lines whose template says 'by_source'.
insert into ledger.txn_templates values
  ('T01', 1, 'always',       '1001',   'D', null,        'doc',    0,  1),
  ('T01', 2, 'always',       '4001',   'C', 'by_source', 'doc',    0,  1),
  ('T01', 3, 'with_fund',    '5001',   'D', null,        'doc',    0,  1),
  ('T01', 4, 'with_fund',    '1001',   'C', null,        'doc',    0,  1),
  ('T02', 1, 'always',       '1001',   'D', null,        'doc',    0,  1),
  ('T02', 2, 'always',       '4001',   'C', '本级安排',  'doc',    0,  1),
  ('T02', 3, 'with_fund',    '5001',   'D', null,        'doc',    0,  1),
  ('T02', 4, 'with_fund',    '1001',   'C', null,        'doc',    0,  1),
  ('T03', 1, 'always',       '5001',   'D', null,        'doc',    0,  1),
  ('T03', 2, 'always',       '1001',   'C', null,        'source', 0,  1),
  ('T04', 1, 'always',       '500201', 'D', null,        'doc',    0,  1),
  ('T04', 2, 'always',       '5001',   'C', null,        'doc',    0,  1),
  ('T05', 1, 'always',       '500202', 'D', null,        'doc',    0,  1),
  ('T05', 2, 'always',       '5001',   'C', null,        'doc',    0,  1),
  ('T06', 1, 'always',       '500203', 'D', null,        'doc',    0,  1),
  ('T06', 2, 'always',       '5001',   'C', null,        'doc',    0,  1),
  ('T07', 1, 'always',       '5101',   'D', null,        'doc',    0,  1),
  ('T07', 2, 'always',       '500201', 'C', null,        'doc',    0,  1),
  ('T08', 1, 'always',       '5201',   'D', null,        'doc',    0,  1),
  ('T08', 2, 'always',       '5101',   'C', null,        'doc',    0,  1),
  ('T10', 1, 'always',       '5001',   'D', null,        'doc',    1,  1),
  ('T10', 2, 'always',       '4001',   'C', '上年结转',  'doc',    1,  1)
on conflict do nothing;
-- T10's year-Y half (the red mirror of the carried part of its source) and every T09 (the corrected
-- document's lines with a negative amount) are derived from the source's own template by the engine.
