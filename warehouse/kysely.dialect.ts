/**
 * A small Kysely dialect over our DuckDB boundary.
 *
 * Why not `kysely-duckdb` (evaluated at 0.4.0 on @duckdb/node-api 1.5): its driver opens and closes a new
 * DuckDB connection for every query (no shared temp tables, no cheap round trips); it decides whether a
 * result is a row set by looking for a single column named `count`, so `select count(*) as count` comes back
 * with no rows; DATE values become local-time `Date`s; DECIMALs leak out as wrapper objects. Here every query
 * goes through `Warehouse`, which converts values once for the whole product (BIGINT → number, DATE →
 * `YYYY-MM-DD`), and DuckDB itself says whether a statement returned rows.
 *
 * DuckDB's SQL is close to PostgreSQL's ($1 parameters, RETURNING, double-quoted identifiers), so the
 * Postgres compiler and adapter serve.
 */
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';
import type { SqlValue, Warehouse } from './warehouse.connection.ts';
import type { Database } from './schema.types.ts';

class WarehouseConnection implements DatabaseConnection {
  constructor(private readonly wh: Warehouse) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const { rows, rowsChanged, returnsRows } = await this.wh.execute(
      compiled.sql,
      compiled.parameters as readonly SqlValue[],
    );
    if (returnsRows) return { rows: rows as R[] };
    return { rows: [], numAffectedRows: BigInt(rowsChanged) };
  }

  async *streamQuery<R>(compiled: CompiledQuery, chunkSize = 2048): AsyncIterableIterator<QueryResult<R>> {
    for await (const batch of this.wh.stream(compiled.sql, compiled.parameters as readonly SqlValue[])) {
      for (let i = 0; i < batch.length; i += chunkSize) {
        yield { rows: batch.slice(i, i + chunkSize) as R[] };
      }
    }
  }
}

/** One connection: DuckDB serialises statements on a connection, and Kysely's transactions need the same one. */
class WarehouseDriver implements Driver {
  private readonly connection: WarehouseConnection;
  private busy: Promise<void> = Promise.resolve();

  constructor(wh: Warehouse) {
    this.connection = new WarehouseConnection(wh);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    // Queue callers so a transaction on the connection is not interleaved with other queries.
    const previous = this.busy;
    let release!: () => void;
    this.busy = new Promise((resolve) => (release = resolve));
    await previous;
    this.releases.push(release);
    return this.connection;
  }

  private readonly releases: (() => void)[] = [];

  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('begin transaction'));
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    this.releases.shift()?.();
  }

  async destroy(): Promise<void> {}
}

export class WarehouseDialect implements Dialect {
  constructor(private readonly wh: Warehouse) {}
  createDriver(): Driver {
    return new WarehouseDriver(this.wh);
  }
  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

/** The typed query builder over a warehouse session. */
export function kyselyFor(wh: Warehouse): Kysely<Database> {
  return new Kysely<Database>({ dialect: new WarehouseDialect(wh) });
}
