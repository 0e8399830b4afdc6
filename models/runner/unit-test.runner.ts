/**
 * Given/expected unit tests of a model (models/MODELS.md). Each runs in a fresh in-memory catalog attached
 * beside the warehouse: the sources the model reads (directly or through its upstream models) are created
 * empty with their real column types, the given rows are inserted, the upstream models are built from them,
 * then the model; its rows are compared with the expected ones as a multiset on the expected columns.
 */
import { sqlIdent, type Row, type SqlValue, type Warehouse } from '../../warehouse/index.ts';
import type { Model } from './model.catalog.ts';
import type { UnitTestRow, UnitTestSpec } from './model.config.ts';
import type { ModelGraph } from './model.graph.ts';
import { findRelationRefs, MODEL_SCHEMAS, SOURCE_SCHEMAS } from './sql.refs.ts';
import type { TestResult } from './model.tests.ts';
import { relationKind } from './relation.kind.ts';

const UT_CATALOG = 'fundtrail_unit_test';

class UnitTestError extends Error {}

interface Context {
  session: Warehouse;
  realCatalog: string;
  graph: ModelGraph;
  given: Record<string, UnitTestRow[]>;
  done: Set<string>;
}

async function sourceView(ctx: Context, relation: string): Promise<string | undefined> {
  const [schema, name] = relation.split('.') as [string, string];
  const row = await ctx.session.one<{ sql: string }>(
    'select sql from duckdb_views() where database_name = $1 and schema_name = $2 and view_name = $3',
    [ctx.realCatalog, schema, name],
  );
  return row?.sql;
}

async function sourceExists(ctx: Context, relation: string): Promise<boolean> {
  return (await relationKind(ctx.session, relation, ctx.realCatalog)) !== null;
}

async function insertGiven(ctx: Context, relation: string, rows: readonly UnitTestRow[]): Promise<void> {
  const columns = await ctx.session.describe(`select * from ${sqlIdent(relation)}`);
  const types = new Map(columns.map((c) => [c.name, c.type]));
  for (const [i, row] of rows.entries()) {
    const keys = Object.keys(row);
    const unknown = keys.filter((k) => !types.has(k));
    if (unknown.length) throw new UnitTestError(`given ${relation} 第 ${i + 1} 行: 没有这些列: ${unknown.join(', ')}`);
    if (!keys.length) continue;
    const values = keys.map((k, j) => `cast($${j + 1} as ${types.get(k)!})`);
    await ctx.session.run(
      `insert into ${sqlIdent(relation)} (${keys.map(sqlIdent).join(', ')}) values (${values.join(', ')})`,
      keys.map((k) => row[k] as SqlValue),
    );
  }
}

/** Makes `relation` exist in the unit-test catalog, with its upstream first. */
async function ensure(ctx: Context, relation: string): Promise<void> {
  if (ctx.done.has(relation)) return;
  ctx.done.add(relation);
  const model = ctx.graph.byName.get(relation);
  const given = ctx.given[relation];
  const target = sqlIdent(relation);
  if (model) {
    if (given) {
      for (const r of model.refs) await ensure(ctx, r);
      await ctx.session.run(`create table ${target} as select * from (\n${model.sql}\n) as m limit 0`);
      await insertGiven(ctx, relation, given);
    } else {
      for (const r of model.refs) await ensure(ctx, r);
      const kind = model.materialized === 'view' ? 'view' : 'table';
      await ctx.session.run(`create ${kind} ${target} as\n${model.sql}`);
    }
    return;
  }
  if (!(await sourceExists(ctx, relation))) throw new UnitTestError(`引用了不存在的源表 ${relation}`);
  const real = `${sqlIdent(ctx.realCatalog)}.${target}`;
  const view = given ? undefined : await sourceView(ctx, relation);
  if (view) {
    for (const r of findRelationRefs(view)) await ensure(ctx, r);
    await ctx.session.run(view);
  } else if (relation === 'meta.model_vars' && !given) {
    await ctx.session.run(`create table ${target} as select * from ${real}`);
  } else {
    await ctx.session.run(`create table ${target} as select * from ${real} limit 0`);
    if (given) await insertGiven(ctx, relation, given);
  }
}

