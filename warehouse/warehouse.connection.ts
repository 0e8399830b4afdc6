/**
 * The one DuckDB boundary. Nothing else imports `@duckdb/node-api` (enforced by the lint config).
 *
 * - Values come out as plain JS: BIGINT/HUGEINT as `number` when they are safe integers (amounts are
 *   integer 分; 2^53 分 is about 90 万亿元, far above any budget), DECIMAL as `number`, DATE as
 *   `YYYY-MM-DD`, TIMESTAMP as an ISO string in UTC. An integer beyond 2^53 is a broken invariant and throws.
 * - The session runs in UTC.
 * - `stream` yields row batches with an optional row limit and abort signal.
 */
import {
  DuckDBInstance,
  DuckDBTypeId,
  createDuckDBValueConverter,
  JSDuckDBValueConverter,
  ResultReturnType,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBValue,
  type DuckDBValueConverter,
  type DuckDBType,
} from '@duckdb/node-api';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqlValue = string | number | bigint | boolean | null;
export type Row = Record<string, unknown>;

export const DEFAULT_DB_PATH = 'data/fundtrail.duckdb';
/** The catalog name the warehouse file is attached under, whatever the file is called. */
const CATALOG = 'fundtrail';

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new Error(`整数超出安全范围 (${value}): 金额或计数溢出`);
  }
  return Number(value);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

const toIsoTimestamp = (d: Date): string => d.toISOString();

type JsValue = unknown;
const js = JSDuckDBValueConverter as unknown as DuckDBValueConverter<JsValue>;
const fallback = (value: DuckDBValue, type: DuckDBType, c: DuckDBValueConverter<JsValue>): JsValue =>
  js(value, type, c);

const converters: Record<number, DuckDBValueConverter<JsValue> | undefined> = {};
for (const id of Object.values(DuckDBTypeId)) {
  if (typeof id === 'number') converters[id] = fallback;
}
const bigintToNumber: DuckDBValueConverter<JsValue> = (value, type, c) => {
  const v = js(value, type, c);
  return typeof v === 'bigint' ? safeNumber(v) : v;
};
converters[DuckDBTypeId.BIGINT] = bigintToNumber;
converters[DuckDBTypeId.HUGEINT] = bigintToNumber;
converters[DuckDBTypeId.UBIGINT] = bigintToNumber;
converters[DuckDBTypeId.DATE] = (value, type, c) => {
  const d = js(value, type, c);
  if (!(d instanceof Date)) return d;
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};
for (const id of [DuckDBTypeId.TIMESTAMP, DuckDBTypeId.TIMESTAMP_TZ, DuckDBTypeId.TIMESTAMP_MS]) {
  converters[id] = (value, type, c) => {
    const d = js(value, type, c);
    return d instanceof Date ? toIsoTimestamp(d) : d;
  };
}
const toJs = createDuckDBValueConverter(converters as Parameters<typeof createDuckDBValueConverter<JsValue>>[0]);

/** Binds JS values: integers as BIGINT (not INTEGER/HUGEINT), so comparisons with BIGINT columns stay exact. */
function bindValues(params: readonly SqlValue[] | undefined): DuckDBValue[] | undefined {
  if (!params) return undefined;
  return params.map((p) => (typeof p === 'number' && Number.isInteger(p) ? BigInt(p) : p));
}

/**
 * FUNDTRAIL_SQL_TRACE=1: each statement run through `execute` (every Kysely query) or `all` and its time, on stderr;
 * `full` prints the whole statement and its parameters instead of its first 200 characters.
 */
const SQL_TRACE = Boolean(process.env['FUNDTRAIL_SQL_TRACE']);
const SQL_TRACE_WIDTH = process.env['FUNDTRAIL_SQL_TRACE'] === 'full' ? Infinity : 200;
const traceStatement = (sql: string, ms: number, params: readonly SqlValue[] | undefined): void => {
  const text = sql.replace(/\s+/g, ' ').slice(0, SQL_TRACE_WIDTH);
  const values = SQL_TRACE_WIDTH === Infinity && params?.length ? ` -- ${JSON.stringify(params)}` : '';
  process.stderr.write(`SQLTRACE ${ms.toFixed(1)} ms ${text}${values}\n`);
};

export interface StreamOptions {
  /** Stop after this many rows. */
  limit?: number;
  signal?: AbortSignal;
}

