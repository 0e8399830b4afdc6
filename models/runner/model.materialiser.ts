/**
 * Builds one model as what its yml says: a view, a table, or an incremental table that rebuilds only the
 * partitions whose driver rows changed (models/MODELS.md, Incremental models).
 */
import { createHash } from 'node:crypto';
import { sqlIdent, sqlString, type SqlValue, type Warehouse } from '../../warehouse/index.ts';
import type { Model } from './model.catalog.ts';
import { driversOf } from './model.config.ts';
import { relationKind } from './relation.kind.ts';

export interface MaterialiseResult {
  /** unchanged: a table whose SQL and upstream versions are those of its last build, left as it is */
  mode: 'view' | 'full' | 'incremental' | 'unchanged';
  /** incremental models: the partitions deleted and inserted again ([] when nothing changed) */
  partitions?: string[];
  /** after an incremental build: the condition that selects the rows inserted again (their tests need only these) */
  changedRows?: string;
  /** with changedRows: the partition column it is a condition on */
  partitionColumn?: string;
  rows?: number;
  /** tables and incremental tables: what the content was built from (the same version, the same rows) */
  version?: string;
}

/**
 * The version of a relation a table is built from: for a table or incremental model, what it was built from
 * (its SQL and its upstream versions, or its partitions' fingerprints); for a view or a source, the
 * fingerprint of its rows. Given by the build (build.service.ts), which knows what it rebuilt.
 */
export type VersionOf = (relation: string) => Promise<string>;

export interface MaterialiseOptions {
  fullRefresh: boolean;
  memo?: FingerprintMemo | undefined;
  versionOf?: VersionOf | undefined;
}

