/**
 * The documents that bring money to the spending regions, amounts bottom-up (each level passes on exactly
 * what the levels below spend) and dates top-down (each hop a few days after the one above):
 * - adv/b2: 中央 T02 → T05 to the province → 省 T01 → T05 to cities → 市 T01 → T05 to counties → 县 T01;
 * - the levels' own 配套, the carry-over, the late October T02 and 东西部协作: own-funding.builder.ts.
 * The ledger-side anomalies of transfers are made here: M01 (a city passes a transfer on late), M02 (a county
 * imports late), L01 (a transfer imported in part, or never), M03 (part of a transfer left in 5001).
 */
import { chain as chainDef, type ChainDef, type ChainKey } from './fund.catalog.ts';
import type { CountyMarks } from './anomaly.planner.ts';
import { groupBy, sum } from './funding.context.ts';
import { OwnFundingBuilder } from './own-funding.builder.ts';
import { MAIN_YEAR, PRIOR_YEAR } from './demo.types.ts';
import { addDays, ymd, type Item } from './plan.types.ts';

export type { Source } from './funding.context.ts';
export { carryOverDocId } from './own-funding.builder.ts';

export class TransferBuilder extends OwnFundingBuilder {
  build(items: readonly Item[]): void {
    for (const year of [PRIOR_YEAR, MAIN_YEAR]) {
      const ofYear = items.filter((it) => it.year === year);
      for (const key of ['FP', 'MZ', 'YG', 'YY', 'HL'] as const) {
        for (const batch of ['adv', 'b2'] as const) {
          this.transferChain(
            year,
            chainDef(key),
            batch,
            ofYear.filter((it) => it.chain === key && it.batch === batch),
          );
        }
      }
      this.provinceMatch(
        year,
        ofYear.filter((it) => it.batch === 'pm'),
      );
      this.cityMatch(
        year,
        ofYear.filter((it) => it.batch === 'cm'),
      );
      this.countyOwn(
        year,
        ofYear.filter((it) => it.batch === 'own'),
        items.filter((it) => it.batch === 'carry'),
      );
    }
    this.carryOver(items.filter((it) => it.batch === 'carry'));
    this.late(items.filter((it) => it.batch === 'late'));
    this.eastWest(items.filter((it) => it.batch === 'dx'));
  }

