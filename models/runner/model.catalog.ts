/**
 * Finds the models: every `models/<layer>/<name>.sql` with its `<name>.yml`, parsed and checked. A model
 * without its yml, a yml without its model, or a yml that does not pass its schema is refused with every
 * problem named by file and path.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../../warehouse/index.ts';
import { describeConfigProblems, ModelConfigSchema, type ModelConfig } from './model.config.ts';
import { findRelationRefs, MODEL_SCHEMAS, modelBody, type ModelSchema } from './sql.refs.ts';

export const MODELS_DIR = fileURLToPath(new URL('../', import.meta.url));

export type Materialization = 'view' | 'table' | 'incremental';

export interface Model {
  /** schema.name */
  name: string;
  schema: ModelSchema;
  table: string;
  /** the select, without trailing semicolons */
  sql: string;
  config: ModelConfig;
  materialized: Materialization;
  /** schema-qualified relations the SQL reads: models and sources */
  refs: string[];
  /** path of the .sql relative to the models folder (for messages and docs) */
  file: string;
}

const DEFAULT_MATERIALIZATION: Record<ModelSchema, Materialization> = {
  staging: 'view',
  intermediate: 'table',
  marts: 'table',
};

function parseConfig(ymlPath: string, display: string): ModelConfig {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(ymlPath, 'utf8'));
  } catch (err) {
    throw new UserError('MODEL_YML_SYNTAX', `${display}: YAML 无法解析: ${(err as Error).message}`);
  }
  const parsed = ModelConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = describeConfigProblems(parsed.error).map((p) => `  ${display}: ${p}`);
    throw new UserError('MODEL_YML_INVALID', `模型配置有误:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

/** Reads every model below `dir` (default: this repository's models/). */
export function loadModels(dir: string = MODELS_DIR): Model[] {
  const models: Model[] = [];
  const problems: string[] = [];
  for (const schema of MODEL_SCHEMAS) {
    const folder = join(dir, schema);
    if (!existsSync(folder)) continue;
    const files = readdirSync(folder).sort();
    for (const f of files.filter((x) => x.endsWith('.yml'))) {
      if (!files.includes(`${basename(f, '.yml')}.sql`)) problems.push(`${schema}/${f}: 没有同名的 .sql 模型`);
    }
    for (const f of files.filter((x) => x.endsWith('.sql'))) {
      const table = basename(f, '.sql');
      const display = relative(dir, join(folder, f));
      if (!/^[a-z][a-z0-9_]*$/.test(table)) {
        problems.push(`${display}: 模型文件名只能含小写字母、数字和下划线`);
        continue;
      }
      const ymlPath = join(folder, `${table}.yml`);
      if (!existsSync(ymlPath)) {
        problems.push(`${display}: 缺少同名的 ${table}.yml (description, grain, tests)`);
        continue;
      }
      const sql = modelBody(readFileSync(join(folder, f), 'utf8'));
      let config: ModelConfig;
      try {
        config = parseConfig(ymlPath, relative(dir, ymlPath));
      } catch (err) {
        problems.push((err as Error).message);
        continue;
      }
      const name = `${schema}.${table}`;
      const materialized = config.materialized ?? DEFAULT_MATERIALIZATION[schema];
      if (config.indexes && materialized !== 'table') {
        problems.push(`${display}: indexes 只用于表 (materialized: table), 此模型是 ${materialized}`);
        continue;
      }
      models.push({
        name,
        schema,
        table,
        sql,
        config,
        materialized,
        refs: findRelationRefs(sql).filter((r) => r !== name),
        file: display,
      });
    }
  }
  if (problems.length) throw new UserError('MODEL_CATALOG_INVALID', problems.join('\n'));
  return models;
}
