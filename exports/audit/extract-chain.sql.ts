/**
 * The journal of an extract as the hash chain needs it, read back from the file (CSV or Parquet) into a view
 * `j` with amounts in 分, and the chain's canonical content re-derived from ingest/ledger/HASH-CHAIN.md alone
 * (not from the engine's code: an auditor's check should not trust the code it checks; a test compares the two).
 */
import { sqlString } from '../../warehouse/index.ts';

/** What the CSV writer did to formula-like text (a leading apostrophe), undone. */
export function unNeutraliseSql(expr: string): string {
  return `case when left(${expr}, 1) = '''' and substr(${expr}, 2, 1) in ('=', '+', '-', '@', chr(9), chr(13))
    then substr(${expr}, 2) else ${expr} end`;
}

const TEXT_FIELDS = [
  'doc_id',
  'txn_code',
  'region_code',
  'fund_code',
  'account_code',
  'source_type',
  'project_code',
  'target_region_code',
  'source_doc_id',
  'corrects_doc_id',
  'prev_hash',
  'hash',
] as const;

/** A `create temp view <name>` over a journal file: typed columns, text as written before neutralising. */
export function journalViewSql(name: string, file: string, format: 'csv' | 'parquet'): string {
  if (format === 'parquet') {
    return `create or replace temp view ${name} as
      select posting_id::bigint as posting_id, ${TEXT_FIELDS.join(', ')}, budget_year::bigint as budget_year,
        strftime(doc_date, '%Y-%m-%d') as doc_date,
        (debit * 100)::bigint as debit, (credit * 100)::bigint as credit
      from read_parquet(${sqlString(file)})`;
  }
  const texts = TEXT_FIELDS.map((f) => `${unNeutraliseSql(f)} as ${f}`).join(', ');
  return `create or replace temp view ${name} as
    select posting_id::bigint as posting_id, ${texts}, budget_year::bigint as budget_year, doc_date,
      (debit::decimal(18, 2) * 100)::bigint as debit, (credit::decimal(18, 2) * 100)::bigint as credit
    from read_csv(${sqlString(file)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
}

const esc = (c: string): string =>
  String.raw`replace(replace(replace(replace(coalesce(${c}, ''), '\', '\\'), '|', '\|'), chr(10), '\n'), chr(13), '\r')`;
const num = (c: string): string => `coalesce(${c}::varchar, '')`;

/** HASH-CHAIN.md's canonical content over the columns of a journal view. */
export const EXTRACT_CANONICAL_SQL = `concat_ws('|', ${[
  num('posting_id'),
  esc('doc_id'),
  esc('txn_code'),
  esc('region_code'),
  num('budget_year'),
  `coalesce(doc_date, '')`,
  esc('fund_code'),
  esc('account_code'),
  num('debit'),
  num('credit'),
  esc('source_type'),
  esc('project_code'),
  esc('target_region_code'),
  esc('source_doc_id'),
  esc('corrects_doc_id'),
].join(', ')})`;

/** The hash each row should carry. */
export const EXTRACT_ROW_HASH_SQL = `sha256(coalesce(prev_hash, '') || '|' || ${EXTRACT_CANONICAL_SQL})`;
