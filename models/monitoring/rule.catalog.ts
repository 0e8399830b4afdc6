/**
 * Finds the rules: every `models/rules/<CODE>.sql`, parsed and checked (rule-file.schema.ts). The file's name
 * must be its code; a rule folder with a problem is refused whole, with every problem named.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../warehouse/index.ts';
import { parseRuleFile, type RuleDefinition } from './rule-file.schema.ts';

export const RULES_DIR = fileURLToPath(new URL('../rules/', import.meta.url));

/** The catalogue of monitoring.md, in its order. */
export const CATALOGUE_CODES = [
  'DQ01',
  'DQ02',
  'DQ03',
  'DQ04',
  'DQ05',
  'DQ06',
  'DQ11',
  'DQ12',
  'DQ13',
  'DQ14',
  'M01',
  'M02',
  'M03',
  'M04',
  'M05',
  'M06',
  'M07',
  'L01',
  'P01',
  'P02',
  'P03',
  'P04',
  'P05',
  'P06',
  'P07',
  'P08',
  'P09',
  'P10',
  'P11',
  'A01',
] as const;

const order = (code: string): number => {
  const i = (CATALOGUE_CODES as readonly string[]).indexOf(code);
  return i === -1 ? CATALOGUE_CODES.length : i;
};

/** Reads every rule of `dir` (default models/rules/), in catalogue order. */
export function loadRules(dir: string = RULES_DIR): RuleDefinition[] {
  if (!existsSync(dir)) throw new UserError('RULES_DIR_MISSING', `规则目录不存在: ${dir}`);
  const problems: string[] = [];
  const rules: RuleDefinition[] = [];
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.sql'))
    .sort()) {
    const result = parseRuleFile(readFileSync(join(dir, f), 'utf8'), `rules/${f}`);
    if ('problems' in result) {
      problems.push(...result.problems);
      continue;
    }
    if (result.rule.code !== basename(f, '.sql')) {
      problems.push(`rules/${f}: 文件名应与规则代码 ${result.rule.code} 相同`);
      continue;
    }
    rules.push(result.rule);
  }
  if (problems.length) throw new UserError('RULE_FILE_INVALID', `监控规则文件有误:\n  ${problems.join('\n  ')}`);
  return rules.sort((a, b) => order(a.code) - order(b.code) || a.code.localeCompare(b.code));
}

/** The rules of `codes` (all when empty); an unknown code is wrong usage. */
export function selectRules(rules: readonly RuleDefinition[], codes: readonly string[] = []): RuleDefinition[] {
  if (codes.length === 0) return [...rules];
  const known = new Map(rules.map((r) => [r.code, r]));
  const unknown = codes.filter((c) => !known.has(c.toUpperCase()));
  if (unknown.length) {
    throw new UserError(
      'RULE_UNKNOWN',
      `没有这些监控规则: ${unknown.join(', ')} (可用: ${[...known.keys()].join(', ')})`,
      2,
    );
  }
  return codes.map((c) => known.get(c.toUpperCase())!);
}
