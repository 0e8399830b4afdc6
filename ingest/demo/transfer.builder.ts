/**
 * The documents that bring money to the spending regions, amounts bottom-up (each level passes on exactly
 * what the levels below spend) and dates top-down (each hop a few days after the one above):
 * - adv/b2: 中央 T02 → T05 to the province → 省 T01 → T05 to cities → 市 T01 → T05 to counties → 县 T01;
 * - pm: 省 T02 (省级配套) → the province's own T04s and T05 down; cm: 市 T02 likewise; own: 县 T02;
 * - carry: last year's 县 T02 carried into this year by the engine's T10; late: a 县 T02 in October;
 * - dx: the eastern province's T02 → T06 横向 → 县 T01 without fund → T03 into the county's 协作 fund.
 * The ledger-side anomalies of transfers are made here: M01 (a city passes a transfer on late), M02 (a county
 * imports late), L01 (a transfer imported in part, or never), M03 (part of a transfer left in 5001).
 */
import { chain as chainDef, EASTERN_FUND, type ChainDef, type ChainKey } from './fund.catalog.ts';
import type { RegionNode, RegionTree } from './region-tree.generator.ts';
import type { SeededRandom } from './seeded-random.ts';
import type { DocBook } from './doc-book.ts';
import type { CountyMarks } from './anomaly.planner.ts';
import { MAIN_YEAR, PRIOR_YEAR } from './demo.types.ts';
import { addDays, ymd, type Batch, type DocDraft, type Item, type TruthRow } from './plan.types.ts';

export interface Source {
  docId: string;
  date: string;
}

const sum = (items: readonly Item[]): number => items.reduce((a, b) => a + b.amount, 0);

function groupBy<T>(list: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of list) {
    const g = m.get(key(t));
    if (g) g.push(t);
    else m.set(key(t), [t]);
  }
  return m;
}

export class TransferBuilder {
  /** item key → the document it is carved from */
  readonly sources = new Map<string, Source>();
  private readonly regions = new Map<string, RegionNode>();
  /** 2019 county T02 (own 配套) per county, for the carry-over */
  private readonly ownT02 = new Map<string, DocDraft>();
  /** the T10s the year-end carry-over of 2019 must produce */
  readonly carried: { docId: string; amount: number }[] = [];

  constructor(
    private readonly rng: SeededRandom,
    private readonly tree: RegionTree,
    private readonly book: DocBook,
    private readonly marks: CountyMarks,
    private readonly truth: TruthRow[],
  ) {
    for (const r of [tree.central, tree.province, tree.eastern, ...tree.cities, ...tree.counties]) this.regions.set(r.code, r);
  }

