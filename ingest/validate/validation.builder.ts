/**
 * Step 3, set-based: one SQL query, generated from the entity spec and the header mapping, that scans the
 * source relation once and gives (as a view, or as a table it creates), per row, the typed values (columns
 * named by key), `extra` (unknown columns as JSON), `bad` (the row has a problem) and, for bad rows only,
 * `errs` (every problem of the row: struct {col (header as written), code, value (the cell), detail}) and
 * `raw_row` (the row as read). Good rows pay for the checks, never for building problem lists.
 */
import { sqlIdent, sqlString } from '../../warehouse/index.ts';
import type { EntitySpec } from '../entity-spec.types.ts';
import type { HeaderMapping } from '../map/header.mapper.ts';
import { columnRules } from './column.rules.ts';
import { rawRowJson } from './raw-row.sql.ts';

/** Whitespace trimmed from cells: ASCII blanks and the ideographic space U+3000. */
const BLANKS = [' ', '\t', '\r', '\n', '\u3000'];

export const cellRef = (key: string): string => sqlIdent(`v_${key}`);
export const typedRef = (key: string): string => sqlIdent(key);
const preparedRef = (key: string): string => sqlIdent(`p_${key}`);

const srcCol = (index: number): string => sqlIdent(`c${index}`);

/**
 * The cell trimmed, empty → NULL. `trim(x, chars)` is slow, so it only runs on cells that may start or end with
 * a blank. The start is tested with two byte-wise comparisons (below '!': the ASCII blanks and other control
 * characters; U+3000 up to U+3001); the end with LIKE on a fixed suffix. Both are cheap; a cell that passes
 * the test without a blank at its edge comes out of `trim` unchanged.
 */
function trimmedCell(index: number): string {
  const c = srcCol(index);
  const edge = [`${c} < '!'`, `(${c} >= '\u3000' and ${c} < '\u3001')`, ...BLANKS.map((b) => `${c} like '%${b}'`)].join(
    ' or ',
  );
  return `nullif(case when ${edge} then trim(${c}, ${sqlString(BLANKS.join(''))}) else ${c} end, '')`;
}

/** The cells of unknown columns (and keepInExtra columns) as one JSON object, empty cells left out. */
function extraExpr(mapping: HeaderMapping): string {
  const pairs = [
    ...mapping.columns
      .filter((c) => c.spec.keepInExtra && c.index !== null)
      .map((c) => ({ name: c.header, index: c.index! })),
    ...mapping.extras,
  ];
  if (pairs.length === 0) return 'cast(null as json)';
  const entries = pairs.map((p) => `{'k': ${sqlString(p.name)}, 'v': nullif(${srcCol(p.index)}, '')}`).join(', ');
  return `cast(nullif(to_json(map_from_entries(list_filter([${entries}], e -> e.v is not null))), '{}') as json)`;
}

const errStruct = (header: string, code: string, value: string, detail: string | undefined): string =>
  `{'col': ${sqlString(header)}, 'code': ${sqlString(code)}, 'value': cast(${value} as varchar), ` +
  `'detail': cast(${detail ?? 'null'} as varchar)}`;

export interface ValidationSource {
  /** FROM expression with c0..cN (and row_no when `hasRowNo`) */
  relation: string;
  hasRowNo: boolean;
  /** headers as written, for raw_row */
  headers: readonly string[];
  /** keep raw_row for every row (indicators hand it to the ledger engine), not only bad ones */
  rawForAll?: boolean;
}

export interface ValidationTarget extends ValidationSource {
  /** table to create */
  table: string;
}

/** The validation statement as a temp table `target.table`. */
export function buildValidationSql(spec: EntitySpec, mapping: HeaderMapping, target: ValidationTarget): string {
  return `create or replace temp table ${sqlIdent(target.table)} as\n${buildValidationSelect(spec, mapping, target)}`;
}

/**
 * The validation as a query, for a view: a caller that inserts the good rows straight into their table reads
 * only the typed columns `where not bad`, and DuckDB then skips building `errs` and `raw_row`.
 */
export function buildValidationSelect(spec: EntitySpec, mapping: HeaderMapping, target: ValidationSource): string {
  const cells = mapping.columns.map(
    (c) => `${c.index === null ? 'cast(null as varchar)' : trimmedCell(c.index)} as ${cellRef(c.spec.key)}`,
  );
  const prepared: string[] = [];
  const typed: string[] = [];
  const checks: { when: string; err: string }[] = [];
  const headerOf = new Map(mapping.columns.map((c) => [c.spec.key, c.header]));
  for (const c of mapping.columns) {
    const v = cellRef(c.spec.key);
    const t = typedRef(c.spec.key);
    const p = preparedRef(c.spec.key);
    const rules = columnRules(c.spec.type, v, t, p);
    if (rules.prepared) prepared.push(`${rules.prepared} as ${p}`);
    typed.push(`${rules.typed} as ${t}`);
    if (c.spec.required) checks.push({ when: `${v} is null`, err: errStruct(c.header, 'E_REQUIRED', v, undefined) });
    for (const check of rules.checks) {
      checks.push({ when: check.when, err: errStruct(c.header, check.code, v, check.detail) });
    }
  }
  for (const rule of spec.rules ?? []) {
    const header = headerOf.get(rule.column);
    if (header === undefined) throw new Error(`规则引用了未定义的列 ${rule.column}`);
    checks.push({ when: rule.when, err: errStruct(header, rule.code, cellRef(rule.column), rule.detail) });
  }
  const keys = mapping.columns.map((c) => typedRef(c.spec.key));
  // Each check is evaluated once per row (a check with a subquery is a join): `bad` and `errs` read its flag.
  const flag = (i: number): string => sqlIdent(`chk_${i}`);
  const flags = checks.map((c, i) => `coalesce(${c.when}, false) as ${flag(i)}`);
  const bad = checks.length ? checks.map((_, i) => flag(i)).join(' or ') : 'false';
  const errs = checks.map((c, i) => `case when ${flag(i)} then ${c.err} end`).join(',\n      ');
  const raw = rawRowJson(target.headers);
  return `with s as (
  select ${target.hasRowNo ? 'row_no, ' : ''}${target.headers.map((_, i) => srcCol(i)).join(', ')},
    ${cells.join(',\n    ')},
    ${extraExpr(mapping)} as extra
  from ${target.relation}
),
p as (
  select s.*${prepared.map((x) => `,\n    ${x}`).join('')}
  from s
),
t as (
  select p.*, ${typed.join(',\n    ')}
  from p
),
c as (
  select t.*${flags.map((x) => `,\n    ${x}`).join('')}
  from t
),
u as (
  select c.*, ${bad} as bad
  from c
)
select ${target.hasRowNo ? 'row_no, ' : ''}${keys.join(', ')}, extra, bad,
  case when bad then list_filter([
      ${errs}
    ], e -> e is not null) end as errs,
  ${target.rawForAll ? raw : `case when bad then ${raw} end`} as raw_row
from u`;
}
