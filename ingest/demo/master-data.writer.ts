/**
 * Writes the plan's small tables: raw.regions, raw.funds (with their designated associations), raw.projects
 * (the multi-year library), and the document stages the ledger engine posts.
 */
import type { SqlValue, Warehouse } from '../../warehouse/index.ts';
import { createDocumentStage } from '../ledger/document-stage.ts';
import { CHAINS, EASTERN_FUND } from './fund.catalog.ts';
import { allRegions, type CountyNode, type RegionTree } from './region-tree.generator.ts';
import type { SeededRandom } from './seeded-random.ts';
import type { SpareProject } from './item.planner.ts';
import { MAIN_YEAR } from './demo.types.ts';
import type { DocDraft, ProjectRef } from './plan.types.ts';

export async function writeRegions(wh: Warehouse, tree: RegionTree, loadId: number): Promise<number> {
  const rows = allRegions(tree).map((r): SqlValue[] => [
    r.code,
    0,
    null,
    r.name,
    r.level,
    r.parent,
    loadId,
    null,
    null,
  ]);
  await wh.append('regions', rows, 'raw');
  return rows.length;
}

export async function writeFunds(
  wh: Warehouse,
  tree: RegionTree,
  partner: CountyNode,
  loadId: number,
): Promise<number> {
  const rows: SqlValue[][] = [];
  const add = (
    region: string,
    code: string,
    name: string,
    upper: [string, string] | null,
    poverty: boolean,
    toInd: boolean,
    start: number,
  ): void => {
    rows.push([
      region,
      code,
      name,
      upper?.[1] ?? null,
      upper?.[0] ?? null,
      poverty,
      toInd,
      start,
      null,
      loadId,
      null,
      null,
    ]);
  };
  for (const ch of CHAINS) {
    if (ch.central && ch.province && ch.city) {
      add(tree.central.code, ch.central.code, ch.central.name, null, ch.central.poverty, false, 2016);
      add(
        tree.province.code,
        ch.province.code,
        ch.province.name,
        [tree.central.code, ch.central.code],
        ch.province.poverty,
        false,
        2016,
      );
      for (const city of tree.cities)
        add(
          city.code,
          ch.city.code,
          ch.city.name,
          [tree.province.code, ch.province.code],
          ch.city.poverty,
          false,
          2016,
        );
      for (const county of tree.counties) {
        for (const f of ch.county)
          add(
            county.code,
            f.code,
            f.name,
            [county.city, ch.city.code],
            f.poverty,
            f.toIndividuals,
            f.toIndividuals ? 2018 : 2016,
          );
      }
    }
  }
  add(tree.eastern.code, EASTERN_FUND.code, EASTERN_FUND.name, null, true, false, 2017);
  const dx = CHAINS.find((c) => c.key === 'DX')?.county[0];
  if (dx) add(partner.code, dx.code, dx.name, [tree.eastern.code, EASTERN_FUND.code], true, false, 2017);
  await wh.append('funds', rows, 'raw');
  return rows.length;
}

export async function writeProjects(
  wh: Warehouse,
  rng: SeededRandom,
  projects: readonly ProjectRef[],
  spare: readonly SpareProject[],
  docs: readonly DocDraft[],
  loadId: number,
): Promise<number> {
  const funded = new Map<string, number>();
  for (const d of docs)
    if (d.txn === 'T04' && d.projectCode) funded.set(d.projectCode, (funded.get(d.projectCode) ?? 0) + d.amount);
  const planned = (code: string, amount: number): number =>
    Math.ceil((amount * (1 + 0.3 * rng.u('planned', code))) / 1_000_000) * 1_000_000;
  const children = new Map<string, number>();
  const rows: SqlValue[][] = [];
  const seen = new Set<string>();
  for (const p of projects) {
    if (seen.has(p.code)) continue;
    seen.add(p.code);
    const amount = planned(p.code, funded.get(p.code) ?? 0);
    if (p.parent) children.set(p.parent, (children.get(p.parent) ?? 0) + amount);
    const status = p.endYear < MAIN_YEAR ? '完工' : '实施';
    rows.push(projectRow(p, amount, status, loadId));
  }
  for (const p of spare) {
    if (seen.has(p.code)) continue;
    seen.add(p.code);
    rows.push(projectRow(p, p.planned || (children.get(p.code) ?? 0), p.status, loadId));
  }
  await wh.append('projects', rows, 'raw');
  return rows.length;
}

function projectRow(p: ProjectRef, planned: number, status: string, loadId: number): SqlValue[] {
  const department =
    p.kind.category === '教育'
      ? '教育局'
      : p.kind.category === '健康'
        ? '卫生健康局'
        : p.kind.category === '就业'
          ? '人力资源和社会保障局'
          : p.kind.category === '基础设施'
            ? '交通运输局'
            : '农业农村局';
  return [
    p.code,
    p.name,
    p.region,
    department,
    p.kind.category,
    p.kind.funcSubject,
    p.startYear,
    p.endYear,
    planned,
    p.parent,
    p.appliedTo,
    status,
    loadId,
    null,
    null,
  ];
}

/** A document stage filled with drafts, in date order (seq = position). */
export async function writeStage(wh: Warehouse, table: string, docs: readonly DocDraft[]): Promise<void> {
  await createDocumentStage(wh, table);
  const ordered = [...docs].sort((a, b) =>
    a.date === b.date ? (a.docId < b.docId ? -1 : 1) : a.date < b.date ? -1 : 1,
  );
  await wh.append(
    table,
    ordered.map((d, i): SqlValue[] => [
      i,
      null,
      null,
      d.docId,
      d.txn,
      d.region,
      d.year,
      d.date,
      d.docNo,
      d.supDocNo,
      d.source,
      d.corrects,
      d.fund,
      d.projectCode,
      d.projectName,
      d.funcSubject,
      d.econSubject,
      d.target,
      d.amount,
      d.advance,
      d.forPoor,
      false,
      d.summary,
      null,
    ]),
  );
}
