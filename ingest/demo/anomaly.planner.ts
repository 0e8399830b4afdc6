/**
 * Which items, counties and transfers carry the injected ledger-side anomalies (and the clean red-ink
 * corrections and carry-overs), decided before any document exists so that the amounts still interlock.
 * Each kind takes a few percent of its pool and at least one case, and no item carries two marks.
 */
import { chain } from './fund.catalog.ts';
import { M06_VARIANTS, PROJECT_KINDS, type ProjectKind } from './project.catalog.ts';
import type { CountyNode, RegionTree } from './region-tree.generator.ts';
import type { SeededRandom } from './seeded-random.ts';
import type { ItemPlanner } from './item.planner.ts';
import { MAIN_YEAR } from './demo.types.ts';
import type { Item } from './plan.types.ts';

export interface CountyMarks {
  /** counties whose FP second-batch transfer is imported 20–30 days late (M02) */
  lateImport: Set<string>;
  /** counties that import only part of one transfer; the rest stays in transit (L01, M02) */
  partialImport: Map<string, number>;
  /** counties that get an extra transfer they never import (M02, L01) */
  neverImported: Map<string, number>;
  /** counties that leave part of a received transfer undistributed in 5001 (M03) */
  idle5001: Map<string, number>;
  /** counties whose projects pay only part of their payment plans (M04) */
  slowSpending: Set<string>;
  /** counties with a carry-over of 2019's own 配套 into 2020 (T10) */
  carry: Set<string>;
  /** city T01s (city|chain) passed on late (M01) */
  lateCities: Set<string>;
}

/** `rate` of the pool by a keyed draw, and at least one (the smallest draw). */
export function choose<T>(
  rng: SeededRandom,
  pool: readonly T[],
  rate: number,
  key: (t: T) => string,
  purpose: string,
): T[] {
  if (pool.length === 0) return [];
  const draws = pool.map((t) => ({ t, u: rng.u(purpose, key(t)) }));
  const picked = draws.filter((d) => d.u < rate);
  if (picked.length > 0) return picked.map((d) => d.t);
  const min = draws.reduce((a, b) => (b.u < a.u ? b : a));
  return [min.t];
}

const roundHundred = (fen: number): number => Math.max(10_000, Math.floor(fen / 10_000) * 10_000);

