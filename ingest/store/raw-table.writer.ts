/**
 * Step 4 for master data and payments: accepted rows → their raw.* table, idempotent by natural key.
 * - Same key twice in the file: see in-file-duplicates.ts.
 * - Same key already stored: identical content → unchanged (no write); different content → the new row
 *   replaces the old one, which is kept in meta.replaced_rows, or, for entities whose rows must not change
 *   (payments), the row is rejected (E_CONFLICT_EXISTING). A spec may reject some changes of master data
 *   too (funds: their designated upper fund, ledger.md rule 4).
 * "Content" is the interchange columns; load_id, row_no and extra (pass-through columns) are not compared.
 * Set-based throughout; runs inside the caller's transaction.
 */
import { sqlIdent, sqlString, type Warehouse } from '../../warehouse/index.ts';
import type { EntitySpec } from '../entity-spec.types.ts';
import { contentStruct, findLaterDuplicates, keyJoin, keyText, type KeyedRows } from './in-file-duplicates.ts';
import type { ProblemsTable } from './problems.table.ts';

export interface MergeTarget extends KeyedRows {
  table: `raw.${string}`;
  onChange: EntitySpec['onChange'];
  changeRejectedWhen?: EntitySpec['changeRejectedWhen'];
  /** header as written of the column a rejected change is reported on */
  changeHeader?: string;
}

export interface MergeCounts {
  inserted: number;
  replaced: number;
  /** identical to a stored row, or to an earlier accepted row of the same file */
  unchanged: number;
}

/** Merges `target.rows` into `target.table`; `tmp` prefixes the temp tables it makes. */
export async function mergeIntoRaw(
  wh: Warehouse,
  target: MergeTarget,
  loadId: number,
  problems: ProblemsTable,
  tmp: string,
): Promise<MergeCounts> {
  const src = sqlIdent(target.rows);
  const table = sqlIdent(target.table);
  const ident = sqlIdent(target.ident ?? 'row_no');
  const laterName = `${tmp}_later`;
  const later = sqlIdent(laterName);
  const matched = sqlIdent(`${tmp}_matched`);
  const keyHeader = sqlString(target.keyHeader);
  await findLaterDuplicates(wh, target, laterName, problems);

  const rejectChange = target.changeRejectedWhen;
  await wh.run(
    `create or replace temp table ${matched} as
     select n.${ident} as ident, n.row_no, ${target.key.map((k) => `n.${sqlIdent(k)}`).join(', ')},
       o.load_id as old_load_id,
       case
         when ${contentStruct('n', target.content)} is not distinct from ${contentStruct('o', target.content)} then 'unchanged'
         when ${sqlString(target.onChange)} = 'reject' then 'conflict'
         ${rejectChange ? `when ${rejectChange.when} then 'change_rejected'` : ''}
         else 'replace'
       end as action,
       ${rejectChange ? `cast(${rejectChange.detail} as varchar)` : 'cast(null as varchar)'} as change_detail
     from ${src} as n
     join ${table} as o on ${keyJoin('n', 'o', target.key)}
     where n.${ident} not in (select ident from ${later})`,
  );
  await problems.addFrom(
    `select row_no, ${keyHeader}, 'E_CONFLICT_EXISTING', ${keyText('m', target.key)}, cast(old_load_id as varchar), null
     from ${matched} as m where action = 'conflict'`,
  );
  if (rejectChange) {
    await problems.addFrom(
      `select row_no, ${sqlString(target.changeHeader ?? rejectChange.column)}, ${sqlString(rejectChange.code)},
         ${keyText('m', target.key)}, change_detail, null
       from ${matched} as m where action = 'change_rejected'`,
    );
  }
  // A later copy of a row that was just rejected shares its fate.
  const rejectedFirst = `select ident from ${matched} where action in ('conflict', 'change_rejected')`;
  await problems.addFrom(
    `select row_no, ${keyHeader}, 'E_SAME_AS_REJECTED_ROW', ${keyText('l', target.key)}, cast(first_row as varchar), null
     from ${later} as l where same and first_ident in (${rejectedFirst})`,
  );

  const replaced = await wh.run(
    `insert into meta.replaced_rows (load_id, table_name, row_key, old_row, replaced_at)
     select $1, ${sqlString(target.table)}, ${keyText('o', target.key)}, to_json(o), current_timestamp
     from ${table} as o join ${matched} as m on ${keyJoin('o', 'm', target.key)}
     where m.action = 'replace'`,
    [loadId],
  );
  if (replaced > 0) {
    await wh.run(
      `delete from ${table} as o using ${matched} as m
       where ${keyJoin('o', 'm', target.key)} and m.action = 'replace'`,
    );
  }
  const cols = target.content.map((c) => sqlIdent(c)).join(', ');
  const written = await wh.run(
    `insert into ${table} (${cols}, load_id, row_no, extra)
     select ${cols}, $1, row_no, extra from ${src}
     where ${ident} not in (select ident from ${later})
       and ${ident} not in (select ident from ${matched} where action <> 'replace')`,
    [loadId],
  );
  const unchanged = await wh.value<number>(
    `select (select count(*) from ${later} where same and first_ident not in (${rejectedFirst}))
          + (select count(*) from ${matched} where action = 'unchanged')`,
  );
  await wh.run(`drop table if exists ${later}; drop table if exists ${matched}`);
  return { inserted: written - replaced, replaced, unchanged };
}
