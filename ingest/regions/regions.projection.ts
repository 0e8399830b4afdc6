/**
 * Accepted region rows (any layout) → raw.regions columns, with what the file may leave out derived:
 * - valid_from: 0 (= in use since before our records) when empty;
 * - level from the code's shape: 12 digits village, 9 township, 100000 central, XX0000 province,
 *   XXXX00 city, else county;
 * - parent_code: the given parent, else the most specific statistical *Code column, else from the code:
 *   village → its 9-digit township, township → its 6-digit county, county → its city XXXX00 if that city
 *   code exists in an overlapping period (in this file or already stored), else the province XX0000;
 *   city → province; province → 100000 (中央), which `ensureCentral` adds when missing.
 */
import { sqlIdent, type Warehouse } from '../../warehouse/index.ts';
import type { EntitySpec } from '../entity-spec.types.ts';

export const REGION_CONTENT = ['code', 'valid_from', 'valid_to', 'name', 'level', 'parent_code'] as const;

const PARENT_HINTS = ['parent_code', 'street_code', 'area_code', 'city_code', 'province_code'];

export async function projectRegions(
  wh: Warehouse,
  spec: EntitySpec,
  validated: string,
  target: string,
): Promise<void> {
  const keys = new Set(spec.columns.map((c) => c.key));
  const hints = PARENT_HINTS.filter((h) => keys.has(h)).map((h) => `v.${sqlIdent(h)}`);
  const hint = hints.length ? `nullif(coalesce(${hints.join(', ')}), v.code)` : 'cast(null as varchar)';
  const level = keys.has('level') ? 'v.level' : 'cast(null as varchar)';
  await wh.run(
    `create or replace temp table ${sqlIdent(target)} as
     with n as (
       select v.row_no, v.code, coalesce(v.valid_from, 0) as valid_from, v.valid_to, v.name,
         coalesce(${level}, case
           when length(v.code) = 12 then 'village'
           when length(v.code) = 9 then 'township'
           when v.code = '100000' then 'central'
           when v.code like '__0000' then 'province'
           when v.code like '____00' then 'city'
           else 'county' end) as level,
         ${hint} as hint, v.extra
       from ${sqlIdent(validated)} as v
       where not v.bad
     ),
     cities as (
       select code, valid_from, valid_to from n where level = 'city'
       union all
       select code, valid_from, valid_to from raw.regions where level = 'city'
     ),
     county_city as (
       select distinct n.row_no
       from n join cities as c on c.code = left(n.code, 4) || '00'
       where n.level = 'county'
         and c.valid_from < coalesce(n.valid_to, 100000)
         and coalesce(c.valid_to, 100000) > n.valid_from
     )
     select n.row_no, n.code, n.valid_from, n.valid_to, n.name, n.level,
       coalesce(n.hint, case n.level
         when 'central' then null
         when 'province' then '100000'
         when 'city' then left(n.code, 2) || '0000'
         when 'county' then
           case when n.row_no in (select row_no from county_city) then left(n.code, 4) || '00'
           else left(n.code, 2) || '0000' end
         when 'township' then left(n.code, 6)
         when 'village' then left(n.code, 9)
       end) as parent_code,
       n.extra
     from n`,
  );
}

/** Adds 100000 中央 when a stored region names it as parent and it is not there yet. Returns rows added. */
export async function ensureCentral(wh: Warehouse, loadId: number): Promise<number> {
  return wh.run(
    `insert into raw.regions (code, valid_from, valid_to, name, level, parent_code, load_id, row_no, extra)
     select '100000', 0, null, '中央', 'central', null, $1, null, null
     where exists (select 1 from raw.regions where parent_code = '100000')
       and not exists (select 1 from raw.regions where code = '100000')`,
    [loadId],
  );
}
