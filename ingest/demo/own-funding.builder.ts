/**
 * Money a level arranges itself and the other non-transfer paths down to the spending regions:
 * - pm: 省 T02 (省级配套) → the province's own T04s and T05 down; cm: 市 T02 likewise; own: 县 T02;
 * - carry: last year's 县 T02 carried into this year by the engine's T10; late: a 县 T02 in October;
 * - dx: the eastern province's T02 → T06 横向 → 县 T01 without fund → T03 into the county's 协作 fund.
 */
import { chain as chainDef, EASTERN_FUND } from './fund.catalog.ts';
import { FundingContext, groupBy, sum } from './funding.context.ts';
import { MAIN_YEAR, PRIOR_YEAR } from './demo.types.ts';
import { addDays, ymd, type Batch, type DocDraft, type Item } from './plan.types.ts';

/** The id carryOverYear gives the first T10 carved from a document. */
export const carryOverDocId = (year: number, sourceDocId: string): string => `JZ${year}-${sourceDocId}-1`;

export class OwnFundingBuilder extends FundingContext {
  /** 2019 county T02 (own 配套) per county, for the carry-over */
  private readonly ownT02 = new Map<string, DocDraft>();
  /** the T10s the year-end carry-over of 2019 must produce */
  readonly carried: { docId: string; amount: number }[] = [];

  /** 省级配套: the province's own T02 funds its own projects and transfers to the cities. */
  protected provinceMatch(year: number, items: readonly Item[]): void {
    if (items.length === 0) return;
    const ch = chainDef('FP');
    const prov = this.tree.province.code;
    const pT02 = this.book.add({
      txn: 'T02',
      region: prov,
      year,
      date: addDays(ymd(year, 2, 20), this.days(0, 3, year, 'pm')),
      amount: sum(items),
      fund: 'SJFP',
      issuer: this.issuer(prov),
      mark: ch.docMark,
      summary: `${year}年省级财政专项扶贫配套资金`,
    });
    const own = items.filter((it) => it.region === prov);
    for (const it of own) this.sources.set(it.key, { docId: pT02.docId, date: pT02.date });
    const down = items.filter((it) => it.region !== prov);
    for (const [city, cityItems] of groupBy(down, (it) => it.city ?? '')) {
      const pT05 = this.book.add({
        txn: 'T05',
        region: prov,
        year,
        date: addDays(pT02.date, this.days(3, 15, year, 'pm', city)),
        amount: sum(cityItems),
        source: pT02.docId,
        target: city,
        issuer: this.issuer(prov),
        mark: ch.docMark,
        noGroup: `${prov}|${year}|pm`,
        summary: `下达${year}年省级财政专项扶贫配套资金`,
      });
      const mT01 = this.importDoc(
        pT05,
        city,
        'SHJFP',
        addDays(pT05.date, this.days(2, 7, year, 'pm', city, 'm')),
        sum(cityItems),
        ch,
        false,
      );
      this.toCounties(year, 'pm', city, mT01, cityItems);
    }
  }

  /** 市级配套: each city's own T02 funds its own project and transfers to its counties. */
  protected cityMatch(year: number, items: readonly Item[]): void {
    const ch = chainDef('FP');
    for (const [city, cityItems] of groupBy(items, (it) => it.city ?? '')) {
      const mT02 = this.book.add({
        txn: 'T02',
        region: city,
        year,
        date: addDays(ymd(year, 3, 5), this.days(0, 5, year, 'cm', city)),
        amount: sum(cityItems),
        fund: 'SHJFP',
        issuer: this.issuer(city),
        mark: ch.docMark,
        summary: `${year}年市级财政专项扶贫配套资金`,
      });
      for (const it of cityItems.filter((x) => x.region === city))
        this.sources.set(it.key, { docId: mT02.docId, date: mT02.date });
      this.toCounties(
        year,
        'cm',
        city,
        mT02,
        cityItems.filter((x) => x.region !== city),
      );
    }
  }

