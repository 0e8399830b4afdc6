-- raw.payments without its PRIMARY KEY: at province scale (30 million rows) the key's ART index costs
-- gigabytes of memory and about as much time as the rest of a load. payment_id stays unique: the ingest
-- rejects a repeated id inside a file (E_DUPLICATE_KEY_IN_FILE) and against stored rows (unchanged or
-- E_CONFLICT_EXISTING) with set-based joins, and the demo generates unique ids (ingest/demo/demo.test.ts checks that).
create table raw.payments_rebuilt (
  payment_id varchar not null,
  doc_id varchar,
  doc_no varchar,
  sup_doc_no varchar,
  project_code varchar,
  person_id varchar,
  name varchar,
  village_code varchar,
  pay_month varchar not null,
  payable bigint not null,
  paid bigint not null,
  account_no varchar,
  bank varchar,
  unit varchar,
  load_id bigint not null,
  row_no bigint,
  extra json
);
insert into raw.payments_rebuilt select * from raw.payments;
drop table raw.payments;
alter table raw.payments_rebuilt rename to payments;
