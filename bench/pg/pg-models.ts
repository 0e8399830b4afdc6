/**
 * The PostgreSQL versions of the models: `bench/pg/models/<layer>/<name>.sql`, one per model of models/, the
 * same query in PostgreSQL's dialect. Each starts with a line naming the fingerprint of the DuckDB SQL it was
 * translated from (`-- translated from models/<file> sha256:<12 hex>`), so a model tuned since is reported
 * (the results are compared anyway). A model without a PostgreSQL version, or a version without its model, is
 * an error: the bench never skips a model silently.
 * A version may name planner settings it needs, one per line: `-- pg-setting: join_collapse_limit = 1` (run
 * with `set` in the session that builds that model only, and listed in the benchmark's output).
 * Also the PostgreSQL versions of the source views the models read (`bench/pg/sources/<schema>.<name>.sql`).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Model } from '../../models/index.ts';

const HERE = fileURLToPath(new URL('./', import.meta.url));
export const PG_MODELS_DIR = join(HERE, 'models');
export const PG_SOURCES_DIR = join(HERE, 'sources');

export interface PgModel {
  model: Model;
  /** the PostgreSQL select, without trailing semicolons */
  sql: string;
  /** the DuckDB model changed since this version was translated (its fingerprint differs) */
  stale: boolean;
  /** `name = value` planner settings for this model's session */
  settings: string[];
}

/** A short fingerprint of a model's DuckDB SQL, as written in the first line of its PostgreSQL version. */
export function sqlFingerprint(sql: string): string {
  return createHash('sha256').update(sql.trim()).digest('hex').slice(0, 12);
}

const HEADER = /^-- translated from (\S+) sha256:([0-9a-f]{12})\s*$/m;

const body = (text: string): string => text.trim().replace(/;+\s*$/, '');

const SETTING = /^-- pg-setting: ([a-z_]+ = [A-Za-z0-9_.']+)\s*$/gm;

export function loadPgModels(models: readonly Model[]): PgModel[] {
  const problems: string[] = [];
  const found: PgModel[] = [];
  for (const model of models) {
    const file = join(PG_MODELS_DIR, model.schema, `${model.table}.sql`);
    if (!existsSync(file)) {
      problems.push(
        `${model.name} (models/${model.file}) has no PostgreSQL version: write ${relative(process.cwd(), file)}`,
      );
      continue;
    }
    const text = readFileSync(file, 'utf8');
    const header = HEADER.exec(text.split('\n')[0] ?? '');
    if (!header) {
      problems.push(
        `${relative(process.cwd(), file)}: first line must be "-- translated from models/${model.file} sha256:…"`,
      );
      continue;
    }
    const settings = [...text.matchAll(SETTING)].map((m) => m[1]!);
    found.push({ model, sql: body(text), stale: header[2] !== sqlFingerprint(model.sql), settings });
  }
  const names = new Set(models.map((m) => m.name));
  for (const schema of existsSync(PG_MODELS_DIR) ? readdirSync(PG_MODELS_DIR) : []) {
    for (const f of readdirSync(join(PG_MODELS_DIR, schema)).filter((x) => x.endsWith('.sql'))) {
      const name = `${schema}.${f.slice(0, -4)}`;
      if (!names.has(name))
        problems.push(`bench/pg/models/${schema}/${f}: no model ${name} in models/ (renamed or removed?)`);
    }
  }
  if (problems.length) throw new Error(`PostgreSQL versions of the models:\n  ${problems.join('\n  ')}`);
  return found;
}

/** The PostgreSQL version of a source view (raw.region_current, ledger.document_balances, …). */
export function loadPgSourceView(name: string): string {
  const file = join(PG_SOURCES_DIR, `${name}.sql`);
  if (!existsSync(file)) {
    throw new Error(`source view ${name} has no PostgreSQL version: write ${relative(process.cwd(), file)}`);
  }
  return body(readFileSync(file, 'utf8'));
}