  private toCounties(year: number, batch: Batch, city: string, from: DocDraft, items: readonly Item[]): void {
    const ch = chainDef('FP');
    for (const [county, countyItems] of groupBy(items, (it) => it.region)) {
      const mT05 = this.book.add({
        txn: 'T05',
        region: city,
        year,
        date: addDays(from.date, this.days(3, 15, year, batch, county)),
        amount: sum(countyItems),
        source: from.docId,
        target: county,
        issuer: this.issuer(city),
        mark: ch.docMark,
        noGroup: `${city}|${year}|${batch}`,
        summary: `转下达${year}年${batch === 'pm' ? '省级' : '市级'}财政专项扶贫配套资金`,
      });
      const t01 = this.importDoc(
        mT05,
        county,
        'XJFP',
        addDays(mT05.date, this.days(2, 7, year, batch, county, 'i')),
        sum(countyItems),
        ch,
        false,
      );
      for (const it of countyItems) this.sources.set(it.key, { docId: t01.docId, date: t01.date });
    }
  }

  /** 县级配套 (own T02); in 2019 it also holds what will be carried into 2020. */
  protected countyOwn(year: number, items: readonly Item[], carryItems: readonly Item[]): void {
    const byCounty = groupBy(items, (it) => it.region);
    const carryByCounty = year === PRIOR_YEAR ? groupBy(carryItems, (it) => it.region) : new Map<string, Item[]>();
    const counties = new Set([...byCounty.keys(), ...carryByCounty.keys()]);
    for (const county of [...counties].sort()) {
      const own = byCounty.get(county) ?? [];
      const carried = sum(carryByCounty.get(county) ?? []);
      const t02 = this.book.add({
        txn: 'T02',
        region: county,
        year,
        date: addDays(ymd(year, 2, 10), this.days(0, 5, year, 'own', county)),
        amount: sum(own) + carried,
        fund: 'XJFP',
        issuer: this.issuer(county),
        mark: '财农',
        summary: `${year}年县级财政专项扶贫配套资金`,
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
  protected carryOver(items: readonly Item[]): void {
    for (const [county, countyItems] of groupBy(items, (it) => it.region)) {
      const src = this.ownT02.get(county);
      if (!src) throw new Error(`结转缺少 2019 年县级配套单据: ${county}`);
      const t10 = carryOverDocId(PRIOR_YEAR, src.docId);
      this.carried.push({ docId: t10, amount: sum(countyItems) });
      for (const it of countyItems) this.sources.set(it.key, { docId: t10, date: ymd(PRIOR_YEAR, 12, 31) });
    }
  }

  /** A county's own arrangement in October for a 全部用于贫困人员 project (the P09 case). */
  protected late(items: readonly Item[]): void {
    for (const it of items) {
      const t02 = this.book.add({
        txn: 'T02',
        region: it.region,
        year: MAIN_YEAR,
        date: ymd(MAIN_YEAR, 10, 5),
        amount: it.amount,
        fund: 'XJDH',
        issuer: this.issuer(it.region),
        mark: '财农',
        summary: `${MAIN_YEAR}年县级到户补助追加`,
      });
      this.sources.set(it.key, { docId: t02.docId, date: t02.date });
    }
  }

  /** 东西部协作: eastern T02 → T06 → county T01 (no fund, stays in 1001) → T03 into XJDX. */
  protected eastWest(items: readonly Item[]): void {
    for (const [county, countyItems] of groupBy(items, (it) => it.region)) {
      const east = this.tree.eastern.code;
      const amount = sum(countyItems);
      const eT02 = this.book.add({
        txn: 'T02',
        region: east,
        year: MAIN_YEAR,
        date: ymd(MAIN_YEAR, 3, 2),
        amount,
        fund: EASTERN_FUND.code,
        issuer: this.issuer(east),
        mark: '财农',
        summary: `${MAIN_YEAR}年东西部扶贫协作资金`,
      });
      const t06 = this.book.add({
        txn: 'T06',
        region: east,
        year: MAIN_YEAR,
        date: ymd(MAIN_YEAR, 3, 10),
        amount,
        source: eT02.docId,
        target: county,
        issuer: this.issuer(east),
        mark: '财农',
        summary: `拨付${this.region(county).name}${MAIN_YEAR}年东西部扶贫协作资金`,
      });
      const t01 = this.importDoc(t06, county, null, ymd(MAIN_YEAR, 3, 14), amount, null, false);
      const t03 = this.book.add({
        txn: 'T03',
        region: county,
        year: MAIN_YEAR,
        date: ymd(MAIN_YEAR, 3, 18),
        amount,
        source: t01.docId,
        fund: 'XJDX',
        issuer: this.issuer(county),
        mark: '财农',
        summary: '东西部扶贫协作资金登记到专项资金',
      });
      for (const it of countyItems) this.sources.set(it.key, { docId: t03.docId, date: t03.date });
    }
  }
}