/** A value as compared: numbers to 9 significant decimals (doubles), everything else as JSON. */
function canonical(value: unknown): string {
  if (typeof value === 'number' && !Number.isInteger(value)) return String(Number(value.toPrecision(12)));
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value ?? null);
}

const rowKey = (row: Row, columns: readonly string[]): string => columns.map((c) => canonical(row[c])).join('\u0001');

export async function runUnitTest(
  wh: Warehouse,
  graph: ModelGraph,
  model: Model,
  spec: UnitTestSpec,
): Promise<TestResult> {
  const started = Date.now();
  const base = { model: model.name, test: spec.name, kind: 'unit' as const, severity: 'error' as const };
  const session = await wh.session();
  const realCatalog = await session.value<string>('select current_database()');
  await session.run(`attach ':memory:' as ${UT_CATALOG}`);
  try {
    await session.run(`use ${UT_CATALOG}`);
    for (const s of [...MODEL_SCHEMAS, ...SOURCE_SCHEMAS]) await session.run(`create schema if not exists ${s}`);
    const ctx: Context = { session, realCatalog, graph, given: spec.given, done: new Set() };
    for (const g of Object.keys(spec.given)) {
      if (!graph.byName.has(g) && !(await sourceExists(ctx, g)))
        throw new UnitTestError(`given 中的 ${g} 既不是模型也不是源表`);
    }
    for (const r of model.refs) await ensure(ctx, r);

    const columns = Object.keys(spec.expect[0] ?? {});
    const uneven = spec.expect.findIndex((r) => Object.keys(r).sort().join() !== [...columns].sort().join());
    if (uneven >= 0) throw new UnitTestError(`expect 第 ${uneven + 1} 行的列与第 1 行不同: 每行应写同样的列`);
    const actualColumns = new Set((await session.describe(`select * from (\n${model.sql}\n)`)).map((c) => c.name));
    const missing = columns.filter((c) => !actualColumns.has(c));
    if (missing.length) throw new UnitTestError(`模型没有 expect 中的列: ${missing.join(', ')}`);

    const select = columns.length ? columns.map(sqlIdent).join(', ') : 'count(*) as n';
    const actual = await session.all(`select ${select} from (\n${model.sql}\n) as m`);
    const want = new Map<string, number>();
    for (const r of spec.expect) want.set(rowKey(r, columns), (want.get(rowKey(r, columns)) ?? 0) + 1);
    const unexpected: Row[] = [];
    for (const r of columns.length ? actual : []) {
      const k = rowKey(r, columns);
      const left = want.get(k) ?? 0;
      if (left > 0) want.set(k, left - 1);
      else unexpected.push({ unexpected: r });
    }
    const expectedMissing = spec.expect.filter((r) => {
      const k = rowKey(r, columns);
      const left = want.get(k) ?? 0;
      if (left > 0) {
        want.set(k, left - 1);
        return true;
      }
      return false;
    });
    const problems: Row[] = [...expectedMissing.map((r) => ({ missing: r })), ...unexpected];
    if (!columns.length && actual.length && Number(actual[0]!['n']) !== 0) problems.push({ unexpected: actual[0]! });
    return {
      ...base,
      status: problems.length ? 'fail' : 'pass',
      failures: problems.length,
      sample: problems.slice(0, 10),
      ms: Date.now() - started,
    };
  } catch (err) {
    return {
      ...base,
      status: 'error',
      failures: 0,
      sample: [],
      message: err instanceof UnitTestError ? err.message : `单元测试无法执行: ${(err as Error).message}`,
      ms: Date.now() - started,
    };
  } finally {
    await session.run(`use ${sqlIdent(realCatalog)}`).catch(() => undefined);
    await session.run(`detach ${UT_CATALOG}`).catch(() => undefined);
    session.close();
  }
}
