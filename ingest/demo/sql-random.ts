/**
 * The SQL side of the demo's randomness and identity numbers, as temp macros of the generating session:
 * - `demo_u(key, purpose)`: uniform in [0, 1) from DuckDB's hash of (seed, key, purpose). DuckDB's random()
 *   is not reproducible under parallelism; a hash of the row's own key is, whatever the thread layout. The
 *   hash is hashed again: DuckDB combines the hashes of several arguments by XOR, so without the second
 *   (mixing) pass two purposes of the same key would give strongly correlated draws.
 * - `demo_id_check(first17)`: the GB 11643 check character of a 居民身份证号.
 * - `demo_pick(list, u)`: an element of a list literal by a uniform draw.
 */
import { sqlString, type Warehouse } from '../../warehouse/index.ts';

export const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
export const ID_CHECK_CHARS = '10X98765432';

/** A DuckDB list literal of strings we own (catalogue constants). */
export function sqlList(items: readonly string[]): string {
  return `[${items.map((s) => sqlString(s)).join(', ')}]`;
}

export async function installSqlHelpers(wh: Warehouse, seed: number): Promise<void> {
  if (!Number.isSafeInteger(seed)) throw new Error(`seed 必须是整数: ${seed}`);
  const weighted = ID_WEIGHTS.map((w, i) => `${w} * substr(s, ${i + 1}, 1)::integer`).join(' + ');
  await wh.run(`
    create or replace temp macro demo_u(k, p) as (hash(hash(${seed}::bigint, k, p)) % 4294967296)::double / 4294967296.0;
    create or replace temp macro demo_id_check(s) as substr('${ID_CHECK_CHARS}', 1 + ((${weighted}) % 11), 1);
    create or replace temp macro demo_pick(l, x) as l[1 + least(floor(x * len(l))::integer, len(l) - 1)];`);
}
