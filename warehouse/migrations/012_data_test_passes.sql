-- A data test of a table or incremental model that passed, and what it read then: the model's version (its SQL
-- and upstream versions, or its partitions' fingerprints: models/runner/model.materialiser.ts) and the versions
-- of the other relations the test reads. A test whose SQL, model version and relations are all unchanged
-- passes again without a run (models/MODELS.md). Failures are never remembered: they run every time.
create table if not exists meta.model_test_passes (
  model varchar not null,
  test_name varchar not null,
  sql_hash varchar not null,
  model_version varchar not null,
  refs_version varchar not null,
  passed_at timestamp not null,
  primary key (model, test_name)
);
