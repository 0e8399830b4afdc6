/**
 * 区划调整 from the history file's 新代码: one raw.region_changes row per successor. The year is the one in
 * `[year]`, else the row's 变更/弃用时间. Kind: 弃用 with one successor → merge, with several → split;
 * 变更 to the same code → rename, to one other code → recode, to several → split; 在用 with successors →
 * split (part of the territory moved). Share unknown (null).
 */
import { sqlIdent, type Warehouse } from '../../warehouse/index.ts';

export const REGION_CHANGE_CONTENT = ['old_code', 'new_code', 'year', 'kind', 'share'] as const;

/**
 * Creates temp table `target` (seq, row_no, old_code, new_code, year, kind, share, extra), one row per key,
 * from the accepted rows (no field problem, not among `problems`).
 */
export async function deriveRegionChanges(
  wh: Warehouse,
  validated: string,
  target: string,
  problems: string,
): Promise<number> {
  await wh.run(
    `create or replace temp table ${sqlIdent(target)} as
     with s as (
       select v.row_no, v.code as old_code, v.status, v.valid_to,
         len(string_split(v.successors, ';')) as n,
         unnest(string_split(v.successors, ';')) as item
       from ${sqlIdent(validated)} as v
       where not v.bad and v.successors is not null
         and v.row_no not in (select row_no from ${sqlIdent(problems)})
     ),
     p as (
       select row_no, old_code, status, n, left(item, 6) as new_code,
         coalesce(try_cast(nullif(regexp_extract(item, '\\[(\\d{4})\\]', 1), '') as integer), valid_to) as year
       from s
     )
     select row_number() over (order by row_no, new_code) as seq, row_no, old_code, new_code, year,
       case
         when status = '弃用' then case when n = 1 then 'merge' else 'split' end
         when status = '变更' then case when new_code = old_code then 'rename' when n = 1 then 'recode' else 'split' end
         else 'split'
       end as kind,
       cast(null as decimal(9, 6)) as share,
       cast(null as json) as extra
     from p
     qualify row_number() over (partition by old_code, new_code, year order by row_no) = 1`,
  );
  return wh.value<number>(`select count(*) from ${sqlIdent(target)}`);
}
