/**
 * The data tests of a model's yml, each compiled to a query that returns the failing rows (none = pass).
 * A failing test keeps up to AUDIT_ROWS of them in audit.<schema>_<model>__<test>; a passing one drops it.
 */
import { sqlIdent, sqlString, type Row, type Warehouse } from '../../warehouse/index.ts';
import type { Model } from './model.catalog.ts';
import type { ColumnTestEntry, ModelTestEntry, Severity } from './model.config.ts';
import { findRelationRefs } from './sql.refs.ts';
import { relationKind } from './relation.kind.ts';

export const AUDIT_ROWS = 100;
/** Rows of a failure shown in the build's report. */
export const SAMPLE_ROWS = 5;

export interface DataTest {
  name: string;
  severity: Severity;
  /** returns the failing rows */
  sql: string;
  /** relations the test reads besides its model (relationships' `to`, an invariant's tables) */
  refs: string[];
}

export interface TestResult {
  model: string;
  test: string;
  kind: 'data' | 'unit';
  severity: Severity;
  /** skipped: the test reads a model that is neither built nor selected (a partial `--select`) */
  status: 'pass' | 'fail' | 'error' | 'skipped';
  failures: number;
  sample: Row[];
  auditTable?: string;
  message?: string;
  ms: number;
}

/**
 * After an incremental build only the rows of the rebuilt partitions are new: the row-wise tests (not_null,
 * relationships, accepted_values, expression) need only those, and uniqueness is checked for the new rows'
 * values against the whole table — or, for a combination that includes the partition column, within the
 * rebuilt partitions alone (rows of two partitions differ in that column). Invariants read everything, unless their SQL says `{{ rebuilt }}` (REBUILT):
 * that is the condition selecting the rebuilt partitions after an incremental build, and `true` otherwise.
 */
/**
 * The placeholder of an invariant for "the rebuilt partitions" (a condition on the partition column, unqualified:
 * put it where that column is unambiguous). Only for an invariant checked partition by partition, and whose other
 * relations are checked whole upstream, so that a change the incremental build missed still fails somewhere.
 */
export const REBUILT = '{{ rebuilt }}';

export interface TestScope {
  /** a condition on the model's columns that selects the rebuilt rows */
  changedRows: string;
  /** the partition column: a key that contains it can repeat only within a partition */
  partitionColumn: string;
}

function columnTest(model: Model, column: string, entry: ColumnTestEntry, index: number, scope?: TestScope): DataTest {
  const whole = sqlIdent(model.name);
  const m = scope ? `(select * from ${whole} where ${scope.changedRows})` : whole;
  const c = sqlIdent(column);
  if (entry === 'not_null' || (typeof entry === 'object' && 'not_null' in entry)) {
    const severity = typeof entry === 'object' ? (entry.not_null?.severity ?? 'error') : 'error';
    return { name: `not_null_${column}`, severity, refs: [], sql: `select * from ${m} where ${c} is null` };
  }
  if (entry === 'unique' || (typeof entry === 'object' && 'unique' in entry)) {
    const severity = typeof entry === 'object' ? (entry.unique?.severity ?? 'error') : 'error';
    return {
      name: `unique_${column}`,
      severity,
      refs: [],
      sql:
        scope && column !== scope.partitionColumn
          ? `select ${c}, count(*) as n from ${whole} where ${c} in (select ${c} from ${m}) group by ${c} having count(*) > 1`
          : `select ${c}, count(*) as n from ${m} where ${c} is not null group by ${c} having count(*) > 1`,
    };
  }
  if ('relationships' in entry) {
    const { to, field, severity = 'error' } = entry.relationships;
    return {
      name: `relationships_${column}__${to.replace('.', '_')}`,
      severity,
      refs: [to],
      sql: `select m.${c}, count(*) as n from ${m} as m anti join ${sqlIdent(to)} as t on t.${sqlIdent(field)} = m.${c}
            where m.${c} is not null group by m.${c}`,
    };
  }
  if ('accepted_values' in entry) {
    const { values, severity = 'error' } = entry.accepted_values;
    const list = values.map((v) => (typeof v === 'string' ? sqlString(v) : String(v))).join(', ');
    return {
      name: `accepted_values_${column}`,
      severity,
      refs: [],
      sql: `select ${c}, count(*) as n from ${m} where ${c} is not null and ${c} not in (${list}) group by ${c}`,
    };
  }
  const spec = typeof entry.expression === 'string' ? { sql: entry.expression, severity: undefined } : entry.expression;
  return {
    name: `expression_${column}_${index + 1}`,
    severity: spec.severity ?? 'error',
    refs: [],
    // the predicate is the repository's own yml text, never a user's
    sql: `select * from ${m} where not coalesce((${spec.sql}), false)`,
  };
}

