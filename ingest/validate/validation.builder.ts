/**
 * Step 3, set-based: one SQL statement, generated from the entity spec and the header mapping, that reads
 * every row of the source view once and produces a temp table with, per row, the typed values (columns named
 * by key), `extra` (unknown columns as JSON) and `errs`: every problem of the row, each a struct
 * {col (header as written), code, value (the cell), detail}.
 */
import { sqlIdent, sqlString } from '../../warehouse/index.ts';
import type { EntitySpec } from '../entity-spec.types.ts';
import type { HeaderMapping } from '../map/header.mapper.ts';
import { columnRules } from './column.rules.ts';

/** Whitespace trimmed from cells: ASCII blanks and the ideographic space U+3000. */
const TRIM_CHARS = sqlString(' \t\r\n\u3000');

export const cellRef = (key: string): string => sqlIdent(`v_${key}`);
export const typedRef = (key: string): string => sqlIdent(key);

const srcCol = (index: number): string => sqlIdent(`c${index}`);

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

export function buildValidationSql(spec: EntitySpec, mapping: HeaderMapping, source: string, target: string): string {
  const cells = mapping.columns.map(
    (c) =>
      `${c.index === null ? 'cast(null as varchar)' : `nullif(trim(${srcCol(c.index)}, ${TRIM_CHARS}), '')`} as ${cellRef(c.spec.key)}`,
  );
  const typed: string[] = [];
  const checks: string[] = [];
  const headerOf = new Map(mapping.columns.map((c) => [c.spec.key, c.header]));
  for (const c of mapping.columns) {
    const v = cellRef(c.spec.key);
    const t = typedRef(c.spec.key);
    const rules = columnRules(c.spec.type, v, t);
    typed.push(`${rules.typed} as ${t}`);
    if (c.spec.required) {
      checks.push(`case when ${v} is null then ${errStruct(c.header, 'E_REQUIRED', v, undefined)} end`);
    }
    for (const check of rules.checks) {
      checks.push(`case when ${check.when} then ${errStruct(c.header, check.code, v, check.detail)} end`);
    }
  }
  for (const rule of spec.rules ?? []) {
    const header = headerOf.get(rule.column);
    if (header === undefined) throw new Error(`规则引用了未定义的列 ${rule.column}`);
    checks.push(
      `case when ${rule.when} then ${errStruct(header, rule.code, cellRef(rule.column), rule.detail)} end`,
    );
  }
  const keys = mapping.columns.map((c) => typedRef(c.spec.key));
  return `create or replace temp table ${sqlIdent(target)} as
with s as (
  select row_no, ${cells.join(',\n    ')},
    ${extraExpr(mapping)} as extra
  from ${sqlIdent(source)}
),
t as (
  select s.*, ${typed.join(',\n    ')}
  from s
)
select row_no, ${keys.join(', ')}, extra,
  list_filter([${checks.join(',\n    ')}], e -> e is not null) as errs
from t`;
}
