/**
 * The whole 指标账 of the demo as a plan: items (what is spent) → anomaly marks → transfers (where the money
 * comes from) → spending documents → 文号 → 文号 defects, plus the ground truth of every ledger-side anomaly.
 * Pure JavaScript over small data (thousands of documents), deterministic for a seed.
 */
import { chain, PROGRAMS, programDocId, programProjectCode, type ChainKey } from './fund.catalog.ts';
import type { RegionTree } from './region-tree.generator.ts';
import type { SeededRandom } from './seeded-random.ts';
import { planAnomalies } from './anomaly.planner.ts';
import { DocBook } from './doc-book.ts';
import { injectDocNoDefects, numberDocuments, programDocNo } from './doc-numbering.ts';
import { ItemPlanner, type SpareProject } from './item.planner.ts';
import type { ProgramDocRow } from './payments.generator.ts';
import { SpendingBuilder } from './spending.builder.ts';
import { TransferBuilder } from './transfer.builder.ts';
import { MAIN_YEAR, type ScaleParams } from './demo.types.ts';
import type { DocDraft, ProjectRef, TruthRow } from './plan.types.ts';

export interface BudgetPlan {
  docs: DocDraft[];
  projects: ProjectRef[];
  spare: SpareProject[];
  truth: TruthRow[];
  partner: RegionTree['counties'][number];
  /** the T10s the engine's carry-over of the prior year must produce (id and amount) */
  carried: { docId: string; amount: number }[];
}

/** The program documents every county's payments cite (known before the plan is built). */
export function programDocRows(tree: RegionTree): ProgramDocRow[] {
  return tree.counties.flatMap((c) =>
    PROGRAMS.map((p) => ({
      county: c.code,
      prog: p.key,
      progNo: p.no,
      docId: programDocId(c.code, MAIN_YEAR, p.no),
      docNo: programDocNo(c.short, p.no),
      projectCode: programProjectCode(c.code, p.no),
      unit: p.unit,
    })),
  );
}

export function buildBudgetPlan(
  rng: SeededRandom,
  tree: RegionTree,
  params: ScaleParams,
  programTotals: ReadonlyMap<string, number[]>,
): BudgetPlan {
  const planner = new ItemPlanner(rng, tree, params);
  const { partner } = planner.plan(programTotals, (county, no) => programDocId(county, MAIN_YEAR, no));
  const marks = planAnomalies(rng, tree, planner);
  const truth: TruthRow[] = [];
  const book = new DocBook();
  for (const c of tree.counties) book.reserve(c.code, MAIN_YEAR, 'T04', PROGRAMS.length);

  const transfers = new TransferBuilder(rng, tree, book, marks, truth);
  transfers.build(planner.items);
  for (const c of marks.slowSpending) {
    truth.push({ rule: 'M04', type: 'region', id: c, note: '项目支付计划只支付约三成, 支出进度明显滞后' });
  }
  new SpendingBuilder(rng, book, marks, truth, planner).build([...planner.items], transfers.sources);
  numberDocuments(book.docs, tree);
  injectDocNoDefects(book.docs, tree, rng, truth);
  truth.push(...advanceShareTruth(book.docs));
  return {
    docs: book.docs,
    projects: planner.projects,
    spare: planner.spare,
    truth,
    partner,
    carried: transfers.carried,
  };
}

/** Documents that draw on a carried-over T10 (directly or further down): posted after the carry-over. */
export function dependsOnCarry(docs: readonly DocDraft[], carried: readonly { docId: string }[]): Set<string> {
  const roots = new Set(carried.map((c) => c.docId));
  const byId = new Map(docs.map((d) => [d.docId, d]));
  const memo = new Map<string, boolean>();
  const depends = (d: DocDraft): boolean => {
    const known = memo.get(d.docId);
    if (known !== undefined) return known;
    const parent = d.source ?? d.corrects;
    const r = parent !== null && (roots.has(parent) || (byId.has(parent) && depends(byId.get(parent) as DocDraft)));
    memo.set(d.docId, r);
    return r;
  };
  return new Set(docs.filter(depends).map((d) => d.docId));
}

/** Advance share of every (issuing region, fund) over the main year's T05s. */
export function advanceShares(
  docs: readonly DocDraft[],
): { region: string; fund: string; chain: ChainKey; share: number }[] {
  const byId = new Map(docs.map((d) => [d.docId, d]));
  const fundOf = (d: DocDraft): string | null => d.fund ?? (d.source ? fundOf(byId.get(d.source) as DocDraft) : null);
  const acc = new Map<string, { adv: number; total: number }>();
  for (const d of docs) {
    if (d.txn !== 'T05' || d.year !== MAIN_YEAR) continue;
    const key = `${d.region}/${fundOf(d) ?? ''}`;
    const a = acc.get(key) ?? { adv: 0, total: 0 };
    a.total += d.amount;
    if (d.advance) a.adv += d.amount;
    acc.set(key, a);
  }
  return [...acc].map(([key, a]) => {
    const [region = '', fund = ''] = key.split('/');
    const ch = (['FP', 'MZ', 'YG', 'YY', 'HL'] as const).find((k) => {
      const c = chain(k);
      return [c.central?.code, c.province?.code, c.city?.code].includes(fund);
    });
    return { region, fund, chain: ch ?? 'FP', share: a.total ? a.adv / a.total : 0 };
  });
}

/** M07: every level that passes on the 以工代赈 transfer issues far too little of it in advance. */
function advanceShareTruth(docs: readonly DocDraft[]): TruthRow[] {
  return advanceShares(docs)
    .filter((s) => chain(s.chain).advanceShare < 0.5)
    .map((s) => ({
      rule: 'M07',
      type: 'fund' as const,
      id: `${s.region}/${s.fund}`,
      note: `${MAIN_YEAR}年提前下达比例 ${(s.share * 100).toFixed(1)}%`,
    }));
}