  private region(code: string): RegionNode {
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

  private days(lo: number, hi: number, ...keys: (string | number)[]): number {
    return this.rng.int(lo, hi, 'days', ...keys);
  }

  build(items: readonly Item[]): void {
    for (const year of [PRIOR_YEAR, MAIN_YEAR]) {
      const ofYear = items.filter((it) => it.year === year);
      for (const key of ['FP', 'MZ', 'YG', 'YY', 'HL'] as const) {
        for (const batch of ['adv', 'b2'] as const) {
          this.transferChain(year, chainDef(key), batch, ofYear.filter((it) => it.chain === key && it.batch === batch));
        }
      }
      this.provinceMatch(year, ofYear.filter((it) => it.batch === 'pm'));
      this.cityMatch(year, ofYear.filter((it) => it.batch === 'cm'));
      this.countyOwn(year, ofYear.filter((it) => it.batch === 'own'), items.filter((it) => it.batch === 'carry'));
    }
    this.carryOver(items.filter((it) => it.batch === 'carry'));
    this.late(items.filter((it) => it.batch === 'late'));
    this.eastWest(items.filter((it) => it.batch === 'dx'));
  }

  private summaryOf(year: number, ch: ChainDef, what: string, advance: boolean): string {
    return `${what}${year}年${ch.central?.name ?? ch.county[0]?.name ?? ''}${advance ? '（提前下达）' : ''}`;
  }

  /** One transfer batch of a chain from 中央 down to the counties. */
  private transferChain(year: number, ch: ChainDef, batch: 'adv' | 'b2', items: readonly Item[]): void {
    if (items.length === 0 || !ch.central || !ch.province || !ch.city) return;
    const adv = batch === 'adv';
    const anomalous = year === MAIN_YEAR && batch === 'b2' && ch.key === 'FP';
    const byCounty = groupBy(items, (it) => it.region);
    const countyTotal = (c: string): number =>
      sum(byCounty.get(c) ?? []) +
      (anomalous ? (this.marks.partialImport.get(c) ?? 0) + (this.marks.idle5001.get(c) ?? 0) + (this.marks.neverImported.get(c) ?? 0) : 0);
    const counties = [...byCounty.keys()];
    const total = counties.reduce((a, c) => a + countyTotal(c), 0);
    const d0 = addDays(adv ? ymd(year - 1, 10, 28) : ymd(year, 3, 16), this.days(0, 3, 'd0', year, ch.key, batch));
    const tag = `${year}|${ch.key}|${batch}`;

    const cT02 = this.book.add({
      txn: 'T02', region: this.tree.central.code, year, date: addDays(d0, -8), amount: total, fund: ch.central.code,
      advance: adv, issuer: '', mark: ch.docMark, summary: this.summaryOf(year, ch, '安排', adv),
    });
    const cT05 = this.book.add({
      txn: 'T05', region: this.tree.central.code, year, date: d0, amount: total, source: cT02.docId,
      target: this.tree.province.code, advance: adv, issuer: '', mark: ch.docMark,
      noGroup: `${this.tree.central.code}|${tag}`, summary: this.summaryOf(year, ch, '下达', adv),
    });
    const pT01 = this.importDoc(cT05, this.tree.province.code, ch.province.code, addDays(d0, this.days(2, 7, tag, 'p')), total, ch, adv);

    for (const [city, cityCounties] of groupBy(counties, (c) => this.region(c).parent ?? '')) {
      const cityTotal = cityCounties.reduce((a, c) => a + countyTotal(c), 0);
      const pT05 = this.book.add({
        txn: 'T05', region: this.tree.province.code, year, date: addDays(pT01.date, this.days(3, 15, tag, city)),
        amount: cityTotal, source: pT01.docId, target: city, advance: adv, issuer: this.issuer(this.tree.province.code),
        mark: ch.docMark, noGroup: `${this.tree.province.code}|${tag}`, summary: this.summaryOf(year, ch, '转下达', adv),
      });
      const mT01 = this.importDoc(pT05, city, ch.city.code, addDays(pT05.date, this.days(2, 7, tag, city, 'm')), cityTotal, ch, adv);
      const lateCity = anomalousCity(this.marks, year, batch, city, ch.key);
      const passOn = lateCity ? this.days(40, 50, tag, city, 'late') : this.days(3, 15, tag, city, 'pass');
      if (lateCity) {
        this.truth.push({ rule: 'M01', type: 'document', id: mT01.docId, note: `市级收到转移支付后 ${passOn} 天才转下达 (超过 30 天)` });
      }
      for (const county of cityCounties) {
        const partial = anomalous ? (this.marks.partialImport.get(county) ?? 0) : 0;
        const never = anomalous ? (this.marks.neverImported.get(county) ?? 0) : 0;
        const mT05 = this.book.add({
          txn: 'T05', region: city, year, date: addDays(mT01.date, passOn), amount: countyTotal(county) - never,
          source: mT01.docId, target: county, advance: adv, issuer: this.issuer(city), mark: ch.docMark,
          noGroup: `${city}|${tag}`, summary: this.summaryOf(year, ch, '转下达', adv),
        });
        const late = anomalous && this.marks.lateImport.has(county);
        const importDays = late ? this.days(20, 30, tag, county, 'late') : this.days(2, 7, tag, county, 'import');
        const funds = groupBy(byCounty.get(county) ?? [], (it) => it.fund);
        for (const [fund, fundItems] of funds) {
          const idle = anomalous && fund === 'XJFP' ? (this.marks.idle5001.get(county) ?? 0) : 0;
          const t01 = this.importDoc(mT05, county, fund, addDays(mT05.date, importDays), sum(fundItems) + idle, ch, adv);
          for (const it of fundItems) this.sources.set(it.key, { docId: t01.docId, date: t01.date });
          if (idle > 0) {
            this.truth.push({ rule: 'M03', type: 'document', id: t01.docId, note: `接收的指标中 ${idle / 100} 元一直未分配 (5001 待分配指标沉淀)` });
          }
        }
        if (late) {
          this.truth.push({ rule: 'M02', type: 'transfer', id: mT05.docId, note: `下达后 ${importDays} 天才接收 (超过 15 天)` });
        }
        if (partial > 0) {
          this.truth.push({ rule: 'L01', type: 'transfer', id: mT05.docId, note: `县级只接收了一部分, ${partial / 100} 元在途未接收` });
          this.truth.push({ rule: 'M02', type: 'transfer', id: mT05.docId, note: `${partial / 100} 元在途超过 15 天未接收` });
          // The county imports less than was sent: its first fund's T01 was built from its own needs only.
        }
        if (never > 0) {
          const lost = this.book.add({
            txn: 'T05', region: city, year, date: addDays(mT01.date, passOn), amount: never, source: mT01.docId,
            target: county, advance: adv, issuer: this.issuer(city), mark: ch.docMark, noGroup: null,
            summary: this.summaryOf(year, ch, '追加下达', adv),
          });
          this.truth.push({ rule: 'M02', type: 'transfer', id: lost.docId, note: '下达后县级一直未接收' });
          this.truth.push({ rule: 'L01', type: 'transfer', id: lost.docId, note: `上级下达 ${never / 100} 元, 县级未记录收到 (在途)` });
        }
      }
    }
  }

  /** A T01 importing an upper document into a local fund (null: stays in 1001, see the 东西部协作 T03). */
  private importDoc(source: DocDraft, region: string, fund: string | null, date: string, amount: number, ch: ChainDef | null, advance: boolean): DocDraft {
    const from = this.region(source.region);
    return this.book.add({
      txn: 'T01', region, year: source.year, date, amount, source: source.docId, fund, advance,
      issuer: this.issuer(region), mark: ch?.docMark ?? '财农',
      summary: `接收${from.name}${source.year}年${ch?.central?.name ?? EASTERN_FUND.name}指标${advance ? '（提前下达）' : ''}`,
    });
  }

  /** 省级配套: the province's own T02 funds its own projects and transfers to the cities. */
  private provinceMatch(year: number, items: readonly Item[]): void {
    if (items.length === 0) return;
    const ch = chainDef('FP');
    const prov = this.tree.province.code;
    const pT02 = this.book.add({
      txn: 'T02', region: prov, year, date: addDays(ymd(year, 2, 20), this.days(0, 3, year, 'pm')), amount: sum(items),
      fund: 'SJFP', issuer: this.issuer(prov), mark: ch.docMark, summary: `${year}年省级财政专项扶贫配套资金`,
    });
    const own = items.filter((it) => it.region === prov);
    for (const it of own) this.sources.set(it.key, { docId: pT02.docId, date: pT02.date });
    const down = items.filter((it) => it.region !== prov);
    for (const [city, cityItems] of groupBy(down, (it) => it.city ?? '')) {
      const pT05 = this.book.add({
        txn: 'T05', region: prov, year, date: addDays(pT02.date, this.days(3, 15, year, 'pm', city)), amount: sum(cityItems),
        source: pT02.docId, target: city, issuer: this.issuer(prov), mark: ch.docMark, noGroup: `${prov}|${year}|pm`,
        summary: `下达${year}年省级财政专项扶贫配套资金`,
      });
      const mT01 = this.importDoc(pT05, city, 'SHJFP', addDays(pT05.date, this.days(2, 7, year, 'pm', city, 'm')), sum(cityItems), ch, false);
      this.toCounties(year, 'pm', city, mT01, cityItems);
    }
  }

  /** 市级配套: each city's own T02 funds its own project and transfers to its counties. */
  private cityMatch(year: number, items: readonly Item[]): void {
    const ch = chainDef('FP');
    for (const [city, cityItems] of groupBy(items, (it) => it.city ?? '')) {
      const mT02 = this.book.add({
        txn: 'T02', region: city, year, date: addDays(ymd(year, 3, 5), this.days(0, 5, year, 'cm', city)), amount: sum(cityItems),
        fund: 'SHJFP', issuer: this.issuer(city), mark: ch.docMark, summary: `${year}年市级财政专项扶贫配套资金`,
      });
      for (const it of cityItems.filter((x) => x.region === city)) this.sources.set(it.key, { docId: mT02.docId, date: mT02.date });
      this.toCounties(year, 'cm', city, mT02, cityItems.filter((x) => x.region !== city));
    }
  }

  private toCounties(year: number, batch: Batch, city: string, from: DocDraft, items: readonly Item[]): void {
    const ch = chainDef('FP');
    for (const [county, countyItems] of groupBy(items, (it) => it.region)) {
      const mT05 = this.book.add({
        txn: 'T05', region: city, year, date: addDays(from.date, this.days(3, 15, year, batch, county)), amount: sum(countyItems),
        source: from.docId, target: county, issuer: this.issuer(city), mark: ch.docMark, noGroup: `${city}|${year}|${batch}`,
        summary: `转下达${year}年${batch === 'pm' ? '省级' : '市级'}财政专项扶贫配套资金`,
      });
      const t01 = this.importDoc(mT05, county, 'XJFP', addDays(mT05.date, this.days(2, 7, year, batch, county, 'i')), sum(countyItems), ch, false);
      for (const it of countyItems) this.sources.set(it.key, { docId: t01.docId, date: t01.date });
    }
  }

  /** 县级配套 (own T02); in 2019 it also holds what will be carried into 2020. */
  private countyOwn(year: number, items: readonly Item[], carryItems: readonly Item[]): void {
    const byCounty = groupBy(items, (it) => it.region);
    const carryByCounty = year === PRIOR_YEAR ? groupBy(carryItems, (it) => it.region) : new Map<string, Item[]>();
    const counties = new Set([...byCounty.keys(), ...carryByCounty.keys()]);
    for (const county of [...counties].sort()) {
      const own = byCounty.get(county) ?? [];
      const carried = sum(carryByCounty.get(county) ?? []);
      const t02 = this.book.add({
        txn: 'T02', region: county, year, date: addDays(ymd(year, 2, 10), this.days(0, 5, year, 'own', county)),
        amount: sum(own) + carried, fund: 'XJFP', issuer: this.issuer(county), mark: '财农', summary: `${year}年县级财政专项扶贫配套资金`,
      });
      for (const it of own) this.sources.set(it.key, { docId: t02.docId, date: t02.date });
      if (year === PRIOR_YEAR && carried > 0) this.ownT02.set(county, t02);
    }
  }

  /**
   * 年终结转: the part of 2019's 县级配套 left unspent is carried into 2020 by the engine's year-end
   * carry-over (carryOverYear: a T10 `JZ2019-<source>-1` per document with a 5001 balance), and pays the carry
   * projects. Their T04s are posted after it.
   */
  private carryOver(items: readonly Item[]): void {
    for (const [county, countyItems] of groupBy(items, (it) => it.region)) {
      const src = this.ownT02.get(county);
      if (!src) throw new Error(`结转缺少 2019 年县级配套单据: ${county}`);
      const t10 = carryOverDocId(PRIOR_YEAR, src.docId);
      this.carried.push({ docId: t10, amount: sum(countyItems) });
      for (const it of countyItems) this.sources.set(it.key, { docId: t10, date: ymd(PRIOR_YEAR, 12, 31) });
    }
  }

  /** A county's own arrangement in October for a 全部用于贫困人员 project (the P09 case). */
  private late(items: readonly Item[]): void {
    for (const it of items) {
      const t02 = this.book.add({
        txn: 'T02', region: it.region, year: MAIN_YEAR, date: ymd(MAIN_YEAR, 10, 5), amount: it.amount, fund: 'XJDH',
        issuer: this.issuer(it.region), mark: '财农', summary: `${MAIN_YEAR}年县级到户补助追加`,
      });
      this.sources.set(it.key, { docId: t02.docId, date: t02.date });
    }
  }

  /** 东西部协作: eastern T02 → T06 → county T01 (no fund, stays in 1001) → T03 into XJDX. */
  private eastWest(items: readonly Item[]): void {
    for (const [county, countyItems] of groupBy(items, (it) => it.region)) {
      const east = this.tree.eastern.code;
      const amount = sum(countyItems);
      const eT02 = this.book.add({
        txn: 'T02', region: east, year: MAIN_YEAR, date: ymd(MAIN_YEAR, 3, 2), amount, fund: EASTERN_FUND.code,
        issuer: this.issuer(east), mark: '财农', summary: `${MAIN_YEAR}年东西部扶贫协作资金`,
      });
      const t06 = this.book.add({
        txn: 'T06', region: east, year: MAIN_YEAR, date: ymd(MAIN_YEAR, 3, 10), amount, source: eT02.docId, target: county,
        issuer: this.issuer(east), mark: '财农', summary: `拨付${this.region(county).name}${MAIN_YEAR}年东西部扶贫协作资金`,
      });
      const t01 = this.importDoc(t06, county, null, ymd(MAIN_YEAR, 3, 14), amount, null, false);
      const t03 = this.book.add({
        txn: 'T03', region: county, year: MAIN_YEAR, date: ymd(MAIN_YEAR, 3, 18), amount, source: t01.docId, fund: 'XJDX',
        issuer: this.issuer(county), mark: '财农', summary: '东西部扶贫协作资金登记到专项资金',
      });
      for (const it of countyItems) this.sources.set(it.key, { docId: t03.docId, date: t03.date });
    }
  }
}

/** The id carryOverYear gives the first T10 carved from a document. */
export const carryOverDocId = (year: number, sourceDocId: string): string => `JZ${year}-${sourceDocId}-1`;

function anomalousCity(marks: CountyMarks, year: number, batch: string, city: string, chainKey: ChainKey): boolean {
  return year === MAIN_YEAR && batch === 'b2' && marks.lateCities.has(`${city}|${chainKey}`);
}
