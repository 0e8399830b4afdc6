/**
 * `fundtrail build`: builds the selected models in dependency order, runs each model's data tests and unit
 * tests right after it, and records the run. A model that fails to build, or whose error-severity test fails,
 * stops the models downstream of it (they are reported as skipped), as dbt's `build` does.
 */
import { sqlIdent, silentProgress, UserError, type Progress, type Warehouse } from '../../warehouse/index.ts';
import { loadModels, MODELS_DIR, type Materialization, type Model } from './model.catalog.ts';
import { buildGraph, selectModels, upstreamOf, type ModelGraph } from './model.graph.ts';
import { driversOf, type UnitTestSpec } from './model.config.ts';
import { createHash } from 'node:crypto';
import {
  materialise,
  relationFingerprint,
  storedVersion,
  type FingerprintMemo,
  type VersionOf,
} from './model.materialiser.ts';
import { dataTests, runDataTest, type DataTest, type TestResult } from './model.tests.ts';
import { readVars, writeVars, type ModelVars } from './model-vars.ts';
import { runUnitTest } from './unit-test.runner.ts';
import { relationKind } from './relation.kind.ts';

export interface BuildOptions {
  /** selectors of models/MODELS.md; none = every model */
  select?: readonly string[];
  /** rebuild incremental models whole */
  fullRefresh?: boolean;
  /** run the yml's unit tests (default true) */
  unitTests?: boolean;
  progress?: Progress;
  /** the models folder (tests use their own) */
  modelsDir?: string;
}

export interface ModelOutcome {
  name: string;
  materialized: Materialization;
  status: 'built' | 'error' | 'skipped';
  /** unchanged: a table whose SQL and upstream are those of its last build, not built again */
  mode?: 'view' | 'full' | 'incremental' | 'unchanged';
  /** incremental models: the partitions rebuilt */
  partitions?: string[];
  rows?: number;
  ms: number;
  message?: string;
}

export interface BuildResult {
  runId: number;
  /** no model failed to build and no error-severity test failed */
  ok: boolean;
  models: ModelOutcome[];
  tests: TestResult[];
  vars: ModelVars;
  ms: number;
}

async function checkSources(wh: Warehouse, graph: ModelGraph, names: readonly string[]): Promise<void> {
  const known = new Set(
    (
      await wh.all<{ rel: string }>(
        `select schema_name || '.' || table_name as rel from duckdb_tables() where database_name = current_database()
         union all
         select schema_name || '.' || view_name from duckdb_views() where database_name = current_database()`,
      )
    ).map((r) => r.rel),
  );
  const missing: string[] = [];
  for (const n of names) {
    for (const s of graph.sources.get(n) ?? []) {
      if (!known.has(s))
        missing.push(`${graph.byName.get(n)!.file}: 源表 ${s} 不存在 (若是别名, 请改名以免被当作源表)`);
    }
  }
  if (missing.length) throw new UserError('MODEL_UNKNOWN_SOURCE', missing.join('\n'));
}

async function recordTests(wh: Warehouse, runId: number, tests: readonly TestResult[]): Promise<void> {
  await wh.append(
    'model_test_results',
    tests.map((t) => [
      runId,
      t.model,
      t.test,
      t.severity,
      t.status,
      t.failures,
      t.auditTable ?? null,
      t.message ?? null,
      t.ms,
    ]),
    'meta',
  );
}

/** What a unit test's result depends on: its spec, the model's and every upstream model's SQL, the schema. */
async function unitTestKey(wh: Warehouse, graph: ModelGraph, model: Model, spec: UnitTestSpec): Promise<string> {
  const upstream = [...upstreamOf(graph, model.name)].sort().map((n) => [n, graph.byName.get(n)!.sql]);
  const schema = await wh.value<number>('select max(version) from meta.schema_migrations');
  return createHash('sha256')
    .update(JSON.stringify({ spec, sql: model.sql, materialized: model.materialized, upstream, schema }))
    .digest('hex');
}

/** Runs a unit test unless it passed before with the same key (then it is reported as passed, 0 ms). */
async function runUnitTestOnce(
  wh: Warehouse,
  graph: ModelGraph,
  model: Model,
  spec: UnitTestSpec,
): Promise<TestResult> {
  const key = await unitTestKey(wh, graph, model, spec);
  const passed = await wh.value<number>(
    'select count(*) from meta.model_unit_passes where model = $1 and test_name = $2 and key = $3',
    [model.name, spec.name, key],
  );
  if (Number(passed) > 0) {
    return {
      model: model.name,
      test: spec.name,
      kind: 'unit',
      severity: 'error',
      status: 'pass',
      failures: 0,
      sample: [],
      message: '模型与上游未改动: 沿用上次通过的结果',
      ms: 0,
    };
  }
  const result = await runUnitTest(wh, graph, model, spec);
  await wh.run('delete from meta.model_unit_passes where model = $1 and test_name = $2', [model.name, spec.name]);
  if (result.status === 'pass') {
    await wh.run('insert into meta.model_unit_passes values ($1, $2, $3, current_timestamp)', [
      model.name,
      spec.name,
      key,
    ]);
  }
  return result;
}