const sha256 = (...parts: string[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest('hex');
};

/** Drops what stands under the model's name when it is of the other kind (a view that becomes a table). */
async function clearOtherKind(wh: Warehouse, model: Model, want: 'table' | 'view'): Promise<void> {
  const kind = await relationKind(wh, model.name);
  if (kind && kind !== want) await wh.run(`drop ${kind} ${sqlIdent(model.name)}`);
}

const rowCount = async (wh: Warehouse, model: Model): Promise<number> =>
  Number(await wh.value(`select count(*) from ${sqlIdent(model.name)}`));

/**
 * Fingerprints computed during one build, by query: several incremental models read the same upstream (the
 * register behind four of them) or the same driver, and a model's upstream is built before it, so within a
 * build a fingerprint, once taken, stays true. One map per build (build.service.ts).
 */
export type FingerprintMemo = Map<string, Promise<unknown>>;

function memoised<T>(memo: FingerprintMemo | undefined, key: string, compute: () => Promise<T>): Promise<T> {
  if (!memo) return compute();
  let found = memo.get(key) as Promise<T> | undefined;
  if (!found) {
    found = compute();
    memo.set(key, found);
  }
  return found;
}

export async function materialise(
  wh: Warehouse,
  model: Model,
  options: MaterialiseOptions,
): Promise<MaterialiseResult> {
  const settings = Object.entries(model.config.settings ?? {});
  for (const [name, value] of settings) await wh.run(`set ${sqlIdent(name)} = ${literal(value)}`);
  try {
    return await materialiseAs(wh, model, options);
  } finally {
    for (const [name] of settings) await wh.run(`reset ${sqlIdent(name)}`);
  }
}

async function materialiseAs(wh: Warehouse, model: Model, options: MaterialiseOptions): Promise<MaterialiseResult> {
  if (model.materialized === 'view') {
    await clearOtherKind(wh, model, 'view');
    await wh.run(`create or replace view ${sqlIdent(model.name)} as\n${model.sql}`);
    return { mode: 'view' };
  }
  if (model.materialized === 'table') return materialiseTable(wh, model, options);
  return materialiseIncremental(wh, model, options.fullRefresh, options.memo);
}

/**
 * A table is built again unless it stands, its SQL is that of its last build and every relation it reads has
 * the version it had then (meta.model_state: sql_hash and, as upstream_fingerprint, those versions): a month
 * of payments then leaves the ledger's tables as they are.
 */
async function materialiseTable(wh: Warehouse, model: Model, options: MaterialiseOptions): Promise<MaterialiseResult> {
  const indexes = model.config.indexes ?? [];
  // the indexes are part of what the table is built as: adding one builds the table again
  const sqlHash = indexes.length ? sha256(model.sql, JSON.stringify(indexes)) : sha256(model.sql);
  const versionOf = options.versionOf;
  const upstream = versionOf
    ? (await Promise.all([...model.refs].sort().map(async (r) => `${r}=${await versionOf(r)}`))).join(';')
    : undefined;
  const version = upstream === undefined ? undefined : sha256(sqlHash, upstream);
  if (upstream !== undefined && !options.fullRefresh && (await relationKind(wh, model.name)) === 'table') {
    const state = await wh.one<{ sql_hash: string; upstream_fingerprint: string }>(
      'select sql_hash, upstream_fingerprint from meta.model_state where model = $1',
      [model.name],
    );
    if (state?.sql_hash === sqlHash && state.upstream_fingerprint === upstream)
      return { mode: 'unchanged', rows: await rowCount(wh, model), version };
  }
  await clearOtherKind(wh, model, 'table');
  await wh.transaction(async (tx) => {
    await tx.run(`create or replace table ${sqlIdent(model.name)} as\n${model.sql}`);
    for (const columns of indexes) {
      const name = `${model.name.split('.').at(-1)}__${columns.join('__')}`;
      await tx.run(`create index ${sqlIdent(name)} on ${sqlIdent(model.name)} (${columns.map(sqlIdent).join(', ')})`);
    }
    await tx.run('delete from meta.model_state where model = $1', [model.name]);
    if (upstream !== undefined) {
      await tx.run('insert into meta.model_state values ($1, $2, $3, current_timestamp)', [
        model.name,
        sqlHash,
        upstream,
      ]);
    }
  });
  return { mode: 'full', rows: await rowCount(wh, model), version };
}

/**
 * The version of a table or incremental model that this build did not build (a partial `--select`), from what
 * its last build stored; a model with no stored state gets a version of its own, so what reads it is rebuilt.
 */
export async function storedVersion(wh: Warehouse, model: Model): Promise<string> {
  const state = await wh.one<{ sql_hash: string; upstream_fingerprint: string }>(
    'select sql_hash, upstream_fingerprint from meta.model_state where model = $1',
    [model.name],
  );
  if (!state) return `unknown:${model.name}:${Date.now()}:${Math.random()}`;
  if (model.materialized === 'table') return sha256(state.sql_hash, state.upstream_fingerprint);
  const parts = await wh.all<{ partition_value: string; fingerprint: string }>(
    'select partition_value, fingerprint from meta.model_partitions where model = $1 order by partition_value',
    [model.name],
  );
  return incrementalVersion(
    state.sql_hash,
    state.upstream_fingerprint,
    parts.map((p) => ({ key: p.partition_value, fingerprint: p.fingerprint })),
  );
}

function incrementalVersion(
  sqlHash: string,
  upstream: string,
  prints: readonly { key: string; fingerprint: string }[],
): string {
  const parts = [...prints].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return sha256(sqlHash, upstream, ...parts.map((p) => `${p.key}=${p.fingerprint}`));
}

/** A relation's fingerprint: row count and the sum of its rows' hashes (a sum, not a xor: equal rows do not cancel). */
function fingerprintSql(relation: string, columns: readonly string[] | undefined): string {
  const what = columns?.length ? columns.map(sqlIdent).join(', ') : 'r';
  return `count(*)::varchar || ':' || coalesce(sum(hash(${what})::hugeint), 0)::varchar`;
}

/**
 * The fingerprint of a relation's rows, once per build (memo): of the whole rows, or of `columns` where a model
 * declares that they change whenever a row does (an incremental model's fingerprint_columns for its driver).
 */
export function relationFingerprint(
  wh: Warehouse,
  relation: string,
  memo: FingerprintMemo | undefined,
  columns?: readonly string[],
): Promise<string> {
  const sql = `select ${fingerprintSql(relation, columns)} from ${sqlIdent(relation)} as r`;
  return memoised(memo, sql, () => wh.value<string>(sql));
}

async function upstreamFingerprint(
  wh: Warehouse,
  relations: readonly string[],
  memo: FingerprintMemo | undefined,
): Promise<string> {
  const parts: string[] = [];
  for (const rel of [...relations].sort()) parts.push(`${rel}=${await relationFingerprint(wh, rel, memo)}`);
  return parts.join(';');
}

interface PartitionPrint {
  value: SqlValue;
  key: string;
  fingerprint: string;
}

/** Each partition's fingerprint: its drivers' fingerprints side by side, so a change in any driver shows. */
async function driverPartitions(
  wh: Warehouse,
  model: Model,
  memo: FingerprintMemo | undefined,
): Promise<PartitionPrint[]> {
  const inc = model.config.incremental!;
  const drivers = driversOf(inc);
  const parts = new Map<string, { value: SqlValue; prints: string[] }>();
  for (const [i, d] of drivers.entries()) {
    const sql = `select r.${sqlIdent(inc.partition_by)} as part, ${fingerprintSql(d.relation, d.columns)} as fp
       from ${sqlIdent(d.relation)} as r group by all`;
    const rows = await memoised(memo, sql, () => wh.all<{ part: SqlValue; fp: string }>(sql));
    for (const r of rows) {
      const key = r.part === null ? '∅' : String(r.part);
      const entry = parts.get(key) ?? { value: r.part, prints: drivers.map(() => '-') };
      entry.prints[i] = r.fp;
      parts.set(key, entry);
    }
  }
  return [...parts.entries()].map(([key, e]) => ({ value: e.value, key, fingerprint: e.prints.join('|') }));
}

function literal(value: SqlValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return sqlString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/** `col in (…)`, with `or col is null` for the null partition. */
export function partitionCondition(column: string, values: readonly SqlValue[]): string {
  const nonNull = values.filter((v) => v !== null);
  const parts: string[] = [];
  if (nonNull.length) parts.push(`${column} in (${nonNull.map(literal).join(', ')})`);
  if (nonNull.length < values.length) parts.push(`${column} is null`);
  return parts.length ? `(${parts.join(' or ')})` : 'false';
}

async function savePartitions(
  wh: Warehouse,
  model: Model,
  prints: readonly PartitionPrint[],
  replaceAll: boolean,
): Promise<void> {
  if (replaceAll) await wh.run('delete from meta.model_partitions where model = $1', [model.name]);
  else {
    for (const p of prints) {
      await wh.run('delete from meta.model_partitions where model = $1 and partition_value = $2', [model.name, p.key]);
    }
  }
  await wh.append(
    'model_partitions',
    prints.map((p) => [model.name, p.key, p.fingerprint]),
    'meta',
  );
}

async function materialiseIncremental(
  wh: Warehouse,
  model: Model,
  fullRefresh: boolean,
  memo: FingerprintMemo | undefined,
): Promise<MaterialiseResult> {
  const inc = model.config.incremental!;
  const sqlHash = createHash('sha256').update(model.sql).update(JSON.stringify(inc)).digest('hex');
  const driverNames = new Set(driversOf(inc).map((d) => d.relation));
  const others = model.refs.filter((r) => !driverNames.has(r));
  const upstream = await upstreamFingerprint(wh, others, memo);
  const state = await wh.one<{ sql_hash: string; upstream_fingerprint: string }>(
    'select sql_hash, upstream_fingerprint from meta.model_state where model = $1',
    [model.name],
  );
  const kind = await relationKind(wh, model.name);
  const prints = await driverPartitions(wh, model, memo);
  const target = sqlIdent(model.name);
  const column = sqlIdent(inc.partition_by);

  const whole =
    fullRefresh || kind !== 'table' || !state || state.sql_hash !== sqlHash || state.upstream_fingerprint !== upstream;
  if (whole) {
    await wh.transaction(async (tx) => {
      if (kind === 'view') await tx.run(`drop view ${target}`);
      await tx.run(`create or replace table ${target} as\n${model.sql}`);
      await savePartitions(tx, model, prints, true);
      await tx.run('delete from meta.model_state where model = $1', [model.name]);
      await tx.run('insert into meta.model_state values ($1, $2, $3, current_timestamp)', [
        model.name,
        sqlHash,
        upstream,
      ]);
    });
    return {
      mode: 'full',
      partitions: prints.map((p) => p.key),
      rows: await rowCount(wh, model),
      version: incrementalVersion(sqlHash, upstream, prints),
    };
  }

  const stored = new Map(
    (
      await wh.all<{ partition_value: string; fingerprint: string }>(
        'select partition_value, fingerprint from meta.model_partitions where model = $1',
        [model.name],
      )
    ).map((r) => [r.partition_value, r.fingerprint]),
  );
  const changed = prints.filter((p) => stored.get(p.key) !== p.fingerprint);
  const current = new Set(prints.map((p) => p.key));
  const vanished = [...stored.keys()].filter((k) => !current.has(k));
  const version = incrementalVersion(sqlHash, upstream, prints);
  if (!changed.length && !vanished.length)
    return { mode: 'incremental', partitions: [], rows: await rowCount(wh, model), version };

  await wh.transaction(async (tx) => {
    if (vanished.length) {
      // a vanished partition's key is all that is left of it: compare as text
      await tx.run(
        `delete from ${target} where coalesce(${column}::varchar, '∅') in (${vanished.map(sqlString).join(', ')})`,
      );
      for (const k of vanished) {
        await tx.run('delete from meta.model_partitions where model = $1 and partition_value = $2', [model.name, k]);
      }
    }
    if (changed.length) {
      const values = changed.map((p) => p.value);
      await tx.run(`delete from ${target} where ${partitionCondition(column, values)}`);
      await tx.run(
        `insert into ${target} select * from (\n${model.sql}\n) as m where ${partitionCondition(`m.${column}`, values)}`,
      );
      await savePartitions(tx, model, changed, false);
    }
    await tx.run('update meta.model_state set built_at = current_timestamp where model = $1', [model.name]);
  });
  return {
    mode: 'incremental',
    partitions: [...changed.map((p) => p.key), ...vanished].sort(),
    changedRows: partitionCondition(
      column,
      changed.map((p) => p.value),
    ),
    partitionColumn: inc.partition_by,
    rows: await rowCount(wh, model),
    version,
  };
}
