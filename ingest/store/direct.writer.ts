/**
 * Step 4 for master data and payments in the common case (a new month of payments, a first load): no key
 * repeats inside the file and no stored row has a key of the file. Then nothing can be unchanged, replaced,
 * in conflict or a later duplicate, and the good rows go from the validating view straight into their raw.*
 * table: no temp table of typed rows between, which for a payments file is one write and one read of every
 * row less. Any other file goes through mergeIntoRaw (raw-table.writer.ts), which settles those cases.
 */
import { sqlIdent, type Warehouse } from '../../warehouse/index.ts';
import { keyJoin } from './in-file-duplicates.ts';

/**
 * True when the rows of `validated` (bad ones included, to keep it cheap) have no key twice and share no key
 * with a stored row of `table`. Only the key columns are computed, in one aggregate that also gives the range
 * of the first key column. The stored keys are tested against that range first, which the column's zone maps
 * mostly decide without reading it; only when the ranges overlap does a semi-join probe them.
 */
export async function keysAreNew(
  wh: Warehouse,
  table: string,
  key: readonly string[],
  validated: string,
): Promise<boolean> {
  const first = sqlIdent(key[0]!);
  // A missing key counts as a repeat (count distinct skips it): such a file takes the general path.
  const distinct = key.length === 1 ? first : `row(${key.map((k) => sqlIdent(k)).join(', ')})`;
  const stats = await wh.one<{ lo: unknown; hi: unknown; n: number; d: number }>(
    `select min(${first}) as lo, max(${first}) as hi, count(*) as n, count(distinct ${distinct}) as d
     from ${sqlIdent(validated)}`,
  );
  if (!stats || stats.n === 0) return true;
  if (stats.d !== stats.n) return false;
  if (typeof stats.lo === 'string' && typeof stats.hi === 'string') {
    const inRange = await wh.value<boolean>(
      `select exists (select 1 from ${sqlIdent(table)} where ${first} between $1 and $2)`,
      [stats.lo, stats.hi],
    );
    if (!inRange) return true;
  }
  return !(await wh.value<boolean>(
    `select exists (select 1 from ${sqlIdent(table)} as o semi join ${sqlIdent(validated)} as v on ${keyJoin('o', 'v', key)})`,
  ));
}

/** Inserts the good rows of `validated` as load `loadId`; returns how many (the file's other rows are bad). */
export async function insertGoodRows(
  wh: Warehouse,
  table: `raw.${string}`,
  content: readonly string[],
  validated: string,
  loadId: number,
): Promise<number> {
  const cols = content.map((c) => sqlIdent(c)).join(', ');
  return wh.run(
    `insert into ${sqlIdent(table)} (${cols}, load_id, row_no, extra)
     select ${cols}, $1, row_no, extra from ${sqlIdent(validated)} where not bad`,
    [loadId],
  );
}
