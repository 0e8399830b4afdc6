/**
 * Reads a template (YAML/JSON text or a parsed object) and checks it twice: its shape with zod, then every
 * name in it against the catalogue — measures, dimensions, filters, formulas, prefills. Every problem is
 * reported with its path (`columns.3.measure`), all of them at once, as a TemplateError.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { UserError } from '../warehouse/index.ts';
import {
  Template,
  isFillColumn,
  isFormulaColumn,
  isMeasureColumn,
  type Filters,
  type Template as TemplateT,
} from './template.schema.ts';
import {
  ALL_MEASURES,
  DIMENSIONS,
  DIMENSION_KEYS,
  factHasDimension,
  resolveMeasure,
  type ResolvedMeasure,
} from './catalogue/facts.catalogue.ts';
import { SUBJECT_KEYS } from './catalogue/subjects.catalogue.ts';
import { FormulaError, formulaColumns, parseFormula, type Formula } from './formula.parser.ts';

export interface TemplateIssue {
  path: string;
  message: string;
}

export class TemplateError extends UserError {
  constructor(readonly issues: TemplateIssue[]) {
    super(
      'TEMPLATE_INVALID',
      `报表模板有误: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
      2,
      issues,
    );
    this.name = 'TemplateError';
  }
}

/** A template that passed both checks, with its measures and formulas resolved. */
export interface CheckedTemplate {
  template: TemplateT;
  /** column key → measure (measure columns, and fill columns' prefill) */
  measures: Map<string, ResolvedMeasure>;
  formulas: Map<string, Formula>;
}

const list = (values: readonly string[], max = 12): string =>
  values.length > max ? `${values.slice(0, max).join(', ')} …` : values.join(', ');

/** Parses YAML (or JSON, which is YAML) text; syntax errors become an issue with the line. */
export function parseTemplateText(text: string): CheckedTemplate {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const line = e.linePos?.[0]?.line;
      throw new TemplateError([{ path: '', message: `YAML 语法错误${line ? ` (第 ${line} 行)` : ''}: ${e.message}` }]);
    }
    throw e;
  }
  return checkTemplate(value);
}

const BRANCHES = ['measure', 'formula', 'fill'] as const;

/** zod's issues with their paths; a column that matches no kind reports the issues of the kind it names. */
function shapeIssues(issues: readonly z.core.$ZodIssue[], value: unknown, prefix: PropertyKey[] = []): TemplateIssue[] {
  return issues.flatMap((i) => {
    const path = [...prefix, ...i.path];
    if (i.code === 'invalid_union' && path[0] === 'columns') {
      const column = path.reduce<unknown>(
        (v, key) => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[key] : undefined),
        value,
      );
      const branch = typeof column === 'object' && column !== null ? BRANCHES.findIndex((b) => b in column) : -1;
      const errors = i.errors[branch];
      if (branch < 0 || !errors) {
        return [
          { path: path.map(String).join('.'), message: '列须含 measure (度量)、formula (公式) 或 fill (填报) 之一' },
        ];
      }
      return shapeIssues(errors, value, path);
    }
    return [{ path: path.map(String).join('.'), message: i.message }];
  });
}

export function checkTemplate(value: unknown): CheckedTemplate {
  const parsed = Template.safeParse(value);
  if (!parsed.success) throw new TemplateError(shapeIssues(parsed.error.issues, value));
  const template = parsed.data;
  const issues: TemplateIssue[] = [];
  const dimension = template.rows.dimension;
  const knownDimension = (DIMENSION_KEYS as string[]).includes(dimension);
  if (!knownDimension) {
    issues.push({
      path: 'rows.dimension',
      message: `未知的维度 '${dimension}' (可用: ${DIMENSION_KEYS.join(', ')})`,
    });
  }
  if (template.rows.levels && dimension !== 'region') {
    issues.push({ path: 'rows.levels', message: '只有按地区 (region) 分行时才能指定层级' });
  }
  if (dimension === 'region' && template.rows.members) {
    issues.push({ path: 'rows.members', message: '按地区分行时用 levels 指定层级, 不能列出成员' });
  }
  if (dimension === 'subject') {
    template.rows.members?.forEach((m, i) => {
      if (!SUBJECT_KEYS.includes(m))
        issues.push({ path: `rows.members.${i}`, message: `未知的科目 '${m}' (可用: ${list(SUBJECT_KEYS)})` });
    });
  }

  const measures = new Map<string, ResolvedMeasure>();
  const formulas = new Map<string, Formula>();
  const seen = new Set<string>();
  const checkMeasure = (ref: string, path: string): ResolvedMeasure | undefined => {
    const m = resolveMeasure(ref);
    if (!m) {
      issues.push({ path, message: `未知的度量 '${ref}' (可用: ${list(ALL_MEASURES, 60)})` });
      return undefined;
    }
    if (knownDimension && !factHasDimension(m.factDef, dimension)) {
      issues.push({
        path,
        message: `度量 '${ref}' (${m.factDef.label}) 不能按维度 ${dimension} (${DIMENSIONS[dimension as keyof typeof DIMENSIONS]}) 分行`,
      });
    }
    return m;
  };
  const checkFilters = (filters: Filters | undefined, path: string, on: ResolvedMeasure[]): void => {
    for (const key of Object.keys(filters ?? {})) {
      if (key === 'region') {
        issues.push({ path: `${path}.${key}`, message: '地区范围由报表的地区决定, 不能作为筛选条件' });
        continue;
      }
      if (!(DIMENSION_KEYS as string[]).includes(key)) {
        issues.push({
          path: `${path}.${key}`,
          message: `未知的筛选维度 '${key}' (可用: ${DIMENSION_KEYS.join(', ')})`,
        });
        continue;
      }
      for (const m of on) {
        if (!factHasDimension(m.factDef, key)) {
          issues.push({ path: `${path}.${key}`, message: `度量 '${m.ref}' (${m.factDef.label}) 不能按 ${key} 筛选` });
        }
      }
    }
  };

  template.columns.forEach((column, i) => {
    const path = `columns.${i}`;
    if (seen.has(column.key)) issues.push({ path: `${path}.key`, message: `列键 '${column.key}' 重复` });
    if (isMeasureColumn(column)) {
      const m = checkMeasure(column.measure, `${path}.measure`);
      if (m) {
        measures.set(column.key, m);
        checkFilters(column.filters, `${path}.filters`, [m]);
      }
    } else if (isFormulaColumn(column)) {
      try {
        const f = parseFormula(column.formula);
        for (const key of formulaColumns(f)) {
          if (!seen.has(key)) {
            issues.push({
              path: `${path}.formula`,
              message:
                key === column.key
                  ? '公式不能引用本列'
                  : `公式引用了未知的列 '${key}' (只能引用前面的列: ${list([...seen])})`,
            });
          }
        }
        formulas.set(column.key, f);
      } catch (e) {
        if (!(e instanceof FormulaError)) throw e;
        issues.push({ path: `${path}.formula`, message: `公式有误: ${e.message}` });
      }
    } else if (isFillColumn(column) && column.fill.prefill) {
      const m = checkMeasure(column.fill.prefill, `${path}.fill.prefill`);
      if (m) measures.set(column.key, m);
    }
    seen.add(column.key);
  });
  checkFilters(template.filters, 'filters', [...measures.values()]);
  if (issues.length > 0) throw new TemplateError(issues);
  return { template, measures, formulas };
}