/**
 * The columns that say whether a view or source changed, where an incremental model declares them for it as its
 * driver (fingerprint_columns: payments are added, never changed, so their load ids say it): its version is then
 * hashed from those columns instead of whole rows (staging.stg_raw__payments: 0.3 s instead of 4.1 s at province
 * scale, for the test that compares marts.payments with it). Two models declaring different columns for one
 * relation leave it to the whole rows.
 */
function declaredFingerprintColumns(graph: ModelGraph): Map<string, readonly string[]> {
  const found = new Map<string, readonly string[] | null>();
  for (const model of graph.byName.values()) {
    const inc = model.config.incremental;
    if (!inc) continue;
    for (const d of driversOf(inc)) {
      const columns = d.columns ? [...d.columns].sort() : null;
      const known = found.get(d.relation);
      if (known === undefined) found.set(d.relation, columns);
      else if (known === null || columns === null || known.join() !== columns.join()) found.set(d.relation, null);
    }
  }
  return new Map([...found].filter((e): e is [string, readonly string[]] => e[1] !== null));
}

/**
 * Runs a data test unless it passed before on the same rows: its SQL, the model's version (`modelVersion`, from
 * this build; undefined for a view, whose tests always run) and the versions of the relations it reads are
 * those of its last pass (meta.model_test_passes). The relations are looked at only when the model's version
 * is unchanged, so a model that was rebuilt never pays for fingerprints of what its tests read.
 */
async function runDataTestOnce(
  wh: Warehouse,
  model: Model,
  test: DataTest,
  modelVersion: string | undefined,
  versionOf: VersionOf,
): Promise<TestResult> {
  if (modelVersion === undefined) return runDataTest(wh, model, test);
  const started = Date.now();
  const sqlHash = createHash('sha256').update(test.sql).digest('hex');
  const last = await wh.one<{ sql_hash: string; model_version: string; refs_version: string }>(
    'select sql_hash, model_version, refs_version from meta.model_test_passes where model = $1 and test_name = $2',
    [model.name, test.name],
  );
  let refsVersion: string | undefined;
  const refsNow = async (): Promise<string> =>
    (refsVersion ??= (await Promise.all([...test.refs].sort().map(async (r) => `${r}=${await versionOf(r)}`))).join(
      ';',
    ));
  if (
    last &&
    last.sql_hash === sqlHash &&
    last.model_version === modelVersion &&
    last.refs_version === (await refsNow())
  ) {
    return {
      model: model.name,
      test: test.name,
      kind: 'data',
      severity: test.severity,
      status: 'pass',
      failures: 0,
      sample: [],
      message: '模型与所读关系未改动: 沿用上次通过的结果',
      ms: Date.now() - started,
    };
  }
  const result = await runDataTest(wh, model, test);
  await wh.run('delete from meta.model_test_passes where model = $1 and test_name = $2', [model.name, test.name]);
  if (result.status === 'pass') {
    await wh.run('insert into meta.model_test_passes values ($1, $2, $3, $4, $5, current_timestamp)', [
      model.name,
      test.name,
      sqlHash,
      modelVersion,
      await refsNow(),
    ]);
  }
  return result;
}

export const isBlocking = (t: TestResult): boolean =>
  t.severity === 'error' && (t.status === 'fail' || t.status === 'error');

