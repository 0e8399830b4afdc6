/**
 * The row as read, for meta.rejects.raw_row and the rejection report: a JSON object of every cell as text,
 * keyed by the header as written (made unique: an empty header is 列N, a repeat gets _2, _3…).
 */
import { sqlIdent, sqlString } from '../../warehouse/index.ts';

export function uniqueHeaderNames(headers: readonly string[]): string[] {
  const seen = new Set<string>();
  return headers.map((h, i) => {
    const base = h === '' ? `列${i + 1}` : h;
    let name = base;
    for (let n = 2; seen.has(name); n++) name = `${base}_${n}`;
    seen.add(name);
    return name;
  });
}

/** SQL: the cells c0..cN (of `alias`, or unqualified) as one JSON text. */
export function rawRowJson(headers: readonly string[], alias?: string): string {
  const names = uniqueHeaderNames(headers);
  if (names.length === 0) return `'{}'`;
  const ref = (i: number): string => (alias ? `${alias}.` : '') + sqlIdent(`c${i}`);
  return `cast(json_object(${names.map((n, i) => `${sqlString(n)}, ${ref(i)}`).join(', ')}) as varchar)`;
}

/** The same object built in JS for a record DuckDB could not split (cells by position). */
export function rawRowText(headers: readonly string[], cells: readonly string[]): string {
  const names = uniqueHeaderNames(headers);
  const row: Record<string, string> = {};
  cells.forEach((cell, i) => (row[names[i] ?? `列${i + 1}`] = cell));
  return JSON.stringify(row);
}
