/**
 * Gives the plan's documents their 文号: numbered per issuing region, department mark and calendar year of
 * the date, in date order; the T05s of one issuance share one number; T07/T08/T10 cite the 文号 of the
 * document they draw on; a T01 records the upper document's 文号 as 上级指标文号. Then the 文号 defects of
 * monitoring.md (DQ01–DQ06) are injected into a few county T01/T02 documents.
 */
import { defectiveDocNo, docNumber, type DocNoDefect } from './doc-number.format.ts';
import type { RegionTree } from './region-tree.generator.ts';
import type { SeededRandom } from './seeded-random.ts';
import { choose } from './anomaly.planner.ts';
import { CHAINS } from './fund.catalog.ts';
import { MAIN_YEAR } from './demo.types.ts';
import type { DocDraft, TruthRow } from './plan.types.ts';

/** First numbers by level, so that a 中央 文号 looks like one (财农〔2019〕158号). */
const FIRST_NUMBER: Record<string, number> = { central: 150, province: 20, city: 5, county: 1 };

export function numberDocuments(docs: readonly DocDraft[], tree: RegionTree): void {
  const level = new Map<string, string>();
  for (const r of [tree.central, tree.province, tree.eastern, ...tree.cities, ...tree.counties])
    level.set(r.code, r.level);
  const byId = new Map(docs.map((d) => [d.docId, d]));
  const own = docs.filter((d) => d.docNoFrom === null);
  const groups = new Map<string, DocDraft[]>();
  for (const d of own) {
    const key = d.noGroup ?? d.docId;
    const g = groups.get(key);
    if (g) g.push(d);
    else groups.set(key, [d]);
  }
  const ordered = [...groups.values()]
    .map((g) => ({
      g,
      first: g.reduce((a, b) => (b.date < a.date || (b.date === a.date && b.docId < a.docId) ? b : a)),
    }))
    .sort((a, b) =>
      a.first.date === b.first.date ? (a.first.docId < b.first.docId ? -1 : 1) : a.first.date < b.first.date ? -1 : 1,
    );

  const next = new Map<string, number>();
  const reserved = new Map<string, number>();
  for (const d of own) {
    if (d.reservedNo === null) continue;
    const key = `${d.region}|${d.mark}|${d.date.slice(0, 4)}`;
    reserved.set(key, Math.max(reserved.get(key) ?? 0, d.reservedNo));
  }
  for (const { g, first } of ordered) {
    const year = Number(first.date.slice(0, 4));
    const key = `${first.region}|${first.mark}|${year}`;
    let n: number;
    if (first.reservedNo !== null) {
      n = first.reservedNo;
    } else {
      const start = Math.max(FIRST_NUMBER[level.get(first.region) ?? 'county'] ?? 1, (reserved.get(key) ?? 0) + 1);
      n = next.get(key) ?? start;
      next.set(key, n + 1);
    }
    const docNo = docNumber(first.issuer, first.mark, year, n);
    for (const d of g) d.docNo = docNo;
  }
  for (const d of docs) {
    if (d.docNoFrom !== null) d.docNo = byId.get(d.docNoFrom)?.docNo ?? null;
    if (d.txn === 'T01' && d.source) d.supDocNo = byId.get(d.source)?.docNo ?? null;
  }
}

/** The program T04s' 文号, known before the documents exist (payments cite them). */
export const programDocNo = (countyIssuer: string, no: number): string =>
  docNumber(countyIssuer, '财农', MAIN_YEAR, no);

const DEFECTS: readonly (DocNoDefect | 'DQ04')[] = ['DQ01', 'DQ02', 'DQ03', 'DQ04', 'DQ05', 'DQ06'];

export function injectDocNoDefects(
  docs: readonly DocDraft[],
  tree: RegionTree,
  rng: SeededRandom,
  truth: TruthRow[],
): void {
  const counties = new Map(tree.counties.map((c) => [c.code, c]));
  const taken = new Set<string>();
  const pool = docs.filter(
    (d) =>
      counties.has(d.region) && (d.txn === 'T01' || d.txn === 'T02') && d.date >= `${MAIN_YEAR}-01-01` && d.stage === 1,
  );
  for (const kind of DEFECTS) {
    const candidates = pool.filter((d) => !taken.has(d.docId) && (kind !== 'DQ04' || (d.txn === 'T01' && d.supDocNo)));
    for (const d of choose(rng, candidates, 0.03, (x) => x.docId, kind)) {
      taken.add(d.docId);
      const before = d.docNo;
      if (kind === 'DQ04') {
        d.docNo = d.supDocNo;
      } else {
        const m = /〔(\d{4})〕(\d+)号$/.exec(before ?? '');
        const county = counties.get(d.region);
        d.docNo = defectiveDocNo(
          kind,
          {
            issuer: d.issuer,
            mark: d.mark,
            year: Number(m?.[1] ?? MAIN_YEAR),
            n: Number(m?.[2] ?? 1),
            regionName: county?.name ?? '',
            fundName: CHAINS.find((c) => c.county.some((f) => f.code === d.fund))?.central?.name ?? '财政专项扶贫资金',
          },
          rng,
          d.docId,
        );
      }
      truth.push({
        rule: kind,
        type: 'document',
        id: d.docId,
        note: `指标文号: ${d.docNo ?? '(空)'} (应为 ${before ?? ''})`,
      });
    }
  }
}
