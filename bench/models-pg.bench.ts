/**
 * The peer benchmark of issue 3: the same models (staging views, intermediate and mart tables) built on
 * PostgreSQL 15 and on DuckDB over the same data, query for query, in the same run.
 *   1. The sources: a province-scale warehouse (FUNDTRAIL_BENCH_PROVINCE_DB, read-only, copied from; else
 *      generated here by the demo generator), copied into a warehouse of the bench's own.
 *   2. DuckDB: `create view|table … as <model sql>` in dependency order (no data tests, no unit tests).
 *   3. PostgreSQL: a fresh cluster on 127.0.0.1 (bench/pg/postgres.server.ts), the source tables written as
 *      CSV by DuckDB and loaded with COPY, the source views and the models in their PostgreSQL versions
 *      (bench/pg/sources/, bench/pg/models/) built in the same order, each table analysed after it is built.
 *   4. Every table model's row count and Σ of each integer column (count of trues of each boolean column)
 *      must agree between the two, or the bench fails.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildGraph, loadModels, MODELS_DIR, type Model } from '../models/index.ts';
import { readVars, writeVars } from '../models/runner/model-vars.ts';
import { openWarehouse, sqlIdent, type Warehouse } from '../warehouse/index.ts';
import { generateDemo } from '../ingest/demo/demo.generator.ts';
import { fmt, timed, type BenchGroup, type BenchRow } from './bench.harness.ts';
import { loadPgModels, loadPgSourceView, type PgModel } from './pg/pg-models.ts';
import { checkPostgresInstalled, describeSettings, startPostgres, type PgServer } from './pg/postgres.server.ts';
import {
  copyTables,
  exportCsv,
  pgCreateTable,
  pgPrimaryKey,
  resolveSources,
  type SourceSet,
} from './pg/source.copy.ts';

const SCHEMAS = ['raw', 'ledger', 'meta', 'staging', 'intermediate', 'marts'];
const INTEGER_TYPES = new Set([
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'HUGEINT',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'UBIGINT',
]);

interface Timing {
  name: string;
  seconds: number;
  /** PostgreSQL: of which ANALYZE */
  analyze?: number;
}

const isTable = (m: Model): boolean => m.materialized !== 'view';

/** The checksum query of one table: the same text runs on both engines. */
async function checksumSql(wh: Warehouse, model: Model): Promise<string> {
  const cols = await wh.all<{ name: string; type: string }>(
    `select column_name as name, data_type as type from duckdb_columns()
     where database_name = current_database() and schema_name = $1 and table_name = $2 order by column_index`,
    [model.schema, model.table],
  );
  const parts = ['count(*)::text'];
  for (const c of cols) {
    if (INTEGER_TYPES.has(c.type)) parts.push(`coalesce(sum(${sqlIdent(c.name)})::text, '-')`);
    else if (c.type === 'BOOLEAN') parts.push(`(count(*) filter (where ${sqlIdent(c.name)}))::text`);
  }
  return `select concat_ws(' ', ${parts.join(', ')}) from ${sqlIdent(model.name)}`;
}

async function buildOnDuckDb(wh: Warehouse, models: readonly Model[]): Promise<Timing[]> {
  const timings: Timing[] = [];
  for (const m of models) {
    const kind = isTable(m) ? 'table' : 'view';
    const t = await timed(() => wh.run(`create or replace ${kind} ${sqlIdent(m.name)} as\n${m.sql}`)).catch(
      (err: unknown) => {
        throw new Error(`DuckDB: models/${m.file}: ${(err as Error).message}`);
      },
    );
    timings.push({ name: m.name, seconds: t.seconds });
    console.error(`  DuckDB ${m.name}: ${fmt.sec(t.seconds)}`);
  }
  return timings;
}