export class Warehouse {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly path: string,
  ) {}

  /** Opens (creating if needed) the warehouse file; `:memory:` for an in-memory one. */
  static async open(path: string = DEFAULT_DB_PATH, options: { threads?: number } = {}): Promise<Warehouse> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const config: Record<string, string> = {};
    if (options.threads) config['threads'] = String(options.threads);
    // The file is attached under a fixed catalog name: DuckDB names a database's catalog after its file, so a
    // warehouse called ledger.duckdb or raw.duckdb would otherwise clash with our schemas of those names.
    const instance = await DuckDBInstance.create(':memory:', config);
    const setup = await instance.connect();
    try {
      await setup.run(`attach ${sqlString(path)} as ${CATALOG}`);
    } finally {
      setup.closeSync();
    }
    restrictToOwner(path);
    return Warehouse.connect(instance, path);
  }

  private static async connect(instance: DuckDBInstance, path: string): Promise<Warehouse> {
    const connection = await instance.connect();
    await connection.run(`use ${CATALOG}`);
    // icu is built in but loads with the instance, so the zone is set per session rather than in the config.
    await connection.run("set TimeZone = 'UTC'");
    return new Warehouse(instance, connection, path);
  }

  /** A second session on the same database (its own transactions and temp tables). */
  async session(): Promise<Warehouse> {
    return Warehouse.connect(this.instance, this.path);
  }

  /** Runs one or more statements; returns rows changed by the last one. */
  async run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    const result = await this.connection.run(sql, bindValues(params));
    return result.rowsChanged;
  }

  async all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    const t0 = performance.now();
    const reader = await this.connection.runAndReadAll(sql, bindValues(params));
    if (SQL_TRACE) traceStatement(sql, performance.now() - t0, params);
    return reader.convertRowObjects(toJs) as unknown as T[];
  }

  /** Rows and rows-changed of one statement (for the Kysely dialect, which needs both). */
  async execute<T extends Row = Row>(
    sql: string,
    params?: readonly SqlValue[],
  ): Promise<{ rows: T[]; rowsChanged: number; returnsRows: boolean }> {
    const t0 = performance.now();
    const reader = await this.connection.runAndReadAll(sql, bindValues(params));
    if (SQL_TRACE) traceStatement(sql, performance.now() - t0, params);
    const returnsRows = reader.returnType === ResultReturnType.QUERY_RESULT;
    const rows = returnsRows ? (reader.convertRowObjects(toJs) as unknown as T[]) : [];
    return { rows, rowsChanged: reader.rowsChanged, returnsRows };
  }

  async one<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    const rows = await this.all<T>(sql, params);
    return rows[0];
  }

  /** A single value from the first row's first column. */
  async value<T = unknown>(sql: string, params?: readonly SqlValue[]): Promise<T> {
    const row = await this.one(sql, params);
    if (!row) throw new Error(`查询没有返回行: ${sql.slice(0, 80)}`);
    return Object.values(row)[0] as T;
  }

  /** Streams row batches (one DuckDB chunk each, about 2,048 rows). */
  async *stream<T extends Row = Row>(
    sql: string,
    params?: readonly SqlValue[],
    options: StreamOptions = {},
  ): AsyncGenerator<T[]> {
    const result = await this.connection.stream(sql, bindValues(params));
    const names = result.deduplicatedColumnNames();
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) return;
      let rows = chunk.convertRows(toJs).map((values) => {
        const row: Row = {};
        names.forEach((n, i) => (row[n] = values[i]));
        return row as T;
      });
      if (rows.length > remaining) rows = rows.slice(0, remaining);
      remaining -= rows.length;
      yield rows;
    }
  }

  /** Column names and DuckDB type names of a query, without running it to completion. */
  async describe(sql: string, params?: readonly SqlValue[]): Promise<{ name: string; type: string }[]> {
    const rows = await this.all<{ column_name: string; column_type: string }>(`describe ${sql}`, params);
    return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
  }

  /**
   * Appends rows to a table through DuckDB's appender (fast bulk insert). Values are appended by their JS
   * type; the table's column types decide the cast.
   */
  async append(table: string, rows: Iterable<readonly SqlValue[]>, schema?: string): Promise<void> {
    const appender: DuckDBAppender = await this.connection.createAppender(table, schema ?? null);
    try {
      for (const row of rows) {
        for (const v of row) {
          if (v === null) appender.appendNull();
          else if (typeof v === 'string') appender.appendVarchar(v);
          else if (typeof v === 'boolean') appender.appendBoolean(v);
          else if (typeof v === 'bigint') appender.appendBigInt(v);
          else if (Number.isInteger(v)) appender.appendBigInt(BigInt(v));
          else appender.appendDouble(v);
        }
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  /** Runs `fn` inside one transaction: all or nothing. Nested calls join the outer transaction. */
  async transaction<T>(fn: (wh: Warehouse) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    await this.run('begin transaction');
    this.inTransaction = true;
    try {
      const out = await fn(this);
      await this.run('commit');
      return out;
    } catch (err) {
      await this.run('rollback').catch(() => undefined);
      throw err;
    } finally {
      this.inTransaction = false;
    }
  }

  private inTransaction = false;

  /** Stops the running query (used by the abort signal of long work). */
  interrupt(): void {
    this.connection.interrupt();
  }

  close(): void {
    this.connection.closeSync();
  }

  /** Closes this session and the database instance. */
  closeAll(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/**
 * 数据保密 (SECURITY.md): the warehouse file and its write-ahead log are readable and writable by their owner only.
 * Best effort: a file on a file system without Unix modes, or owned by someone else, is left as it is.
 */
function restrictToOwner(path: string): void {
  if (path === ':memory:') return;
  for (const file of [path, `${path}.wal`]) {
    try {
      if (existsSync(file)) chmodSync(file, 0o600);
    } catch {
      // not ours to change
    }
  }
}

/** SQL string literal (for the few places DuckDB takes no parameter, e.g. a file path in COPY or read_csv). */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A checked identifier: letters, digits, underscore, optionally schema-qualified. */
export function sqlIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(name)) {
    throw new Error(`非法的标识符: ${name}`);
  }
  return name
    .split('.')
    .map((p) => `"${p}"`)
    .join('.');
}
