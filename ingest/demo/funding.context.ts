/**
 * What the funding builders share: the document book, the region lookup, the 文号 issuer of a region,
 * keyed day offsets, the T01 that imports an upper document, and where each item's money comes from.
 */
import { EASTERN_FUND, type ChainDef } from './fund.catalog.ts';
import type { RegionNode, RegionTree } from './region-tree.generator.ts';
import type { SeededRandom } from './seeded-random.ts';
import type { DocBook } from './doc-book.ts';
import type { CountyMarks } from './anomaly.planner.ts';
import type { DocDraft, Item, TruthRow } from './plan.types.ts';

export interface Source {
  docId: string;
  date: string;
}

export const sum = (items: readonly Item[]): number => items.reduce((a, b) => a + b.amount, 0);

export function groupBy<T>(list: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of list) {
    const g = m.get(key(t));
    if (g) g.push(t);
    else m.set(key(t), [t]);
  }
  return m;
}

export class FundingContext {
  /** item key → the document it is carved from */
  readonly sources = new Map<string, Source>();
  private readonly regions = new Map<string, RegionNode>();

  constructor(
    protected readonly rng: SeededRandom,
    protected readonly tree: RegionTree,
    protected readonly book: DocBook,
    protected readonly marks: CountyMarks,
    protected readonly truth: TruthRow[],
  ) {
    for (const r of [tree.central, tree.province, tree.eastern, ...tree.cities, ...tree.counties])
      this.regions.set(r.code, r);
  }

  protected region(code: string): RegionNode {
    const r = this.regions.get(code);
    if (!r) throw new Error(`unknown region ${code}`);
    return r;
  }

  /** 机关代字 of a region's 文号 (中央: 财农 without prefix; provinces: one character). */
  issuer(code: string): string {
    const r = this.region(code);
    if (r.level === 'central') return '';
    return r.level === 'province' ? r.short.slice(0, 1) : r.short;
  }

  protected days(lo: number, hi: number, ...keys: (string | number)[]): number {
    return this.rng.int(lo, hi, 'days', ...keys);
  }

  protected summaryOf(year: number, ch: ChainDef, what: string, advance: boolean): string {
    return `${what}${year}年${ch.central?.name ?? ch.county[0]?.name ?? ''}${advance ? '（提前下达）' : ''}`;
  }

  /** A T01 importing an upper document into a local fund (null: stays in 1001, see the 东西部协作 T03). */
  protected importDoc(
    source: DocDraft,
    region: string,
    fund: string | null,
    date: string,
    amount: number,
    ch: ChainDef | null,
    advance: boolean,
  ): DocDraft {
    const from = this.region(source.region);
    return this.book.add({
      txn: 'T01',
      region,
      year: source.year,
      date,
      amount,
      source: source.docId,
      fund,
      advance,
      issuer: this.issuer(region),
      mark: ch?.docMark ?? '财农',
      summary: `接收${from.name}${source.year}年${ch?.central?.name ?? EASTERN_FUND.name}指标${advance ? '（提前下达）' : ''}`,
    });
  }
}
