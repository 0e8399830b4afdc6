/**
 * Entity names as users type them: the English key of interchange.md or its Chinese name (区划, 区划调整,
 * 专项资金, 指标, 项目, 贫困人员, 发放明细, 账户, 财政供养人员), plus a few longer Chinese spellings used in the
 * spec's headings. Also names an XLSX sheet after its entity.
 */
import { ENTITY_NAMES, type EntityName } from './entity-spec.types.ts';
import { ENTITY_SPECS } from './entity.specs.ts';

const EXTRA_NAMES: Readonly<Record<string, EntityName>> = {
  region_changes: 'region-changes',
  指标业务单: 'indicators',
  项目库: 'projects',
  建档立卡贫困人员: 'beneficiaries',
  到人到户发放明细: 'payments',
  账户信息: 'accounts',
};

const BY_NAME = new Map<string, EntityName>([
  ...ENTITY_NAMES.map((e): [string, EntityName] => [e, e]),
  ...ENTITY_NAMES.map((e): [string, EntityName] => [ENTITY_SPECS[e].zh, e]),
  ...Object.entries(EXTRA_NAMES),
]);

export function resolveEntity(name: string): EntityName | undefined {
  return BY_NAME.get(name.trim().toLowerCase()) ?? BY_NAME.get(name.trim());
}

/** The names a user may type, for help and error messages. */
export const ENTITY_CHOICES = ENTITY_NAMES.map((e) => `${e} (${ENTITY_SPECS[e].zh})`).join(', ');
