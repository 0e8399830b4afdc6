/**
 * The model runner (models/MODELS.md) on small models written for the test: dependency order and selection,
 * refusals (cycle, unknown model, missing yml, invalid yml with paths), each data test kind failing and
 * passing, severities, audit rows, skipped downstream models, unit tests, and incremental partitions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildGraph,
  buildModels,
  loadModels,
  selectModels,
  writeLineage,
  type BuildResult,
} from '../../models/index.ts';
import type { Warehouse } from '../../warehouse/index.ts';
import { layoutLineage } from '../../models/runner/lineage.docs.ts';
import { addPayments, modelsFolder, smallWarehouse, yml } from './runner.helpers.ts';

const CHAIN = {
  'staging/stg_raw__regions.sql': 'select code, name, level, parent_code from raw.regions',
  'staging/stg_raw__regions.yml': yml('columns:\n  - name: code\n    tests: [not_null, unique]\n'),
  'intermediate/int_regions_counted.sql':
    '-- reads marts.not_a_dependency only in this comment\nselect level, count(*)::bigint as n from staging.stg_raw__regions group by level',
  'intermediate/int_regions_counted.yml': yml(),
  'marts/region_levels.sql':
    "select c.level, c.n, 'staging.also_not_a_dependency' as note from intermediate.int_regions_counted as c",
  'marts/region_levels.yml': yml(`columns:
  - name: level
    tests:
      - not_null
      - unique
      - accepted_values: { values: [central, province, city] }
tests:
  - invariant:
      name: counts_add_up
      sql: |
        select 1 from (select sum(n) as n from marts.region_levels) as a
        where a.n <> (select count(*) from staging.stg_raw__regions)
`),
};

let wh: Warehouse | undefined;
afterEach(() => {
  wh?.closeAll();
  wh = undefined;
});

describe('the graph', () => {
  it('orders models upstream first, ignoring names in comments and literals', () => {
    const graph = buildGraph(loadModels(modelsFolder(CHAIN)));
    expect(graph.order.map((m) => m.name)).toEqual([
      'staging.stg_raw__regions',
      'intermediate.int_regions_counted',
      'marts.region_levels',
    ]);
    expect(graph.upstream.get('marts.region_levels')).toEqual(['intermediate.int_regions_counted']);
    expect(graph.sources.get('staging.stg_raw__regions')).toEqual(['raw.regions']);
  });

  it('selects m+, +m, a bare name and a layer', () => {
    const graph = buildGraph(loadModels(modelsFolder(CHAIN)));
    const names = (sel: string[]): string[] => selectModels(graph, sel).map((m) => m.name);
    expect(names(['int_regions_counted+'])).toEqual(['intermediate.int_regions_counted', 'marts.region_levels']);
    expect(names(['+intermediate.int_regions_counted'])).toEqual([
      'staging.stg_raw__regions',
      'intermediate.int_regions_counted',
    ]);
    expect(names(['region_levels'])).toEqual(['marts.region_levels']);
    expect(names(['staging.*'])).toEqual(['staging.stg_raw__regions']);
    expect(() => names(['nope'])).toThrow(/没有名为 nope 的模型/);
  });

  it('refuses a cycle, an unknown model, a model without yml and a yml with wrong fields, naming each', () => {
    const cycle = modelsFolder({
      'marts/a.sql': 'select * from marts.b',
      'marts/a.yml': yml(),
      'marts/b.sql': 'select * from marts.a',
      'marts/b.yml': yml(),
    });
    expect(() => buildGraph(loadModels(cycle))).toThrow(/循环依赖: marts.a, marts.b/);
    const unknown = modelsFolder({ 'marts/a.sql': 'select * from intermediate.missing', 'marts/a.yml': yml() });
    expect(() => buildGraph(loadModels(unknown))).toThrow(/marts\/a.sql: 引用了不存在的模型 intermediate.missing/);
    const noYml = modelsFolder({ 'marts/a.sql': 'select 1 as x' });
    expect(() => loadModels(noYml)).toThrow(/marts\/a.sql: 缺少同名的 a.yml/);
    const bad = modelsFolder({
      'marts/a.sql': 'select 1 as x',
      'marts/a.yml': 'description: x\nmaterialized: cube\ncolumns:\n  - name: x\n    tests: [not_nul]\n',
    });
    let message = '';
    try {
      loadModels(bad);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('marts/a.yml: grain');
    expect(message).toContain('marts/a.yml: materialized');
    expect(message).toContain('marts/a.yml: columns.0.tests.0');
  });
});

describe('build', () => {
  it('builds views and tables, runs the tests, and records the run', async () => {
    wh = await smallWarehouse();
    const result = await buildModels(wh, { modelsDir: modelsFolder(CHAIN) });
    expect(result.ok).toBe(true);
    expect(result.models.map((m) => [m.name, m.status, m.mode])).toEqual([
      ['staging.stg_raw__regions', 'built', 'view'],
      ['intermediate.int_regions_counted', 'built', 'full'],
      ['marts.region_levels', 'built', 'full'],
    ]);
    expect(await wh.all('select level, n from marts.region_levels order by level')).toEqual([
      { level: 'central', n: 1 },
      { level: 'city', n: 1 },
      { level: 'province', n: 1 },
    ]);
    expect(result.tests.map((t) => `${t.model}:${t.test}:${t.status}`)).toEqual([
      'staging.stg_raw__regions:not_null_code:pass',
      'staging.stg_raw__regions:unique_code:pass',
      'marts.region_levels:not_null_level:pass',
      'marts.region_levels:unique_level:pass',
      'marts.region_levels:accepted_values_level:pass',
      'marts.region_levels:counts_add_up:pass',
    ]);
    expect(await wh.value('select status from meta.model_runs where run_id = $1', [result.runId])).toBe('passed');
    expect(
      Number(await wh.value('select count(*) from meta.model_test_results where run_id = $1', [result.runId])),
    ).toBe(6);
  });

  it('fails each kind of data test on bad rows, keeps the failing rows, and skips what is downstream', async () => {
    wh = await smallWarehouse();
    await wh.run(`insert into raw.regions (code, valid_from, name, level, parent_code, load_id) values
      ('580100', 2019, '某市 (旧)', 'city', '580000', 1), ('590000', 0, '别省', 'prefecture', '999999', 1)`);
    const dir = modelsFolder({
      'staging/stg_raw__regions.sql': 'select code, name, level, parent_code from raw.regions',
      'staging/stg_raw__regions.yml': yml(`columns:
  - name: code
    tests: [unique]
  - name: parent_code
    tests:
      - relationships: { to: staging.stg_raw__regions, field: code }
  - name: level
    tests:
      - accepted_values: { values: [central, province, city] }
      - expression: "level <> 'prefecture'"
tests:
  - unique_combination: [code]
`),
      'marts/downstream.sql': 'select * from staging.stg_raw__regions',
      'marts/downstream.yml': yml(),
    });
    const result = await buildModels(wh, { modelsDir: dir });
    expect(result.ok).toBe(false);
    const byName = Object.fromEntries(result.tests.map((t) => [t.test, t]));
    expect(byName['unique_code']?.failures).toBe(1);
    expect(byName['unique_code']?.sample).toEqual([{ code: '580100', n: 2 }]);
    expect(byName['relationships_parent_code__staging_stg_raw__regions']?.sample).toEqual([
      { parent_code: '999999', n: 1 },
    ]);
    expect(byName['accepted_values_level']?.sample).toEqual([{ level: 'prefecture', n: 1 }]);
    expect(byName['expression_level_2']?.failures).toBe(1);
    expect(byName['unique_combination_code']?.failures).toBe(1);
    expect(await wh.all(`select code from ${byName['unique_code']!.auditTable!}`)).toEqual([{ code: '580100' }]);
    expect(result.models[1]).toMatchObject({ name: 'marts.downstream', status: 'skipped' });
    expect(await wh.value('select status from meta.model_runs where run_id = $1', [result.runId])).toBe('failed');

    // fixed data: the same tests pass and their audit tables are gone
    await wh.run("delete from raw.regions where valid_from = 2019 or code = '590000'");
    const again = await buildModels(wh, { modelsDir: dir });
    expect(again.ok).toBe(true);
    expect(
      Number(
        await wh.value(
          "select count(*) from duckdb_tables() where schema_name = 'audit' and table_name like 'staging_%'",
        ),
      ),
    ).toBe(0);
  });

  it('skips, without failing, a test that reads a model a partial --select did not build', async () => {
    wh = await smallWarehouse();
    const dir = modelsFolder({
      ...CHAIN,
      'marts/levels_known.sql': 'select level from raw.regions',
      'marts/levels_known.yml': yml(`columns:
  - name: level
    tests:
      - relationships: { to: marts.region_levels, field: level }
`),
    });
    const partial = await buildModels(wh, { modelsDir: dir, select: ['levels_known'] });
    expect(partial.ok).toBe(true);
    expect(partial.tests[0]).toMatchObject({ status: 'skipped', message: '未运行: marts.region_levels 尚未构建' });
    const whole = await buildModels(wh, { modelsDir: dir });
    expect(whole.tests.find((t) => t.model === 'marts.levels_known')).toMatchObject({ status: 'pass' });
  });

  it('lets a warn-severity failure pass the build, and caps the audit rows at 100', async () => {
    wh = await smallWarehouse();
    const dir = modelsFolder({
      'marts/many.sql': 'select range as x from range(250)',
      'marts/many.yml': yml(`columns:
  - name: x
    tests:
      - expression: { sql: 'x < 0', severity: warn }
`),
    });
    const result = await buildModels(wh, { modelsDir: dir });
    expect(result.ok).toBe(true);
    expect(result.tests[0]).toMatchObject({ status: 'fail', severity: 'warn', failures: 250 });
    expect(Number(await wh.value(`select count(*) from ${result.tests[0]!.auditTable!}`))).toBe(100);
  });

  it('reports a model whose SQL does not run, and an unknown source, with the file', async () => {
    wh = await smallWarehouse();
    const broken = await buildModels(wh, {
      modelsDir: modelsFolder({ 'marts/bad.sql': 'select nope from raw.regions', 'marts/bad.yml': yml() }),
    });
    expect(broken.ok).toBe(false);
    expect(broken.models[0]).toMatchObject({ status: 'error' });
    expect(broken.models[0]!.message).toMatch(/marts\/bad.sql: .*nope/);
    await expect(
      buildModels(wh, {
        modelsDir: modelsFolder({ 'marts/a.sql': 'select * from raw.nothing', 'marts/a.yml': yml() }),
      }),
    ).rejects.toThrow(/marts\/a.sql: 源表 raw.nothing 不存在/);
  });

  it("applies a model's DuckDB settings to its own build only", async () => {
    wh = await smallWarehouse();
    const dir = modelsFolder({
      'marts/with_setting.sql': "select current_setting('disabled_compression_methods') as v",
      'marts/with_setting.yml': yml('settings:\n  disabled_compression_methods: fsst\n'),
    });
    expect((await buildModels(wh, { modelsDir: dir })).ok).toBe(true);
    expect(await wh.value('select v from marts.with_setting')).toBe('FSST');
    expect(await wh.value("select current_setting('disabled_compression_methods')")).toBe('');
  });

  it("creates a table's indexes with it, builds it again when they change, and refuses them on a view", async () => {
    wh = await smallWarehouse();
    const indexes = () =>
      wh!.all<{ index_name: string; expressions: string }>(
        `select index_name, expressions::varchar as expressions from duckdb_indexes()
         where schema_name = 'marts' and table_name = 'keyed' order by index_name`,
      );
    const files = {
      'marts/keyed.sql': "select 'K' || i as code, 'P' || (i % 7) as parent_code from range(50000) as t(i)",
      'marts/keyed.yml': yml('indexes:\n  - [code]\n'),
    };
    expect((await buildModels(wh, { modelsDir: modelsFolder(files) })).ok).toBe(true);
    expect(await indexes()).toEqual([{ index_name: 'keyed__code', expressions: '[code]' }]);
    // a lookup of one key reads the index
    const plan = await wh.all<{ explain_value: string }>(
      "explain analyze select * from marts.keyed where code = 'K4242'",
    );
    expect(plan.map((r) => r.explain_value).join('\n')).toMatch(/Index Scan/);

    const more = { ...files, 'marts/keyed.yml': yml('indexes:\n  - [code]\n  - [parent_code, code]\n') };
    const rebuilt = await buildModels(wh, { modelsDir: modelsFolder(more) });
    expect(rebuilt.models.find((m) => m.name === 'marts.keyed')?.mode).toBe('full');
    expect((await indexes()).map((i) => i.index_name)).toEqual(['keyed__code', 'keyed__parent_code__code']);
    const same = await buildModels(wh, { modelsDir: modelsFolder(more) });
    expect(same.models.find((m) => m.name === 'marts.keyed')?.mode).toBe('unchanged');

    const onView = modelsFolder({
      'staging/stg_keyed.sql': 'select code from raw.regions',
      'staging/stg_keyed.yml': yml('indexes:\n  - [code]\n'),
    });
    await expect(buildModels(wh, { modelsDir: onView })).rejects.toThrow(
      /staging\/stg_keyed.sql: indexes 只用于表 \(materialized: table\), 此模型是 view/,
    );
  });

  it('writes models/vars.yml into meta.model_vars, with as_of resolved', async () => {
    wh = await smallWarehouse();
    const dir = modelsFolder({
      'vars.yml': 'as_of:\ngrace_days: 15\n',
      'marts/settings.sql': "select value::integer as grace from meta.model_vars where name = 'grace_days'",
      'marts/settings.yml': yml(),
    });
    const result = await buildModels(wh, { modelsDir: dir });
    expect(await wh.value('select grace from marts.settings')).toBe(15);
    expect(result.vars['as_of']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('unit tests', () => {
  const files = (expectRows: string): Record<string, string> => ({
    'staging/stg_raw__regions.sql': 'select code, name, level, parent_code from raw.regions',
    'staging/stg_raw__regions.yml': yml(),
    'marts/children.sql': `select p.code, count(c.code)::bigint as children
      from staging.stg_raw__regions as p left join staging.stg_raw__regions as c on c.parent_code = p.code
      group by p.code`,
    'marts/children.yml': yml(`unit_tests:
  - name: counts_children
    given:
      raw.regions:
        - { code: 'A', name: a, level: province, valid_from: 0, load_id: 1 }
        - { code: 'B', name: b, level: city, parent_code: 'A', valid_from: 0, load_id: 1 }
        - { code: 'C', name: c, level: city, parent_code: 'A', valid_from: 0, load_id: 1 }
    expect:
${expectRows}
`),
  });

  it('passes when the model turns the given rows into the expected ones, whatever is in the warehouse', async () => {
    wh = await smallWarehouse();
    const rows = `      - { code: 'A', children: 2 }\n      - { code: 'B', children: 0 }\n      - { code: 'C', children: 0 }`;
    const dir = modelsFolder(files(rows));
    const result = await buildModels(wh, { modelsDir: dir });
    expect(result.tests.find((t) => t.kind === 'unit')).toMatchObject({ test: 'counts_children', status: 'pass' });
    expect(result.ok).toBe(true);
    expect(result.tests.find((t) => t.kind === 'unit')!.message).toBeUndefined();

    // unchanged SQL and spec: the pass stands without a second run
    const again = await buildModels(wh, { modelsDir: dir });
    expect(again.tests.find((t) => t.kind === 'unit')).toMatchObject({
      status: 'pass',
      message: '模型与上游未改动: 沿用上次通过的结果',
    });
  });

  it('runs a unit test again when an upstream model changed, and fails it when the change breaks it', async () => {
    wh = await smallWarehouse();
    const rows = `      - { code: 'A', children: 2 }\n      - { code: 'B', children: 0 }\n      - { code: 'C', children: 0 }`;
    const f = files(rows);
    const dir = modelsFolder(f);
    expect((await buildModels(wh, { modelsDir: dir })).ok).toBe(true);
    const changed = modelsFolder({
      ...f,
      'staging/stg_raw__regions.sql': "select code, name, level, parent_code from raw.regions where code <> 'C'",
    });
    const result = await buildModels(wh, { modelsDir: changed });
    const unit = result.tests.find((t) => t.kind === 'unit')!;
    expect(unit).toMatchObject({
      status: 'fail',
      sample: [
        { missing: { code: 'A', children: 2 } },
        { missing: { code: 'C', children: 0 } },
        { unexpected: { code: 'A', children: 1 } },
      ],
    });
  });

  it('fails, naming the missing and the unexpected rows', async () => {
    wh = await smallWarehouse();
    const rows = `      - { code: 'A', children: 3 }\n      - { code: 'B', children: 0 }\n      - { code: 'C', children: 0 }`;
    const result = await buildModels(wh, { modelsDir: modelsFolder(files(rows)) });
    const unit = result.tests.find((t) => t.kind === 'unit')!;
    expect(unit.status).toBe('fail');
    expect(unit.sample).toEqual([{ missing: { code: 'A', children: 3 } }, { unexpected: { code: 'A', children: 2 } }]);
    expect(result.ok).toBe(false);
  });

  it('takes an upstream model as given, and says which given column does not exist', async () => {
    wh = await smallWarehouse();
    const f = files(`      - { code: 'X', children: 1 }`);
    f['marts/children.yml'] = yml(`unit_tests:
  - name: from_staging
    given:
      staging.stg_raw__regions:
        - { code: 'X', level: province }
        - { code: 'Y', level: city, parent_code: 'X' }
    expect:
      - { code: 'X', children: 1 }
      - { code: 'Y', children: 0 }
  - name: wrong_column
    given:
      staging.stg_raw__regions:
        - { kode: 'X' }
    expect: []
`);
    const result = await buildModels(wh, { modelsDir: modelsFolder(f) });
    const units = result.tests.filter((t) => t.kind === 'unit');
    expect(units[0]).toMatchObject({ test: 'from_staging', status: 'pass' });
    expect(units[1]).toMatchObject({ test: 'wrong_column', status: 'error' });
    expect(units[1]!.message).toContain('没有这些列: kode');
  });
});

describe('incremental models', () => {
  const files = {
    'staging/stg_raw__payments.sql': 'select payment_id, person_id, pay_month, paid from raw.payments',
    'staging/stg_raw__payments.yml': yml(),
    'staging/stg_raw__beneficiaries.sql': 'select person_id, name, household_id from raw.beneficiaries',
    'staging/stg_raw__beneficiaries.yml': yml(),
    'marts/paid_by_household.sql': `select p.pay_month, b.household_id, sum(p.paid)::bigint as paid
      from staging.stg_raw__payments as p join staging.stg_raw__beneficiaries as b on b.person_id = p.person_id
      group by all`,
    'marts/paid_by_household.yml': yml(`materialized: incremental
incremental:
  partition_by: pay_month
  driver: staging.stg_raw__payments
`),
  };
  const rowsOf = (w: Warehouse): Promise<unknown[]> =>
    w.all('select * from marts.paid_by_household order by pay_month, household_id');

  it('rebuilds only the partitions whose driver rows changed, and equals a full rebuild', async () => {
    wh = await smallWarehouse();
    const dir = modelsFolder(files);
    const first = await buildModels(wh, { modelsDir: dir });
    expect(first.models[2]).toMatchObject({ mode: 'full', partitions: ['2020-01', '2020-02'] });

    const unchanged = await buildModels(wh, { modelsDir: dir });
    expect(unchanged.models[2]).toMatchObject({ mode: 'incremental', partitions: [] });

    await addPayments(wh, [['X4', 'P2', '2020-03', 400]], 2);
    const newMonth = await buildModels(wh, { modelsDir: dir });
    expect(newMonth.models[2]).toMatchObject({ mode: 'incremental', partitions: ['2020-03'] });

    await wh.run("update raw.payments set paid = 150 where payment_id = 'X1'");
    const changedMonth = await buildModels(wh, { modelsDir: dir });
    expect(changedMonth.models[2]).toMatchObject({ mode: 'incremental', partitions: ['2020-01'] });

    await wh.run("delete from raw.payments where pay_month = '2020-02'");
    const vanished = await buildModels(wh, { modelsDir: dir });
    expect(vanished.models[2]).toMatchObject({ mode: 'incremental', partitions: ['2020-02'] });

    const incremental = await rowsOf(wh);
    expect(incremental).toEqual([
      { pay_month: '2020-01', household_id: 'H1', paid: 150 },
      { pay_month: '2020-01', household_id: 'H2', paid: 200 },
      { pay_month: '2020-03', household_id: 'H2', paid: 400 },
    ]);
    const full = await buildModels(wh, { modelsDir: dir, fullRefresh: true });
    expect(full.models[2]).toMatchObject({ mode: 'full' });
    expect(await rowsOf(wh)).toEqual(incremental);
  });

  it('tests only the rebuilt rows, checks the keys of new rows against the whole table, and scopes an invariant that asks', async () => {
    wh = await smallWarehouse();
    const dir = modelsFolder({
      'staging/stg_raw__payments.sql': 'select payment_id, person_id, pay_month, paid from raw.payments',
      'staging/stg_raw__payments.yml': yml(),
      'marts/payment_facts.sql': 'select payment_id, pay_month, paid from staging.stg_raw__payments',
      'marts/payment_facts.yml': yml(`materialized: incremental
incremental:
  partition_by: pay_month
  driver: staging.stg_raw__payments
columns:
  - name: payment_id
    tests: [unique]
  - name: paid
    tests:
      - expression: 'paid < 1000'
tests:
  - unique_combination: [payment_id]
  - invariant:
      name: months_under_1000
      sql: select pay_month, sum(paid) as paid from marts.payment_facts group by pay_month having sum(paid) >= 1000
  - invariant:
      name: rebuilt_months_under_1000
      sql: |
        select pay_month, sum(paid) as paid from marts.payment_facts where {{ rebuilt }}
        group by pay_month having sum(paid) >= 1000
`),
    });
    await addPayments(wh, [['X9', 'P1', '2020-02', 5000]]); // breaks the expression in 2020-02
    const first = await buildModels(wh, { modelsDir: dir });
    expect(first.tests.find((t) => t.test === 'expression_paid_1')).toMatchObject({ status: 'fail', failures: 1 });

    await addPayments(wh, [['X1', 'P2', '2020-03', 10]], 2); // a new month reusing an old payment id
    const next = await buildModels(wh, { modelsDir: dir });
    expect(next.models[1]).toMatchObject({ mode: 'incremental', partitions: ['2020-03'] });
    const byName = Object.fromEntries(next.tests.map((t) => [t.test, t]));
    expect(byName['expression_paid_1']).toMatchObject({ status: 'pass' }); // 2020-02 was not rebuilt
    expect(byName['unique_payment_id']).toMatchObject({ status: 'fail', sample: [{ payment_id: 'X1', n: 2 }] });
    expect(byName['unique_combination_payment_id']).toMatchObject({ status: 'fail', failures: 1 });
    // an invariant reads every partition, unless it asks for the rebuilt ones only
    expect(first.tests.find((t) => t.test === 'rebuilt_months_under_1000')).toMatchObject({ status: 'fail' });
    expect(byName['months_under_1000']).toMatchObject({ status: 'fail', sample: [{ pay_month: '2020-02' }] });
    expect(byName['rebuilt_months_under_1000']).toMatchObject({ status: 'pass' });
    const full = await buildModels(wh, { modelsDir: dir, fullRefresh: true });
    expect(full.tests.find((t) => t.test === 'rebuilt_months_under_1000')).toMatchObject({
      status: 'fail',
      sample: [{ pay_month: '2020-02' }],
    });
  });

  it('checks a key that contains the partition column within the rebuilt partitions only', async () => {
    wh = await smallWarehouse();
    const dir = modelsFolder({
      'staging/stg_raw__payments.sql': 'select payment_id, person_id, pay_month, paid from raw.payments',
      'staging/stg_raw__payments.yml': yml(),
      'marts/payment_facts.sql': 'select payment_id, pay_month, paid from staging.stg_raw__payments',
      'marts/payment_facts.yml': yml(`materialized: incremental
incremental:
  partition_by: pay_month
  driver: staging.stg_raw__payments
tests:
  - unique_combination: [payment_id, pay_month]
`),
    });
    const test = (r: BuildResult) => r.tests.find((t) => t.test === 'unique_combination_payment_id_pay_month');
    await addPayments(wh, [['X3', 'P1', '2020-02', 300]]); // X3 twice in 2020-02
    expect(test(await buildModels(wh, { modelsDir: dir }))).toMatchObject({ status: 'fail', failures: 1 });

    // X1 again in another month is another key; X5 twice in the new month is a duplicate
    await addPayments(
      wh,
      [
        ['X1', 'P2', '2020-03', 10],
        ['X5', 'P2', '2020-03', 10],
        ['X5', 'P2', '2020-03', 10],
      ],
      2,
    );
    const next = await buildModels(wh, { modelsDir: dir });
    expect(next.models[1]).toMatchObject({ mode: 'incremental', partitions: ['2020-03'] });
    expect(test(next)).toMatchObject({
      status: 'fail',
      failures: 1,
      sample: [{ payment_id: 'X5', pay_month: '2020-03', n: 2 }],
    });

    const full = await buildModels(wh, { modelsDir: dir, fullRefresh: true });
    expect(test(full)).toMatchObject({ status: 'fail', failures: 2 });
  });

  it('rebuilds whole when an upstream other than the driver changed', async () => {
    wh = await smallWarehouse();
    const dir = modelsFolder(files);
    await buildModels(wh, { modelsDir: dir });
    await wh.run("update raw.beneficiaries set household_id = 'H1' where person_id = 'P2'");
    const result = await buildModels(wh, { modelsDir: dir });
    expect(result.models[2]).toMatchObject({ mode: 'full' });
    expect(await rowsOf(wh)).toEqual([
      { pay_month: '2020-01', household_id: 'H1', paid: 300 },
      { pay_month: '2020-02', household_id: 'H1', paid: 300 },
    ]);
  });
});

describe('tables whose inputs did not change', () => {
  const modes = (r: BuildResult) => Object.fromEntries(r.models.map((m) => [m.name, m.mode]));
  const levels = (w: Warehouse) => w.all('select level, n from marts.region_levels order by level');

  it('are left as they are until a source, an upstream table or their SQL changes', async () => {
    wh = await smallWarehouse();
    const files = { ...CHAIN };
    const first = await buildModels(wh, { modelsDir: modelsFolder(files) });
    expect(modes(first)['marts.region_levels']).toBe('full');

    const again = await buildModels(wh, { modelsDir: modelsFolder(files) });
    expect(modes(again)).toMatchObject({
      'intermediate.int_regions_counted': 'unchanged',
      'marts.region_levels': 'unchanged',
    });
    expect(again.tests.every((t) => t.status === 'pass')).toBe(true);
    expect(again.tests).toHaveLength(first.tests.length);
    // a table's tests pass again without a run; a view's tests always run
    const reused = (r: BuildResult) => r.tests.filter((t) => t.message?.includes('沿用上次通过')).map((t) => t.test);
    expect(reused(again)).toEqual(['not_null_level', 'unique_level', 'accepted_values_level', 'counts_add_up']);

    // a new row in the source reaches both tables, through the view
    await wh.run(`insert into raw.regions (code, valid_from, name, level, parent_code, load_id)
      values ('580200', 0, '另一市', 'city', '580000', 2)`);
    const changed = await buildModels(wh, { modelsDir: modelsFolder(files) });
    expect(modes(changed)).toMatchObject({ 'intermediate.int_regions_counted': 'full', 'marts.region_levels': 'full' });
    expect(await levels(wh)).toContainEqual({ level: 'city', n: 2 });
    expect(reused(changed)).toEqual([]);

    // a row changed in place (same count) is a change too
    await wh.run(`update raw.regions set level = 'province' where code = '580200'`);
    const edited = await buildModels(wh, { modelsDir: modelsFolder(files) });
    expect(modes(edited)['marts.region_levels']).toBe('full');
    expect(await levels(wh)).toContainEqual({ level: 'province', n: 2 });

    // only the table whose SQL changed, and what reads it, is built again
    files['marts/region_levels.sql'] = CHAIN['marts/region_levels.sql'].replace("'staging", "'now staging");
    const edit = await buildModels(wh, { modelsDir: modelsFolder(files) });
    expect(modes(edit)).toMatchObject({
      'intermediate.int_regions_counted': 'unchanged',
      'marts.region_levels': 'full',
    });
    expect(modes(await buildModels(wh, { modelsDir: modelsFolder(files), fullRefresh: true }))).toMatchObject({
      'intermediate.int_regions_counted': 'full',
      'marts.region_levels': 'full',
    });
  });

  it("read a view's version from the columns an incremental model declares for it as its driver", async () => {
    wh = await smallWarehouse();
    const files = (declared: boolean) => ({
      'staging/stg_raw__payments.sql': 'select payment_id, pay_month, paid, load_id from raw.payments',
      'staging/stg_raw__payments.yml': yml(),
      'marts/paid_by_month.sql':
        'select pay_month, sum(paid)::bigint as paid from staging.stg_raw__payments group by all',
      'marts/paid_by_month.yml': yml(`materialized: incremental
incremental:
  partition_by: pay_month
  driver: staging.stg_raw__payments
${declared ? '  fingerprint_columns: [load_id]\n' : ''}`),
      'marts/payment_count.sql': 'select count(*) as n, sum(paid)::bigint as paid from staging.stg_raw__payments',
      'marts/payment_count.yml': yml(),
    });
    const mode = (r: BuildResult) => r.models.find((m) => m.name === 'marts.payment_count')?.mode;
    expect(mode(await buildModels(wh, { modelsDir: modelsFolder(files(true)) }))).toBe('full');
    expect(mode(await buildModels(wh, { modelsDir: modelsFolder(files(true)) }))).toBe('unchanged');
    // declared: payments are added, never changed, so a new load is a change and an edit in place is not looked for
    await addPayments(wh, [['X9', 'P2', '2020-03', 50]], 2);
    expect(mode(await buildModels(wh, { modelsDir: modelsFolder(files(true)) }))).toBe('full');
    await wh.run(`update raw.payments set paid = paid + 1 where payment_id = 'X9'`);
    expect(mode(await buildModels(wh, { modelsDir: modelsFolder(files(true)) }))).toBe('unchanged');
    // undeclared: the whole rows say it
    expect(mode(await buildModels(wh, { modelsDir: modelsFolder(files(false)) }))).toBe('full');
    await wh.run(`update raw.payments set paid = paid + 1 where payment_id = 'X9'`);
    expect(mode(await buildModels(wh, { modelsDir: modelsFolder(files(false)) }))).toBe('full');
  });

  it('run a test again when what it reads changed, and never remember a failure', async () => {
    wh = await smallWarehouse();
    const files = {
      ...CHAIN,
      'marts/region_levels.yml': yml(`tests:
  - invariant:
      name: no_more_regions_than_levels
      severity: warn
      sql: select 1 from staging.stg_raw__regions having count(*) > (select sum(n) from marts.region_levels)
  - invariant:
      name: at_most_three_regions
      severity: warn
      sql: select count(*) as n from staging.stg_raw__regions having count(*) > 3
`),
    };
    const status = (r: BuildResult) =>
      Object.fromEntries(r.tests.map((t) => [t.test, `${t.status}${t.message?.includes('沿用') ? ' (reused)' : ''}`]));
    await buildModels(wh, { modelsDir: modelsFolder(files) });
    const again = await buildModels(wh, { modelsDir: modelsFolder(files) });
    expect(status(again)).toMatchObject({ at_most_three_regions: 'pass (reused)' });
    // a fourth region: what the test reads changed, so it runs, and fails; the failure is run again next time
    await wh.run(`insert into raw.regions (code, valid_from, name, level, parent_code, load_id)
      values ('580200', 0, '另一市', 'city', '580000', 2)`);
    const grown = await buildModels(wh, { modelsDir: modelsFolder(files) });
    expect(status(grown)).toMatchObject({ at_most_three_regions: 'fail' });
    expect(status(await buildModels(wh, { modelsDir: modelsFolder(files) }))).toMatchObject({
      at_most_three_regions: 'fail',
    });
  });

  it('are built again when a table was dropped, or when an incremental upstream rebuilt a partition', async () => {
    wh = await smallWarehouse();
    const dir = modelsFolder({
      'staging/stg_raw__payments.sql': 'select payment_id, person_id, pay_month, paid from raw.payments',
      'staging/stg_raw__payments.yml': yml(),
      'marts/payment_facts.sql': 'select payment_id, pay_month, paid from staging.stg_raw__payments',
      'marts/payment_facts.yml': yml(`materialized: incremental
incremental:
  partition_by: pay_month
  driver: staging.stg_raw__payments
`),
      'marts/paid_per_month.sql':
        'select pay_month, sum(paid)::bigint as paid from marts.payment_facts group by pay_month',
      'marts/paid_per_month.yml': yml(),
    });
    const months = (w: Warehouse) => w.all('select pay_month, paid from marts.paid_per_month order by pay_month');
    await buildModels(wh, { modelsDir: dir });
    expect(modes(await buildModels(wh, { modelsDir: dir }))['marts.paid_per_month']).toBe('unchanged');

    await addPayments(wh, [['X4', 'P2', '2020-03', 400]], 2);
    const next = await buildModels(wh, { modelsDir: dir });
    expect(next.models.find((m) => m.name === 'marts.payment_facts')).toMatchObject({ partitions: ['2020-03'] });
    expect(modes(next)['marts.paid_per_month']).toBe('full');
    expect(await months(wh)).toContainEqual({ pay_month: '2020-03', paid: 400 });

    // a partial build reads the stored version of the incremental model it does not build
    expect(modes(await buildModels(wh, { modelsDir: dir, select: ['paid_per_month'] }))).toEqual({
      'marts.paid_per_month': 'unchanged',
    });

    await wh.run('drop table marts.paid_per_month');
    expect(modes(await buildModels(wh, { modelsDir: dir }))['marts.paid_per_month']).toBe('full');
    expect(await months(wh)).toHaveLength(3);
  });
});

describe('docs', () => {
  it('writes a lineage page with every model, source and edge', () => {
    const graph = buildGraph(loadModels(modelsFolder(CHAIN)));
    const dir = modelsFolder({});
    const html = readFileSync(writeLineage(graph, join(dir, 'docs')), 'utf8');
    for (const id of [
      'raw.regions',
      'staging.stg_raw__regions',
      'intermediate.int_regions_counted',
      'marts.region_levels',
    ]) {
      expect(html).toContain(`data-id="${id}"`);
    }
    expect(html).toContain('data-from="intermediate.int_regions_counted" data-to="marts.region_levels"');
    expect(html).toContain('data-from="raw.regions" data-to="staging.stg_raw__regions"');
    expect(html).not.toContain('marts.not_a_dependency');
    expect(html).toContain('counts_add_up');
    // every edge runs left to right: a model stands right of everything it reads
    const graphOf = layoutLineage(graph);
    const x = new Map(graphOf.nodes.map((n) => [n.id, n.x]));
    for (const e of graphOf.edges) expect(x.get(e.from)!).toBeLessThan(x.get(e.to)!);
  });
});
