/**
 * The public history file of county-level-and-above codes (github.com/yescallop/areacodes `result.csv`),
 * read as it is: one row per code version, 状态 在用/变更/弃用, 启用时间 = first year in use, 变更/弃用时间 =
 * first year no longer in use (exclusive, like valid_to), 新代码 = `;`-separated successors each with an
 * optional `[year]` (default: 变更/弃用时间). The columns without a raw.regions column of their own are kept
 * in `extra` as written.
 */
import type { EntitySpec } from '../entity-spec.types.ts';
import { REGION_LEVELS } from '../entity.specs.ts';

export const areacodesHistorySpec: EntitySpec = {
  entity: 'regions',
  zh: '区划',
  target: 'raw.regions',
  key: ['code', 'valid_from'],
  onChange: 'replace',
  layout: 'areacodes-history',
  columns: [
    { key: 'code', zh: '代码', type: { kind: 'region-code' }, required: true },
    { key: 'province_name', zh: '一级行政区', type: { kind: 'text' }, keepInExtra: true },
    { key: 'prefecture_name', zh: '二级行政区', type: { kind: 'text' }, keepInExtra: true },
    { key: 'name', zh: '名称', type: { kind: 'text' }, required: true },
    { key: 'level', zh: '级别', type: REGION_LEVELS, required: true },
    {
      key: 'status',
      zh: '状态',
      type: { kind: 'enum', values: { 在用: '在用', 变更: '变更', 弃用: '弃用' } },
      required: true,
      keepInExtra: true,
    },
    { key: 'valid_from', zh: '启用时间', type: { kind: 'int' }, required: true },
    { key: 'valid_to', zh: '变更/弃用时间', type: { kind: 'int' } },
    { key: 'successors', zh: '新代码', type: { kind: 'successors' }, keepInExtra: true },
  ],
  rules: [
    { code: 'E_YEAR_RANGE', column: 'valid_to', when: 'valid_to < valid_from', detail: 'valid_from::varchar' },
    {
      code: 'E_SUCCESSOR_YEAR_MISSING',
      column: 'successors',
      when: `valid_to is null and regexp_matches(successors, '(^|;)\\d{6}(;|$)')`,
    },
  ],
};
