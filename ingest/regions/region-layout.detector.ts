/**
 * Regions come in three layouts, told apart by the header (regions/README.md of the shared data):
 * - standard (interchange.md): 区划代码, 区划名称, 级次, 上级区划代码, 启用年份, 停用年份;
 * - the public history file of county-level-and-above codes:
 *   代码,一级行政区,二级行政区,名称,级别,状态,启用时间,变更/弃用时间,新代码 (also yields raw.region_changes);
 * - the statistical-code files: code,name[,provinceCode][,cityCode][,areaCode][,streetCode]; short codes
 *   are right-padded to 6 digits and the parent is the most specific *Code column. They map onto the
 *   standard spec (its province_code…street_code columns); only the recorded layout name differs.
 */
import type { EntitySpec } from '../entity-spec.types.ts';
import { regionsSpec } from '../entity.specs.ts';
import { normalizeHeader } from '../map/header.mapper.ts';
import { areacodesHistorySpec } from './areacodes-history.spec.ts';

export interface ChosenLayout {
  spec: EntitySpec;
  layout: string;
}

const STATS_LEVELS: [string, string][] = [
  ['streetcode', 'stats-villages'],
  ['areacode', 'stats-streets'],
  ['citycode', 'stats-areas'],
  ['provincecode', 'stats-cities'],
];

export function chooseLayout(spec: EntitySpec, headers: readonly string[]): ChosenLayout {
  if (spec !== regionsSpec) return { spec, layout: spec.layout ?? 'standard' };
  const names = new Set(headers.map(normalizeHeader));
  if (names.has('代码') && names.has('新代码') && names.has('级别')) {
    return { spec: areacodesHistorySpec, layout: 'areacodes-history' };
  }
  if (names.has('code') && names.has('name')) {
    const hit = STATS_LEVELS.find(([col]) => names.has(col));
    if (hit) return { spec: regionsSpec, layout: hit[1] };
    if (names.size === 2) return { spec: regionsSpec, layout: 'stats-provinces' };
  }
  return { spec: regionsSpec, layout: 'standard' };
}
