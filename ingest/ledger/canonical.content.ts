/**
 * The canonical text of a posting and of a document, defined ONCE as SQL expressions: the posting engine and
 * `verify` hash exactly the same thing. HASH-CHAIN.md describes the form for auditors.
 *
 * Form: the fields joined by `|`, in the order below; integers in decimal (amounts in 分), dates YYYY-MM-DD,
 * booleans true/false, NULL as the empty string; in text fields `\` is written `\\`, `|` is `\|`, a line feed
 * `\n` and a carriage return `\r` (so the form is unambiguous and one line).
 */
import { createHash, hash as oneShotHash } from 'node:crypto';

/** A text column in canonical form (escaped, NULL → ''). DuckDB strings take `\` literally. */
function text(column: string): string {
  const escaped = String.raw`replace(replace(replace(replace(${column}, '\', '\\'), '|', '\|'), chr(10), '\n'), chr(13), '\r')`;
  // Fast path: most values contain none of the four characters.
  const special = String.raw`contains(${column}, '|') or contains(${column}, '\') or contains(${column}, chr(10)) or contains(${column}, chr(13))`;
  return `case when ${special} then ${escaped} else coalesce(${column}, '') end`;
}
const int = (column: string): string => `coalesce(${column}::varchar, '')`;
const date = (column: string): string => `coalesce(strftime(${column}, '%Y-%m-%d'), '')`;
const bool = (column: string): string => `coalesce(${column}::varchar, '')`;

type Kind = 'text' | 'int' | 'date' | 'bool';
const render: Record<Kind, (c: string) => string> = { text, int, date, bool };

/**
 * The fields joined. Escaping only changes a text field that holds one of the four characters, so a row whose
 * text fields hold none of them (nearly every row) is joined as it is: one test on its text fields run together
 * (one regular-expression scan) instead of four per field. Either branch gives the same text for such a row.
 */
function canonical(fields: readonly (readonly [string, Kind])[]): string {
  const texts = fields.filter(([, kind]) => kind === 'text').map(([name]) => `coalesce(${name}, '')`);
  const together = `concat(${texts.join(', ')})`;
  // RE2 class: '|', a backslash, a line feed, a carriage return.
  const clean = String.raw`not regexp_matches(${together}, '[|\\\n\r]')`;
  const plain = fields.map(([name, kind]) => (kind === 'text' ? `coalesce(${name}, '')` : render[kind](name)));
  const escaped = fields.map(([name, kind]) => render[kind](name));
  return `case when ${clean} then concat_ws('|', ${plain.join(', ')}) else concat_ws('|', ${escaped.join(', ')}) end`;
}

/** Every journal column except prev_hash and hash, in this order. */
export const POSTING_CANONICAL_FIELDS = [
  ['posting_id', 'int'],
  ['doc_id', 'text'],
  ['txn_code', 'text'],
  ['region_code', 'text'],
  ['budget_year', 'int'],
  ['doc_date', 'date'],
  ['fund_code', 'text'],
  ['account_code', 'text'],
  ['debit', 'int'],
  ['credit', 'int'],
  ['source_type', 'text'],
  ['project_code', 'text'],
  ['target_region_code', 'text'],
  ['source_doc_id', 'text'],
  ['corrects_doc_id', 'text'],
] as const satisfies readonly (readonly [string, Kind])[];

/** SQL expression (unqualified columns of ledger.postings) giving a posting's canonical content. */
export const POSTING_CANONICAL_SQL = canonical(POSTING_CANONICAL_FIELDS);

/** The document as submitted (fund_code as given, before inheritance); seq, row_no, raw_row, extra excluded. */
export const DOCUMENT_CANONICAL_FIELDS = [
  ['doc_id', 'text'],
  ['txn_code', 'text'],
  ['region_code', 'text'],
  ['budget_year', 'int'],
  ['doc_date', 'date'],
  ['doc_no', 'text'],
  ['sup_doc_no', 'text'],
  ['source_doc_id', 'text'],
  ['corrects_doc_id', 'text'],
  ['fund_code', 'text'],
  ['project_code', 'text'],
  ['project_name', 'text'],
  ['func_subject', 'text'],
  ['econ_subject', 'text'],
  ['target_region_code', 'text'],
  ['amount', 'int'],
  ['advance', 'bool'],
  ['for_poor', 'bool'],
  ['direct', 'bool'],
  ['summary', 'text'],
] as const satisfies readonly (readonly [string, Kind])[];

/** SQL expression (unqualified columns of a document stage) giving a document's canonical content. */
export const DOCUMENT_CANONICAL_SQL = canonical(DOCUMENT_CANONICAL_FIELDS);

/** SHA-256 (hex) of a document's canonical content, computed in DuckDB. */
export const DOCUMENT_CONTENT_HASH_SQL = `sha256(${DOCUMENT_CANONICAL_SQL})`;

/** prev_hash of the first posting. */
export const GENESIS_HASH = '0'.repeat(64);

const sha256 =
  typeof oneShotHash === 'function'
    ? (s: string): string => oneShotHash('sha256', s, 'hex')
    : (s: string): string => createHash('sha256').update(s).digest('hex');

/** A posting's hash: SHA-256 (hex) of prev_hash + '|' + canonical content (UTF-8). */
export function chainHash(prevHash: string, canonicalContent: string): string {
  return sha256(`${prevHash}|${canonicalContent}`);
}
