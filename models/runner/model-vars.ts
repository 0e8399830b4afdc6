/**
 * models/vars.yml → meta.model_vars (name, value): the settings and thresholds the models' SQL reads, so no
 * number hides in a model. `as_of` left empty means the demo's as-of date when the warehouse is a demo, else
 * today's UTC date.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UserError, type Warehouse } from '../../warehouse/index.ts';

const VarsSchema = z.record(
  z.string().regex(/^[a-z][a-z0-9_]*$/, '设置名只能含小写字母、数字和下划线'),
  z.union([z.string(), z.number(), z.boolean(), z.null()]),
);

export type ModelVars = Record<string, string | null>;

export function readVars(modelsDir: string): ModelVars {
  const file = join(modelsDir, 'vars.yml');
  if (!existsSync(file)) return {};
  const parsed = VarsSchema.safeParse(parseYaml(readFileSync(file, 'utf8')) ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  vars.yml: ${i.path.join('.') || '(根)'}: ${i.message}`);
    throw new UserError('MODEL_VARS_INVALID', `模型设置有误:\n${problems.join('\n')}`);
  }
  return Object.fromEntries(Object.entries(parsed.data).map(([k, v]) => [k, v === null ? null : String(v)]));
}

/** Writes the vars (with `as_of` resolved) into meta.model_vars and returns what was written. */
export async function writeVars(wh: Warehouse, vars: ModelVars): Promise<ModelVars> {
  const resolved: ModelVars = { ...vars };
  if (!resolved['as_of']) {
    resolved['as_of'] = await wh.value<string>(
      `select coalesce((select max(as_of) from meta.demo_runs), current_date)::varchar`,
    );
  }
  await wh.transaction(async (tx) => {
    await tx.run('delete from meta.model_vars');
    for (const [name, value] of Object.entries(resolved)) {
      await tx.run('insert into meta.model_vars values ($1, $2)', [name, value]);
    }
  });
  return resolved;
}