export async function buildModels(wh: Warehouse, options: BuildOptions = {}): Promise<BuildResult> {
  const started = Date.now();
  const progress = options.progress ?? silentProgress;
  const dir = options.modelsDir ?? MODELS_DIR;
  const graph = buildGraph(loadModels(dir));
  const selected = selectModels(graph, options.select ?? []);
  await checkSources(
    wh,
    graph,
    selected.map((m) => m.name),
  );
  const vars = await writeVars(wh, readVars(dir));

  const runId = Number(await wh.value('select coalesce(max(run_id), 0) + 1 from meta.model_runs'));
  await wh.run(
    `insert into meta.model_runs (run_id, started_at, selector, status) values ($1, current_timestamp, $2, 'running')`,
    [runId, options.select?.length ? options.select.join(' ') : null],
  );

  const models: ModelOutcome[] = [];
  const tests: TestResult[] = [];
  const blocked = new Map<string, string>(); // model → why it is not built
  const pendingThisRun = new Set(selected.map((m) => m.name));
  // a test that reads a model not built yet in this run waits until the end
  const deferred: { model: Model; test: DataTest; version: string | undefined }[] = [];
  const fingerprints: FingerprintMemo = new Map();
  // what each relation's rows are built from, for the tables that read it: a table or incremental model's own
  // version once built in this run (else the stored one); a view or source by the fingerprint of its rows
  const versions = new Map<string, Promise<string>>();
  const declared = declaredFingerprintColumns(graph);
  const versionOf: VersionOf = (relation) => {
    let found = versions.get(relation);
    if (!found) {
      const upstream = graph.byName.get(relation);
      found =
        upstream && upstream.materialized !== 'view'
          ? storedVersion(wh, upstream)
          : relationFingerprint(wh, relation, fingerprints, declared.get(relation));
      versions.set(relation, found);
    }
    return found;
  };
  progress.start('构建模型', selected.length, '个模型');
  for (const [i, model] of selected.entries()) {
    const t0 = Date.now();
    const blocker = graph.upstream.get(model.name)!.find((u) => blocked.has(u));
    if (blocker) {
      blocked.set(model.name, blocker);
      models.push({
        name: model.name,
        materialized: model.materialized,
        status: 'skipped',
        ms: 0,
        message: `上游 ${blocker} 未通过`,
      });
      progress.update(i + 1);
      continue;
    }
    try {
      const { changedRows, partitionColumn, version, ...built } = await materialise(wh, model, {
        fullRefresh: options.fullRefresh ?? false,
        memo: fingerprints,
        versionOf,
      });
      if (version !== undefined) versions.set(model.name, Promise.resolve(version));
      const outcome: ModelOutcome = {
        name: model.name,
        materialized: model.materialized,
        status: 'built',
        ms: 0,
        ...built,
      };
      const own: TestResult[] = [];
      pendingThisRun.delete(model.name);
      const scope =
        changedRows === undefined || partitionColumn === undefined ? undefined : { changedRows, partitionColumn };
      for (const t of dataTests(model, scope)) {
        if (t.refs.some((r) => pendingThisRun.has(r))) deferred.push({ model, test: t, version });
        else own.push(await runDataTestOnce(wh, model, t, version, versionOf));
      }
      if (options.unitTests ?? true) {
        for (const u of model.config.unit_tests) own.push(await runUnitTestOnce(wh, graph, model, u));
      }
      await recordTests(wh, runId, own);
      tests.push(...own);
      if (own.some(isBlocking)) blocked.set(model.name, model.name);
      outcome.ms = Date.now() - t0;
      models.push(outcome);
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      blocked.set(model.name, model.name);
      models.push({
        name: model.name,
        materialized: model.materialized,
        status: 'error',
        ms: Date.now() - t0,
        message: `${model.file}: ${err.message}`,
      });
    }
    progress.update(i + 1);
  }
  const late: TestResult[] = [];
  for (const { model, test, version } of deferred) {
    if (!blocked.has(model.name) && !test.refs.some((r) => blocked.has(r)))
      late.push(await runDataTestOnce(wh, model, test, version, versionOf));
  }
  await recordTests(wh, runId, late);
  tests.push(...late);
  progress.stop();

  const ok = models.every((m) => m.status === 'built') && !tests.some(isBlocking);
  await wh.run(
    `update meta.model_runs set finished_at = current_timestamp, status = $2, models_built = $3, tests_failed = $4 where run_id = $1`,
    [
      runId,
      ok ? 'passed' : 'failed',
      models.filter((m) => m.status === 'built').length,
      tests.filter((t) => t.status === 'fail' || t.status === 'error').length,
    ],
  );
  return { runId, ok, models, tests, vars, ms: Date.now() - started };
}

/** The given models (schema.name) that are not in the warehouse (for commands that read marts). */
export async function modelsExist(wh: Warehouse, names: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const n of names) if ((await relationKind(wh, n)) === null) missing.push(sqlIdent(n));
  return missing;
}

/**
 * Makes sure `names` (marts) exist and are not older than the data: when one is missing, or a load or a
 * registered document came after the latest build that passed, builds them with their upstream (no unit
 * tests: those prove the SQL, not the data). Returns the build when one ran.
 */
export async function ensureModels(
  wh: Warehouse,
  names: readonly string[],
  options: Pick<BuildOptions, 'progress' | 'modelsDir'> = {},
): Promise<BuildResult | undefined> {
  const missing = await modelsExist(wh, names);
  const stale = await wh.value<boolean>(
    `select coalesce(
       greatest((select max(finished_at) from meta.loads), (select max(registered_at) from ledger.documents))
         > (select max(finished_at) from meta.model_runs where status = 'passed'),
       (select count(*) from meta.model_runs where status = 'passed') = 0)`,
  );
  if (!missing.length && !stale) return undefined;
  return buildModels(wh, { ...options, select: names.map((n) => `+${n}`), unitTests: false });
}
