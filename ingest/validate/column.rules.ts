/**
 * Per column type: the SQL that turns the trimmed cell text `v` into its typed value, and the checks that
 * find its problems. Everything is an expression over one row, so a whole file validates in one pass.
 * Amounts never pass through floating point: text → DECIMAL(18,2) → × 100 → BIGINT.
 */
import { sqlString } from '../../warehouse/index.ts';
import type { ColumnType } from '../entity-spec.types.ts';
import type { RowErrorCode } from '../errors.catalog.ts';

export interface ColumnCheck {
  code: RowErrorCode;
  /** SQL condition over `v` (the cell) and `t` (the typed value): true = problem */
  when: string;
  /** SQL text for `{detail}` */
  detail?: string;
}

export interface ColumnRules {
  /** an intermediate value from `v`, computed once per row before `typed` (which reads it as `p`) */
  prepared?: string;
  /** typed value from `v` (and `p`) */
  typed: string;
  checks: ColumnCheck[];
}

const FLAG_TRUE = ['y', 'yes', '是', '1', 'true', 't'];
const FLAG_FALSE = ['n', 'no', '否', '0', 'false', 'f'];
const list = (xs: readonly string[]): string => xs.map(sqlString).join(', ');

/** 1234.56, 1,234.56, -12, 0.5: groups of three after the first, at most two decimals. */
export const MONEY_PATTERN = String.raw`-?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?`;
/** The largest amount kept exactly as a JS number of 分 (2^53 − 1 分, about 90 万亿元). */
const MAX_YUAN = '90071992547409.91';
const SUCCESSORS_PATTERN = String.raw`\d{6}(\[\d{4}\])?(;\d{6}(\[\d{4}\])?)*`;

/**
 * `v` and `t` are the SQL references of the column's cell text and of its typed value; `p` of its prepared
 * value, when the rules have one.
 */
export function columnRules(type: ColumnType, v: string, t: string, p: string): ColumnRules {
  const badFormat = (code: RowErrorCode, detail?: string): ColumnCheck => ({
    code,
    when: `${v} is not null and ${t} is null`,
    ...(detail ? { detail } : {}),
  });
  switch (type.kind) {
    case 'text':
      return { typed: v, checks: [] };
    case 'region-code':
      return {
        typed: String.raw`case when regexp_full_match(${v}, '\d{2}|\d{4}') then rpad(${v}, 6, '0')
          when regexp_full_match(${v}, '\d{6}|\d{9}|\d{12}') then ${v} end`,
        checks: [badFormat('E_REGION_CODE_FORMAT')],
      };
    case 'region':
      return {
        typed: v,
        checks: [{ code: 'E_REGION_UNKNOWN', when: `${v} is not null and ${v} not in (select code from raw.regions)` }],
      };
    case 'document':
      return {
        typed: v,
        checks: [
          { code: 'E_DOC_UNKNOWN', when: `${v} is not null and ${v} not in (select doc_id from ledger.documents)` },
        ],
      };
    case 'int':
      return {
        typed: String.raw`case when regexp_full_match(${v}, '[+-]?\d{1,9}') then cast(${v} as integer) end`,
        checks: [badFormat('E_INT_FORMAT')],
      };
    case 'money':
      return {
        // DECIMAL(18, 2) is exact and fast (DECIMAL(38, …) is 40× slower); the bound keeps × 100 in range.
        // The cell is parsed once (p); the pattern is checked first, so only well-formed amounts are cast.
        prepared: `case when regexp_full_match(${v}, '${MONEY_PATTERN}')
          then try_cast(replace(${v}, ',', '') as decimal(18, 2)) end`,
        typed: `case when abs(${p}) <= ${MAX_YUAN} then cast(${p} * 100 as bigint) end`,
        checks: [
          badFormat('E_AMOUNT_FORMAT'),
          ...(type.signed ? [] : [{ code: 'E_AMOUNT_NEGATIVE' as const, when: `${t} < 0` }]),
        ],
      };
    case 'share':
      return {
        typed: String.raw`case when regexp_full_match(${v}, '\d+(\.\d+)?|\.\d+')
          and try_cast(${v} as decimal(18, 6)) between 0 and 1 then try_cast(${v} as decimal(9, 6)) end`,
        checks: [badFormat('E_SHARE_FORMAT')],
      };
    case 'date':
      return {
        typed: String.raw`case when regexp_full_match(${v}, '\d{4}-\d{2}-\d{2}') then try_cast(${v} as date)
          when regexp_full_match(${v}, '\d{4}[-/]\d{1,2}[-/]\d{1,2}')
          then cast(try_strptime(${v}, ['%Y-%m-%d', '%Y/%m/%d']) as date) end`,
        checks: [badFormat('E_DATE_FORMAT')],
      };
    case 'month':
      // YYYY-MM, also YYYY/M and the first day of the month (a month typed into Excel becomes a date cell).
      return {
        typed: String.raw`case when regexp_full_match(${v}, '\d{4}-(0[1-9]|1[0-2])') then ${v}
          when regexp_full_match(${v}, '\d{4}[-/](0?[1-9]|1[0-2])([-/]0?1)?')
          then left(${v}, 4) || '-' || lpad(regexp_extract(${v}, '^\d{4}[-/](\d{1,2})', 1), 2, '0') end`,
        checks: [badFormat('E_MONTH_FORMAT')],
      };
    case 'flag':
      return {
        typed: `case when ${v} is null then ${type.fallback} when lower(${v}) in (${list(FLAG_TRUE)}) then true
          when lower(${v}) in (${list(FLAG_FALSE)}) then false end`,
        checks: [badFormat('E_FLAG_FORMAT')],
      };
    case 'enum': {
      const cases = Object.entries(type.values)
        .map(([spelling, stored]) => `when ${sqlString(spelling.toLowerCase())} then ${sqlString(stored)}`)
        .join(' ');
      return {
        typed: `case lower(${v}) ${cases} end`,
        checks: [badFormat('E_ENUM', sqlString(Object.keys(type.values).join('/')))],
      };
    }
    case 'successors':
      return {
        typed: `case when regexp_full_match(${v}, '${SUCCESSORS_PATTERN}') then ${v} end`,
        checks: [badFormat('E_SUCCESSOR_FORMAT')],
      };
  }
}
