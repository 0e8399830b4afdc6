/**
 * Thresholds of the rules: each rule's header gives its defaults; `models/rules/thresholds.yml` overrides them
 * for every region (`defaults:`) or for a region and everything below it (`regions: { '<code>': … }`), and
 * meta.rule_thresholds holds overrides set in the warehouse. For a region the most specific ancestor with a value
 * wins (at the same region: the warehouse over the yml over the header). The engine resolves them before every
 * run into meta.rule_threshold_values (one row per rule, threshold and region; '*' = the default), which the
 * rules' SQL joins on the finding's region: the numbers live in configuration, never in a rule's SQL.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UserError, type SqlValue, type Warehouse } from '../../warehouse/index.ts';
import type { RuleDefinition } from './rule-file.schema.ts';

const value = z.union([z.string(), z.number(), z.boolean()]);
const perRule = z.record(z.string(), z.record(z.string(), value));

export const ThresholdsFileSchema = z.strictObject({
  defaults: perRule.default({}),
  regions: z.record(z.string().regex(/^\d{6}(\d{3}){0,2}$/, '区划代码应为 6、9 或 12 位数字'), perRule).default({}),
});

export interface ThresholdOverride {
  rule: string;
  name: string;
  /** '*' for every region */
  region: string;
  value: string;
}

/** Reads `<rulesDir>/thresholds.yml` (absent = no overrides) and checks every rule and threshold it names. */
export function readThresholdOverrides(rulesDir: string, rules: readonly RuleDefinition[]): ThresholdOverride[] {
  const file = join(rulesDir, 'thresholds.yml');
  if (!existsSync(file)) return [];
  const parsed = ThresholdsFileSchema.safeParse(parseYaml(readFileSync(file, 'utf8')) ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `thresholds.yml: ${i.path.map(String).join('.')}: ${i.message}`);
    throw new UserError('RULE_THRESHOLDS_INVALID', `监控阈值配置有误:\n  ${problems.join('\n  ')}`);
  }
  const out: ThresholdOverride[] = [];
  const add = (region: string, byRule: Record<string, Record<string, string | number | boolean>>): void => {
    for (const [rule, values] of Object.entries(byRule)) {
      for (const [name, v] of Object.entries(values)) out.push({ rule, name, region, value: String(v) });
    }
  };
  add('*', parsed.data.defaults);
  for (const [region, byRule] of Object.entries(parsed.data.regions)) add(region, byRule);
  const problems = checkOverrides(out, rules);
  if (problems.length) throw new UserError('RULE_THRESHOLDS_INVALID', `监控阈值配置有误:\n  ${problems.join('\n  ')}`);
  return out;
}

export function checkOverrides(overrides: readonly ThresholdOverride[], rules: readonly RuleDefinition[]): string[] {
  const byCode = new Map(rules.map((r) => [r.code, r]));
  const problems: string[] = [];
  for (const o of overrides) {
    const rule = byCode.get(o.rule);
    if (!rule) problems.push(`${o.region === '*' ? 'defaults' : `regions.${o.region}`}.${o.rule}: 没有这条规则`);
    else if (!rule.thresholds.some((t) => t.name === o.name)) {
      problems.push(
        `${o.region === '*' ? 'defaults' : `regions.${o.region}`}.${o.rule}.${o.name}: 规则 ${o.rule} 没有这个阈值 (有: ${rule.thresholds.map((t) => t.name).join(', ') || '无'})`,
      );
    }
  }
  return problems;
}

/**
 * Writes meta.rule_threshold_values for `rules`: the default row ('*') and one row per region of
 * raw.region_current, each the value of the nearest ancestor (itself included) that sets one. Priority at one
 * region: meta.rule_thresholds (2) > thresholds.yml (1) > the rule's header (0, only at '*').
 */
export async function writeThresholdValues(
  wh: Warehouse,
  rules: readonly RuleDefinition[],
  overrides: readonly ThresholdOverride[],
): Promise<void> {
  const defs: SqlValue[][] = rules.flatMap((r) => r.thresholds.map((t) => [r.code, t.name, t.default]));
  await wh.run('create or replace temp table check_threshold_defs (rule_code varchar, name varchar, value varchar)');
  await wh.run(
    'create or replace temp table check_threshold_overrides (rule_code varchar, name varchar, region_code varchar, value varchar, priority integer)',
  );
  if (defs.length) await wh.append('check_threshold_defs', defs);
  if (overrides.length) {
    await wh.append(
      'check_threshold_overrides',
      overrides.map((o) => [o.rule, o.name, o.region, o.value, 1]),
    );
  }
  await wh.run(
    `insert into check_threshold_overrides
     select rule_code, name, region_code, value, 2 from meta.rule_thresholds
     where rule_code in (select rule_code from check_threshold_defs)`,
  );
  const regional = await wh.value<number>(`select count(*) from check_threshold_overrides where region_code <> '*'`);
  await wh.transaction(async (tx) => {
    await tx.run(
      `delete from meta.rule_threshold_values where rule_code in (select rule_code from check_threshold_defs)`,
    );
    // The default row: the header's value unless an override for every region ('*') replaces it.
    await tx.run(
      `insert into meta.rule_threshold_values
       select d.rule_code, d.name, '*',
         coalesce((select arg_max(o.value, o.priority) from check_threshold_overrides as o
                   where o.rule_code = d.rule_code and o.name = d.name and o.region_code = '*'), d.value)
       from check_threshold_defs as d`,
    );
    if (regional === 0) {
      // No regional override: every region takes the default (no walk up the tree needed).
      await tx.run(
        `insert into meta.rule_threshold_values
         select v.rule_code, v.name, r.code, v.value
         from meta.rule_threshold_values as v cross join raw.region_current as r
         where v.region_code = '*' and v.rule_code in (select rule_code from check_threshold_defs)`,
      );
      return;
    }
    await tx.run(
      `insert into meta.rule_threshold_values
       with regional as (
         select c.code, o.rule_code, o.name,
           arg_min(o.value, c.depth * 10 - o.priority) as value
         from check_threshold_overrides as o
         join raw.region_closure as c on c.ancestor_code = o.region_code
         where o.region_code <> '*'
         group by c.code, o.rule_code, o.name
       )
       select v.rule_code, v.name, r.code, coalesce(g.value, v.value)
       from meta.rule_threshold_values as v
       cross join raw.region_current as r
       left join regional as g on g.code = r.code and g.rule_code = v.rule_code and g.name = v.name
       where v.region_code = '*' and v.rule_code in (select rule_code from check_threshold_defs)`,
    );
  });
  await wh.run('drop table if exists check_threshold_defs; drop table if exists check_threshold_overrides');
}