async function loadIntoPostgres(
  pg: PgServer,
  wh: Warehouse,
  sources: SourceSet,
  csvDir: string,
): Promise<{
  exportSeconds: number;
  csvBytes: number;
  copySeconds: number;
  keySeconds: number;
  analyzeSeconds: number;
}> {
  await pg.psql(SCHEMAS.map((s) => `create schema ${s};`).join('\n'));
  let exportSeconds = 0;
  let csvBytes = 0;
  let copySeconds = 0;
  for (const table of sources.tables) {
    const written = await timed(() => exportCsv(wh, table, csvDir));
    exportSeconds += written.seconds;
    csvBytes += statSync(written.result).size;
    // created and filled in one transaction: with wal_level = minimal the COPY writes no WAL
    const [, copy] = await pg.timedPsql(
      [pgCreateTable(table), `copy ${sqlIdent(table.name)} from '${written.result}' with (format csv, header true)`],
      { singleTransaction: true },
    );
    copySeconds += copy!;
  }
  const keys = sources.tables.map(pgPrimaryKey).filter((k): k is string => k !== null);
  const keySeconds = (await pg.timedPsql(keys)).reduce((a, b) => a + b, 0);
  const analyzeSeconds = (await pg.timedPsql(sources.tables.map((t) => `analyze ${sqlIdent(t.name)}`))).reduce(
    (a, b) => a + b,
    0,
  );
  for (const v of sources.views) await pg.psql(`create view ${sqlIdent(v)} as\n${loadPgSourceView(v)};`);
  return { exportSeconds, csvBytes, copySeconds, keySeconds, analyzeSeconds };
}

async function buildOnPostgres(pg: PgServer, models: readonly PgModel[]): Promise<Timing[]> {
  const timings: Timing[] = [];
  for (const { model, sql, settings } of models) {
    const kind = isTable(model) ? 'table' : 'view';
    const statements = [
      ...settings.map((x) => `set ${x}`),
      `create ${kind} ${sqlIdent(model.name)} as\n${sql}`,
      ...(isTable(model) ? [`analyze ${sqlIdent(model.name)}`] : []),
    ];
    try {
      const times = (await pg.timedPsql(statements)).slice(settings.length);
      const [build = 0, analyze = 0] = times;
      timings.push({ name: model.name, seconds: build + analyze, analyze });
      console.error(`  PostgreSQL ${model.name}: ${fmt.sec(build + analyze)}`);
    } catch (err) {
      throw new Error(`PostgreSQL version of ${model.name} (bench/pg/models/${model.file}): ${(err as Error).message}`);
    }
  }
  return timings;
}

const total = (ts: readonly Timing[]): number => ts.reduce((s, t) => s + t.seconds, 0);

function slowest(ts: readonly Timing[], other: readonly Timing[], otherName: string, n: number): BenchRow[] {
  const byName = new Map(other.map((t) => [t.name, t.seconds]));
  return [...ts]
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, n)
    .map((t) => ({
      measure: `  ${t.name}`,
      value: fmt.sec(t.seconds),
      note: `${otherName} ${fmt.sec(byName.get(t.name) ?? Number.NaN)}${t.analyze ? `; incl. ANALYZE ${fmt.sec(t.analyze)}` : ''}`,
    }));
}

