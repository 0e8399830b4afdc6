/**
 * Masking of 身份证号 and account numbers, done in SQL so that the JSON, the Arrow grids and the grid exports
 * all carry the same masked text: an id keeps its first 6 digits (the region) and last 4, an account its last 4.
 * Only roles that may see them (auth/roles.ts canUnmask) get the column as it is.
 */
import { sql, type RawBuilder } from 'kysely';

export function maskedId(column: RawBuilder<unknown> | string, unmask: boolean): RawBuilder<string | null> {
  const c = typeof column === 'string' ? sql.ref(column) : column;
  if (unmask) return sql<string | null>`${c}`;
  return sql<string | null>`case when length(${c}) > 10
    then left(${c}, 6) || repeat('*', length(${c}) - 10) || right(${c}, 4)
    else repeat('*', greatest(length(${c}) - 2, 0)) || right(${c}, 2) end`;
}

export function maskedAccount(column: string, unmask: boolean): RawBuilder<string | null> {
  const c = sql.ref(column);
  if (unmask) return sql<string | null>`${c}`;
  return sql<string | null>`repeat('*', greatest(length(${c}) - 4, 0)) || right(${c}, 4)`;
}

/** The same masking in JS, for values that never pass through SQL (tests compare the two). */
export function maskIdText(id: string): string {
  return id.length > 10
    ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`
    : `${'*'.repeat(Math.max(id.length - 2, 0))}${id.slice(-2)}`;
}