function modelTest(model: Model, entry: ModelTestEntry, scope?: TestScope): DataTest {
  if ('invariant' in entry) {
    const inv = entry.invariant;
    const sql = inv.sql
      .trim()
      .replace(/;+\s*$/, '')
      .replaceAll(REBUILT, scope ? `(${scope.changedRows})` : 'true');
    return {
      name: inv.name,
      severity: inv.severity ?? 'error',
      sql,
      refs: findRelationRefs(sql).filter((r) => r !== model.name),
    };
  }
  const spec = Array.isArray(entry.unique_combination)
    ? { columns: entry.unique_combination, severity: undefined }
    : entry.unique_combination;
  const cols = spec.columns.map(sqlIdent).join(', ');
  const whole = sqlIdent(model.name);
  const name = `unique_combination_${spec.columns.join('_')}`.slice(0, 90);
  const severity = spec.severity ?? 'error';
  if (!scope || spec.columns.includes(scope.partitionColumn)) {
    // a key with the partition column in it can repeat only inside a partition: the rebuilt ones are enough
    const rows = scope ? `(select * from ${whole} where ${scope.changedRows})` : whole;
    return {
      name,
      severity,
      refs: [],
      sql: `select ${cols}, count(*) as n from ${rows} group by all having count(*) > 1`,
    };
  }
  const same = spec.columns.map((c) => `a.${sqlIdent(c)} is not distinct from b.${sqlIdent(c)}`).join(' and ');
  const from = `${whole} as a semi join (select * from ${whole} where ${scope.changedRows}) as b on ${same}`;
  return {
    name,
    severity,
    refs: [],
    sql: `select ${spec.columns.map((c) => `a.${sqlIdent(c)}`).join(', ')}, count(*) as n from ${from} group by all having count(*) > 1`,
  };
}

/** The data tests of a model, in the order of its yml: column tests first, then model tests. */
export function dataTests(model: Model, scope?: TestScope): DataTest[] {
  const tests: DataTest[] = [];
  for (const col of model.config.columns) {
    col.tests.forEach((t, i) => tests.push(columnTest(model, col.name, t, i, scope)));
  }
  for (const t of model.config.tests) tests.push(modelTest(model, t, scope));
  return tests;
}

export function auditTableName(model: Model, test: string): string {
  const name = `${model.schema}_${model.table}__${test}`.replace(/[^a-z0-9_]/g, '_').slice(0, 120);
  return `audit.${name}`;
}

async function missingRelations(wh: Warehouse, refs: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const ref of refs) if ((await relationKind(wh, ref)) === null) missing.push(ref);
  return missing;
}

export async function runDataTest(wh: Warehouse, model: Model, test: DataTest): Promise<TestResult> {
  const started = Date.now();
  const audit = auditTableName(model, test.name);
  const base = { model: model.name, test: test.name, kind: 'data' as const, severity: test.severity };
  const missing = await missingRelations(wh, test.refs);
  if (missing.length) {
    return {
      ...base,
      status: 'skipped',
      failures: 0,
      sample: [],
      message: `未运行: ${missing.join(', ')} 尚未构建`,
      ms: 0,
    };
  }
  try {
    const failures = Number(await wh.value(`select count(*) from (\n${test.sql}\n) as failing`));
    if (failures === 0) {
      await wh.run(`drop table if exists ${sqlIdent(audit)}`);
      return { ...base, status: 'pass', failures, sample: [], ms: Date.now() - started };
    }
    await wh.run(
      `create or replace table ${sqlIdent(audit)} as select * from (\n${test.sql}\n) as failing limit ${AUDIT_ROWS}`,
    );
    const sample = await wh.all(`select * from ${sqlIdent(audit)} limit ${SAMPLE_ROWS}`);
    return { ...base, status: 'fail', failures, sample, auditTable: audit, ms: Date.now() - started };
  } catch (err) {
    return {
      ...base,
      severity: 'error',
      status: 'error',
      failures: 0,
      sample: [],
      message: `测试无法执行: ${(err as Error).message}`,
      ms: Date.now() - started,
    };
  }
}
