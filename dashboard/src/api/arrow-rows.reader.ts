/**
 * Rows of an Arrow IPC stream (the big grids' answer) as plain objects: 64-bit integers (分, counts) become
 * numbers — a province's amounts stay far below 2^53 — and dates become 'YYYY-MM-DD'.
 */
import { tableFromIPC } from 'apache-arrow';

export type ArrowCell = string | number | boolean | null;

function plain(value: unknown): ArrowCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new Error(`整数超出安全范围: ${value}`);
    return n;
  }
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/** Every row of the stream as an object keyed by column name. */
export function arrowRows<T>(bytes: Uint8Array): T[] {
  const table = tableFromIPC(bytes);
  const names = table.schema.fields.map((f) => f.name);
  const columns = names.map((name) => table.getChild(name));
  const rows: T[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, ArrowCell> = {};
    names.forEach((name, c) => {
      row[name] = plain(columns[c]?.get(i));
    });
    rows.push(row as T);
  }
  return rows;
}
