/**
 * Formula injection: a text cell that a spreadsheet would run as a formula — one beginning with = + - @, a tab or
 * a carriage return — is written with a leading apostrophe, so it shows as text and never runs. One rule for
 * every CSV and XLSX the product writes: exports in SQL (DuckDB COPY) and in JS (XLSX rows), and the ingest's
 * rejection reports.
 */

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];
const PLAIN_NUMBER = /^[+-]?[\d,]*\.?\d+$/;

export interface NeutraliseOptions {
  /**
   * Leave a plain number such as `-12.50` as it is (it cannot run as a formula). For cells that echo what a
   * user handed in (rejection reports), where `-100` should read as the amount it was. Exports keep every text
   * cell strict, as contract.md says.
   */
  keepNumbers?: boolean;
}

/** Text as a spreadsheet must show it, never run it. */
export function neutraliseText(value: string, options: NeutraliseOptions = {}): string {
  if (!TRIGGERS.includes(value.charAt(0))) return value;
  if (options.keepNumbers && PLAIN_NUMBER.test(value)) return value;
  return `'${value}`;
}

/**
 * The SQL form of `neutraliseText` (strict) over a text expression. The triggers are compared one by one: DuckDB
 * plans an IN list of six items as a join, and a join under COPY's projection gives up the row order (a CSV of
 * 5 M rows read back from its Parquet file came out in row groups interleaved; the OR chain costs the same).
 */
export function sqlNeutralise(expr: string): string {
  const first = `left(${expr}, 1)`;
  const sqlTriggers = TRIGGERS.map((t) => (t === '\t' ? 'chr(9)' : t === '\r' ? 'chr(13)' : `'${t}'`));
  return `case when ${sqlTriggers.map((t) => `${first} = ${t}`).join(' or ')} then '''' || ${expr} else ${expr} end`;
}
