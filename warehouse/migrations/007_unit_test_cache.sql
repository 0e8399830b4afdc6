-- Unit tests of the models prove their SQL, not the data: a test whose model, upstream models and given rows
-- are unchanged since it last passed needs no second run. `key` is the SHA-256 of all of that (and of the
-- schema version), written by the runner when the test passes.
create table if not exists meta.model_unit_passes (
  model varchar not null,
  test_name varchar not null,
  key varchar not null,
  passed_at timestamp not null,
  primary key (model, test_name)
);
