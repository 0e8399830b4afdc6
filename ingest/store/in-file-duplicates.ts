/**
 * The same natural key twice in one file: the first row wins; a later identical row is a no-op, a later
 * different one is rejected (E_DUPLICATE_KEY_IN_FILE). Only keys that repeat are ranked, so a file without
 * repeats costs one hash aggregate.
 */
import { sqlIdent, sqlString, type Warehouse } from '../../warehouse/index.ts';
import type { ProblemsTable } from './problems.table.ts';

export interface KeyedRows {
  /** table or view: row_no, the key and content columns, extra */
  rows: string;
  key: readonly string[];
  content: readonly string[];
  /** column identifying a row of `rows` (default row_no; derived rows may share a row_no) */
  ident?: string;
  /** the key's header(s) as written, for messages */
  keyHeader: string;
}

export const keyText = (alias: string, key: readonly string[]): string =>
  key.length === 1
    ? `cast(${alias}.${sqlIdent(key[0]!)} as varchar)`
    : `concat_ws('/', ${key.map((k) => `${alias}.${sqlIdent(k)}`).join(', ')})`;

export const keyJoin = (a: string, b: string, key: readonly string[]): string =>
  key.map((k) => `${a}.${sqlIdent(k)} = ${b}.${sqlIdent(k)}`).join(' and ');

export const contentStruct = (alias: string, columns: readonly string[]): string =>
  `struct_pack(${columns.map((c) => `${sqlIdent(c)} := ${alias}.${sqlIdent(c)}`).join(', ')})`;

/**
 * Creates temp table `later` (ident, row_no, key…, first_row, first_ident, same): the rows whose key an
 * earlier row of the file already has, and records the different ones as problems.
 */
export async function findLaterDuplicates(
  wh: Warehouse,
  input: KeyedRows,
  later: string,
  problems: ProblemsTable,
): Promise<void> {
  const ident = sqlIdent(input.ident ?? 'row_no');
  const keys = input.key.map((k) => `r.${sqlIdent(k)}`).join(', ');
  await wh.run(
    `create or replace temp table ${sqlIdent(later)} as
     with repeated as (select ${input.key.map((k) => sqlIdent(k)).join(', ')} from ${sqlIdent(input.rows)} group by all having count(*) > 1),
     ranked as (
       select r.${ident} as ident, r.row_no, ${keys},
         row_number() over w as dup_rank,
         first_value(r.row_no) over w as first_row,
         first_value(r.${ident}) over w as first_ident,
         ${contentStruct('r', input.content)} is not distinct from first_value(${contentStruct('r', input.content)}) over w as same
       from ${sqlIdent(input.rows)} as r semi join repeated as d on ${keyJoin('r', 'd', input.key)}
       window w as (partition by ${keys} order by r.row_no, r.${ident})
     )
     select * exclude (dup_rank) from ranked where dup_rank > 1`,
  );
  await problems.addFrom(
    `select row_no, ${sqlString(input.keyHeader)}, 'E_DUPLICATE_KEY_IN_FILE', ${keyText('l', input.key)},
       cast(first_row as varchar), null
     from ${sqlIdent(later)} as l where not same`,
  );
}