export function planAnomalies(rng: SeededRandom, tree: RegionTree, planner: ItemPlanner): CountyMarks {
  const items = planner.items;
  const counties = tree.counties;
  const code = (c: CountyNode): string => c.code;
  const pick = (
    pool: readonly CountyNode[],
    rate: number,
    purpose: string,
    exclude: Set<string> = new Set(),
  ): CountyNode[] =>
    choose(
      rng,
      pool.filter((c) => !exclude.has(c.code)).length ? pool.filter((c) => !exclude.has(c.code)) : pool,
      rate,
      code,
      purpose,
    );

  const slowSpending = new Set(pick(counties, 0.03, 'M04').map(code));
  const used = new Set<string>(slowSpending);
  const lateImport = new Set(pick(counties, 0.02, 'M02', used).map(code));
  lateImport.forEach((c) => used.add(c));
  const partialImport = new Map(
    pick(counties, 0.01, 'L01', used).map((c) => [c.code, roundHundred(rng.int(10, 60, 'L01-x', c.code) * 1_000_000)]),
  );
  partialImport.forEach((_, c) => used.add(c));
  const neverImported = new Map(
    pick(counties, 0.01, 'L01-never').map((c) => [
      c.code,
      roundHundred(rng.int(10, 50, 'never-z', c.code) * 1_000_000),
    ]),
  );
  const idle5001 = new Map(
    pick(counties, 0.05, 'M03-5001').map((c) => [c.code, roundHundred(rng.int(10, 40, 'idle-y', c.code) * 1_000_000)]),
  );
  const carry = new Set(pick(counties, 0.3, 'carry').map(code));
  const lateCities = new Set(
    choose(
      rng,
      tree.cities.map((c) => `${c.code}|FP`),
      0.1,
      (k) => k,
      'M01',
    ),
  );

  // Extra items: the projects a carry-over pays for, and the late 全部用于贫困人员 document without detail (P09).
  for (const c of counties) {
    if (!carry.has(c.code)) continue;
    const kind = rng.pick(PROJECT_KINDS, 'carry-kind', c.code) as ProjectKind;
    planner.extraCountyItem(
      c,
      MAIN_YEAR,
      `${c.code}|carry`,
      'carry',
      'XJFP',
      'FP',
      kind,
      rng.int(30, 150, 'carry-wan', c.code),
    );
  }
  for (const c of pick(counties, 0.1, 'P09')) {
    const kind: ProjectKind = {
      category: '产业发展',
      funcSubject: '2130505',
      econSubject: '30399',
      wan: [0, 0],
      name: (p) => `${p.county}${p.year}年到户产业发展奖补（第二批）`,
    };
    const it = planner.extraCountyItem(
      c,
      MAIN_YEAR,
      `${c.code}|late`,
      'late',
      'XJDH',
      'FP',
      kind,
      rng.int(20, 80, 'late-wan', c.code),
    );
    it.mark = { kind: 'P09' };
  }

  // Item marks (2020).
  const main = (it: Item): boolean => it.year === MAIN_YEAR && it.county !== null && it.mark === null;
  const projects = (): Item[] => items.filter((it) => main(it) && !it.program && it.batch !== 'late');
  const markEach = (pool: Item[], rate: number, purpose: string, apply: (it: Item) => void): void => {
    for (const it of choose(rng, pool, rate, (x) => x.key, purpose)) apply(it);
  };
  for (const kind of ['DQ11', 'DQ12', 'DQ13', 'DQ14'] as const) {
    markEach(projects(), 0.015, kind, (it) => (it.mark = { kind }));
  }
  markEach(
    projects().filter((it) => chain(it.chain).county[0]?.poverty),
    0.01,
    'M06',
    (it) => {
      const v = rng.pick(M06_VARIANTS, 'M06-variant', it.key);
      it.mark = { kind: 'M06', funcSubject: v.funcSubject, econSubject: v.econSubject, note: v.note };
    },
  );
  markEach(
    projects().filter((it) => it.amount <= 2_000_000_00),
    0.004,
    'M03-T04',
    (it) => (it.mark = { kind: 'M03_IDLE_T04' }),
  );
  markEach(
    projects().filter((it) => it.chain === 'FP' && it.amount >= 400_000_00 && !slowSpending.has(it.region)),
    0.01,
    'T09-T04',
    (it) => (it.mark = { kind: 'T09_T04', cut: roundHundred(it.amount * (0.1 + 0.2 * rng.u('cut', it.key))) }),
  );
  markEach(
    projects().filter((it) => !slowSpending.has(it.region) && it.amount >= 200_000_00),
    0.01,
    'T09-T08',
    (it) => (it.mark = { kind: 'T09_T08' }),
  );

  const programs = (): Item[] => items.filter((it) => main(it) && it.program !== null);
  const lastMonth = (it: Item): number => it.monthly.reduce((m, v, i) => (v > 0 ? i : m), 0);
  markEach(programs(), 0.03, 'M05', (it) => {
    const last = it.monthly[lastMonth(it)] ?? 0;
    const delta = Math.min(roundHundred(last * 0.05 + 100_000), roundHundred(last / 2));
    it.mark = { kind: 'M05', delta };
    it.amount -= delta;
  });
  markEach(programs(), 0.03, 'P10', (it) => {
    const last = it.monthly[lastMonth(it)] ?? 0;
    const delta = roundHundred(last * 0.04 + 50_000);
    it.mark = { kind: 'P10', delta };
    it.amount += delta;
  });
  return { lateImport, partialImport, neverImported, idle5001, slowSpending, carry, lateCities };
}
