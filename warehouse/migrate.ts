/**
 * Versioned schema migrations (`fundtrail init`): `migrations/NNN_name.sql`, applied in order, each in its own
 * transaction and recorded in meta.schema_migrations. Running it again applies only what is new (idempotent).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Warehouse } from './warehouse.connection.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 3)),
      name: f.slice(4, -4),
      sql: readFileSync(join(dir, f), 'utf8'),
    }));
}

export interface MigrateResult {
  applied: Migration[];
  current: number;
}

export async function migrate(wh: Warehouse, migrations: Migration[] = listMigrations()): Promise<MigrateResult> {
  await wh.run(`create schema if not exists meta;
    create table if not exists meta.schema_migrations (
      version integer primary key, name varchar not null, applied_at timestamp not null)`);
  const done = new Set(
    (await wh.all<{ version: number }>('select version from meta.schema_migrations')).map((r) => r.version),
  );
  const applied: Migration[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    await wh.transaction(async (tx) => {
      await tx.run(m.sql);
      await tx.run('insert into meta.schema_migrations values ($1, $2, current_timestamp)', [m.version, m.name]);
    });
    applied.push(m);
  }
  const current = Math.max(0, ...migrations.map((m) => m.version));
  return { applied, current };
}