  /** One transfer batch of a chain from 中央 down to the counties. */
  private transferChain(year: number, ch: ChainDef, batch: 'adv' | 'b2', items: readonly Item[]): void {
    if (items.length === 0 || !ch.central || !ch.province || !ch.city) return;
    const adv = batch === 'adv';
    const anomalous = year === MAIN_YEAR && batch === 'b2' && ch.key === 'FP';
    const byCounty = groupBy(items, (it) => it.region);
    const countyTotal = (c: string): number =>
      sum(byCounty.get(c) ?? []) +
      (anomalous
        ? (this.marks.partialImport.get(c) ?? 0) +
          (this.marks.idle5001.get(c) ?? 0) +
          (this.marks.neverImported.get(c) ?? 0)
        : 0);
    const counties = [...byCounty.keys()];
    const total = counties.reduce((a, c) => a + countyTotal(c), 0);
    const d0 = addDays(adv ? ymd(year - 1, 10, 28) : ymd(year, 3, 16), this.days(0, 3, 'd0', year, ch.key, batch));
    const tag = `${year}|${ch.key}|${batch}`;

    const cT02 = this.book.add({
      txn: 'T02',
      region: this.tree.central.code,
      year,
      date: addDays(d0, -8),
      amount: total,
      fund: ch.central.code,
      advance: adv,
      issuer: '',
      mark: ch.docMark,
      summary: this.summaryOf(year, ch, '安排', adv),
    });
    const cT05 = this.book.add({
      txn: 'T05',
      region: this.tree.central.code,
      year,
      date: d0,
      amount: total,
      source: cT02.docId,
      target: this.tree.province.code,
      advance: adv,
      issuer: '',
      mark: ch.docMark,
      noGroup: `${this.tree.central.code}|${tag}`,
      summary: this.summaryOf(year, ch, '下达', adv),
    });
    const pT01 = this.importDoc(
      cT05,
      this.tree.province.code,
      ch.province.code,
      addDays(d0, this.days(2, 7, tag, 'p')),
      total,
      ch,
      adv,
    );

    for (const [city, cityCounties] of groupBy(counties, (c) => this.region(c).parent ?? '')) {
      const cityTotal = cityCounties.reduce((a, c) => a + countyTotal(c), 0);
      const pT05 = this.book.add({
        txn: 'T05',
        region: this.tree.province.code,
        year,
        date: addDays(pT01.date, this.days(3, 15, tag, city)),
        amount: cityTotal,
        source: pT01.docId,
        target: city,
        advance: adv,
        issuer: this.issuer(this.tree.province.code),
        mark: ch.docMark,
        noGroup: `${this.tree.province.code}|${tag}`,
        summary: this.summaryOf(year, ch, '转下达', adv),
      });
      const mT01 = this.importDoc(
        pT05,
        city,
        ch.city.code,
        addDays(pT05.date, this.days(2, 7, tag, city, 'm')),
        cityTotal,
        ch,
        adv,
      );
      const lateCity = anomalousCity(this.marks, year, batch, city, ch.key);
      const passOn = lateCity ? this.days(40, 50, tag, city, 'late') : this.days(3, 15, tag, city, 'pass');
      if (lateCity) {
        this.truth.push({
          rule: 'M01',
          type: 'document',
          id: mT01.docId,
          note: `市级收到转移支付后 ${passOn} 天才转下达 (超过 30 天)`,
        });
      }
      for (const county of cityCounties) {
        const partial = anomalous ? (this.marks.partialImport.get(county) ?? 0) : 0;
        const never = anomalous ? (this.marks.neverImported.get(county) ?? 0) : 0;
        const mT05 = this.book.add({
          txn: 'T05',
          region: city,
          year,
          date: addDays(mT01.date, passOn),
          amount: countyTotal(county) - never,
          source: mT01.docId,
          target: county,
          advance: adv,
          issuer: this.issuer(city),
          mark: ch.docMark,
          noGroup: `${city}|${tag}`,
          summary: this.summaryOf(year, ch, '转下达', adv),
        });
        const late = anomalous && this.marks.lateImport.has(county);
        const importDays = late ? this.days(20, 30, tag, county, 'late') : this.days(2, 7, tag, county, 'import');
        const funds = groupBy(byCounty.get(county) ?? [], (it) => it.fund);
        for (const [fund, fundItems] of funds) {
          const idle = anomalous && fund === 'XJFP' ? (this.marks.idle5001.get(county) ?? 0) : 0;
          const t01 = this.importDoc(
            mT05,
            county,
            fund,
            addDays(mT05.date, importDays),
            sum(fundItems) + idle,
            ch,
            adv,
          );
          for (const it of fundItems) this.sources.set(it.key, { docId: t01.docId, date: t01.date });
          if (idle > 0) {
            this.truth.push({
              rule: 'M03',
              type: 'document',
              id: t01.docId,
              note: `接收的指标中 ${idle / 100} 元一直未分配 (5001 待分配指标沉淀)`,
            });
          }
        }
        if (late) {
          this.truth.push({
            rule: 'M02',
            type: 'transfer',
            id: mT05.docId,
            note: `下达后 ${importDays} 天才接收 (超过 15 天)`,
          });
        }
        if (partial > 0) {
          this.truth.push({
            rule: 'L01',
            type: 'transfer',
            id: mT05.docId,
            note: `县级只接收了一部分, ${partial / 100} 元在途未接收`,
          });
          this.truth.push({
            rule: 'M02',
            type: 'transfer',
            id: mT05.docId,
            note: `${partial / 100} 元在途超过 15 天未接收`,
          });
          // The county imports less than was sent: its first fund's T01 was built from its own needs only.
        }
        if (never > 0) {
          const lost = this.book.add({
            txn: 'T05',
            region: city,
            year,
            date: addDays(mT01.date, passOn),
            amount: never,
            source: mT01.docId,
            target: county,
            advance: adv,
            issuer: this.issuer(city),
            mark: ch.docMark,
            noGroup: null,
            summary: this.summaryOf(year, ch, '追加下达', adv),
          });
          this.truth.push({ rule: 'M02', type: 'transfer', id: lost.docId, note: '下达后县级一直未接收' });
          this.truth.push({
            rule: 'L01',
            type: 'transfer',
            id: lost.docId,
            note: `上级下达 ${never / 100} 元, 县级未记录收到 (在途)`,
          });
        }
      }
    }
  }
}

function anomalousCity(marks: CountyMarks, year: number, batch: string, city: string, chainKey: ChainKey): boolean {
  return year === MAIN_YEAR && batch === 'b2' && marks.lateCities.has(`${city}|${chainKey}`);
}