export const modelsPgBench: BenchGroup = {
  id: 'models-pg',
  title: 'Models on DuckDB against PostgreSQL 15 (issue 3)',
  async run({ workDir, quick }) {
    checkPostgresInstalled();
    const graph = buildGraph(loadModels());
    const pgModels = loadPgModels(graph.order); // fails when a model has no PostgreSQL version
    const relations = [...new Set([...graph.sources.values()].flat())].sort();
    const stale = pgModels.filter((p) => p.stale).map((p) => p.model.name);
    if (stale.length) console.error(`models changed since their PostgreSQL version was written: ${stale.join(', ')}`);

    const given = quick ? undefined : process.env['FUNDTRAIL_BENCH_PROVINCE_DB'];
    if (given && !existsSync(given)) throw new Error(`FUNDTRAIL_BENCH_PROVINCE_DB=${given}: no such file`);
    const wh = await openWarehouse(join(workDir, 'bench.duckdb'));
    let sources: SourceSet;
    let duck: Timing[];
    let whOpen = true;
    let prepared: { seconds: number; what: string };
    const pgDir = join(workDir, 'csv');
    mkdirSync(pgDir, { recursive: true });
    let pg: PgServer | null = null;
    try {
      const scale = quick ? 'small' : 'province';
      const prep = await timed(async () => {
        if (given) {
          const s = await resolveSources(wh, relations);
          await copyTables(
            wh,
            given,
            s.tables.map((t) => t.name),
          );
        } else await generateDemo(wh, { scale, seed: 1 });
        await writeVars(wh, readVars(MODELS_DIR));
        return resolveSources(wh, relations); // again: row counts after the copy
      });
      sources = prep.result;
      prepared = {
        seconds: prep.seconds,
        what: given
          ? `copied from ${given} (FUNDTRAIL_BENCH_PROVINCE_DB)`
          : `generated (demo --scale ${scale} --seed 1)`,
      };
      const payments = sources.tables.find((t) => t.name === 'raw.payments')?.rows ?? 0;

      console.error(`DuckDB: ${graph.order.length} models`);
      duck = await buildOnDuckDb(wh, graph.order);
      const tables = graph.order.filter(isTable);
      const checks = new Map<string, { sql: string; duck: string }>();
      for (const m of tables) {
        const sql = await checksumSql(wh, m);
        checks.set(m.name, { sql, duck: await wh.value<string>(sql) });
      }

      console.error('PostgreSQL: start, export, load');
      pg = await startPostgres(workDir);
      const load = await loadIntoPostgres(pg, wh, sources, pgDir);
      wh.closeAll(); // DuckDB's memory back before PostgreSQL builds
      whOpen = false;
      console.error(`PostgreSQL: ${pgModels.length} models`);
      const pgTimes = await buildOnPostgres(pg, pgModels);

      const mismatches: string[] = [];
      for (const [name, check] of checks) {
        const got = (await pg.psql(`${check.sql};`)).trim();
        if (got !== check.duck) mismatches.push(`${name}: DuckDB ${check.duck} / PostgreSQL ${got}`);
      }
      if (mismatches.length) {
        throw new Error(
          `PostgreSQL and DuckDB disagree (row count, then Σ of each integer column / trues of each boolean column):\n  ${mismatches.join('\n  ')}`,
        );
      }

      const duckTotal = total(duck);
      const pgBuild = total(pgTimes);
      const pgAnalyze = pgTimes.reduce((s, t) => s + (t.analyze ?? 0), 0);
      const pgLoad = load.copySeconds + load.keySeconds + load.analyzeSeconds;
      const rows: BenchRow[] = [
        {
          measure: 'data',
          value: `${fmt.int(payments)} payments`,
          note: `${sources.tables.length} source tables, ${fmt.int(sources.tables.reduce((s, t) => s + t.rows, 0))} rows; ${prepared.what} in ${fmt.sec(prepared.seconds)}`,
        },
        {
          measure: `DuckDB: build of the ${graph.order.length} models`,
          value: fmt.sec(duckTotal),
          note: 'create view/table … as <model sql> in dependency order; no yml tests',
        },
        {
          measure: `PostgreSQL: build of the ${pgModels.length} models`,
          value: fmt.sec(pgBuild),
          note: `the same, PostgreSQL versions (bench/pg/models/); incl. ANALYZE of each table (${fmt.sec(pgAnalyze)})`,
        },
        { measure: 'ratio PostgreSQL / DuckDB, build', value: fmt.ratio(pgBuild / duckTotal) },
        {
          measure: 'PostgreSQL: load of the sources',
          value: fmt.sec(pgLoad),
          note: `COPY ${fmt.sec(load.copySeconds)}, primary keys ${fmt.sec(load.keySeconds)}, ANALYZE ${fmt.sec(load.analyzeSeconds)}; the CSV (${fmt.int(load.csvBytes / 2 ** 20)} MiB) written by DuckDB in ${fmt.sec(load.exportSeconds)}, not counted`,
        },
        { measure: 'PostgreSQL: load + build', value: fmt.sec(pgLoad + pgBuild) },
        { measure: 'ratio PostgreSQL (load + build) / DuckDB build', value: fmt.ratio((pgLoad + pgBuild) / duckTotal) },
        {
          measure: 'results agree',
          value: `${checks.size} tables`,
          note: 'row count and Σ of every integer column (trues of every boolean) equal on both',
        },
        { measure: 'DuckDB: slowest models', value: '', note: 'seconds on DuckDB; PostgreSQL beside' },
        ...slowest(duck, pgTimes, 'PostgreSQL', 5),
        { measure: 'PostgreSQL: slowest models', value: '', note: 'seconds on PostgreSQL; DuckDB beside' },
        ...slowest(pgTimes, duck, 'DuckDB', 5),
        { measure: 'PostgreSQL', value: pg.version, note: describeSettings() },
      ];
      const tuned = pgModels.filter((p) => p.settings.length);
      if (tuned.length) {
        rows.push({
          measure: 'PostgreSQL: planner settings of single models',
          value: String(tuned.length),
          note: tuned.map((p) => `${p.model.name}: ${p.settings.join(', ')}`).join('; '),
        });
      }
      if (stale.length) {
        rows.push({
          measure: 'PostgreSQL versions older than their model',
          value: String(stale.length),
          note: stale.join(', '),
        });
      }
      return rows;
    } finally {
      if (pg) await pg.stop();
      if (whOpen) wh.closeAll();
    }
  },
};
