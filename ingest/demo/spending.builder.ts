/**
 * The spending side of every item: the T04 that details it to its project, then payment plans (T07) and
 * payments (T08). Projects pay in tranches about every two months until the end of the year; the programs pay
 * each month exactly what the payment detail of that month adds up to. Red-ink corrections (T09) go to the
 * second posting batch and what they free is re-arranged in the third. Item marks become the document-side
 * anomalies: M05/P10 (program documents that disagree with their detail), M06 (subjects), DQ11–DQ14 (project
 * names), M03 (a T04 never planned), M04 (a county that pays only part of its plans), P09 (no detail).
 */
import { defectiveProjectName } from './doc-number.format.ts';
import { chain, programDocId } from './fund.catalog.ts';
import type { SeededRandom } from './seeded-random.ts';
import type { DocBook } from './doc-book.ts';
import type { CountyMarks } from './anomaly.planner.ts';
import type { ItemPlanner } from './item.planner.ts';
import type { Source } from './transfer.builder.ts';
import { MAIN_YEAR } from './demo.types.ts';
import { addDays, maxDate, minDate, splitAmount, ymd, type DocDraft, type Item, type TruthRow } from './plan.types.ts';

/** The M04 county pays this share of each project payment plan. */
const SLOW_SHARE = 0.3;

export class SpendingBuilder {
  constructor(
    private readonly rng: SeededRandom,
    private readonly book: DocBook,
    private readonly marks: CountyMarks,
    private readonly truth: TruthRow[],
    private readonly planner: ItemPlanner,
  ) {}

  build(items: readonly Item[], sources: ReadonlyMap<string, Source>): void {
    for (const it of items) {
      const src = sources.get(it.key);
      if (!src) throw new Error(`演示项目没有资金来源: ${it.key}`);
      if (it.program) this.program(it, src);
      else this.project(it, src, 1);
    }
  }

  private t04(
    it: Item,
    src: Source,
    date: string,
    amount: number,
    stage: 1 | 3,
    docId?: string,
    projectName?: string | null,
  ): DocDraft {
    const kind = it.project.kind;
    const m = it.mark;
    let name: string | null = projectName === undefined ? it.project.name : projectName;
    if (m && (m.kind === 'DQ11' || m.kind === 'DQ12' || m.kind === 'DQ13' || m.kind === 'DQ14')) {
      name = defectiveProjectName(
        m.kind,
        { year: it.year, fundName: chain(it.chain).county[0]?.name ?? '' },
        this.rng,
        it.key,
      );
    }
    return this.book.add({
      docId,
      txn: 'T04',
      region: it.region,
      year: it.year,
      date,
      amount,
      source: src.docId,
      stage,
      projectCode: it.project.code,
      projectName: name,
      funcSubject: m?.kind === 'M06' ? m.funcSubject : kind.funcSubject,
      econSubject: m?.kind === 'M06' ? m.econSubject : kind.econSubject,
      forPoor: it.program !== null || m?.kind === 'P09',
      issuer: it.issuer,
      mark: '财农',
      reservedNo: it.program ? it.program.no : null,
      summary: `细化安排: ${it.project.name}`,
    });
  }

  private program(it: Item, src: Source): void {
    const p = it.program;
    if (!p || !it.county) throw new Error('program item without program');
    const t04 = this.t04(
      it,
      src,
      addDays(ymd(it.year, 1, 2), this.rng.int(0, 4, 'p-t04', it.key)),
      it.amount,
      1,
      programDocId(it.county.code, it.year, p.no),
    );
    const months = it.monthly.map((v, m) => ({ v, m })).filter((x) => x.m >= 1 && x.v > 0);
    const last = months[months.length - 1]?.m ?? 12;
    for (const { v, m } of months) {
      let amount = v;
      if (m === last && it.mark?.kind === 'M05') amount -= it.mark.delta;
      if (m === last && it.mark?.kind === 'P10') amount += it.mark.delta;
      const planDate =
        m === 1
          ? addDays(ymd(it.year, 1, 10), this.rng.int(0, 2, 'p-t07', it.key, m))
          : addDays(ymd(it.year, m, 3), this.rng.int(0, 5, 'p-t07', it.key, m));
      const t07 = this.book.add({
        txn: 'T07',
        region: it.region,
        year: it.year,
        date: planDate,
        amount,
        source: t04.docId,
        issuer: it.issuer,
        mark: '财农',
        docNoFrom: t04.docId,
        summary: `${m}月${p.name}支付计划`,
      });
      this.book.add({
        txn: 'T08',
        region: it.region,
        year: it.year,
        date: addDays(ymd(it.year, m, 18), this.rng.int(0, 7, 'p-t08', it.key, m)),
        amount,
        source: t07.docId,
        issuer: it.issuer,
        mark: '财农',
        docNoFrom: t04.docId,
        summary: `${m}月${p.name}发放`,
      });
    }
    if (it.mark?.kind === 'M05') {
      this.truth.push({
        rule: 'M05',
        type: 'document',
        id: t04.docId,
        note: `发放明细合计超出指标金额 ${it.mark.delta / 100} 元`,
      });
      this.truth.push({
        rule: 'P10',
        type: 'document',
        id: t04.docId,
        note: `明细合计比实际支付多 ${it.mark.delta / 100} 元 (超指标部分未支付入账)`,
      });
    }
    if (it.mark?.kind === 'P10') {
      this.truth.push({
        rule: 'P10',
        type: 'document',
        id: t04.docId,
        note: `实际支付比发放明细合计多 ${it.mark.delta / 100} 元`,
      });
    }
  }

  /** Dates of the payment plans: the first 10–25 days after the T04, then about every two months. */
  private planDates(it: Item, t04Date: string): string[] {
    const end = ymd(it.year, 11, 30);
    const dates: string[] = [];
    let d = addDays(t04Date, this.rng.int(10, 25, 'first-t07', it.key, t04Date));
    while (d <= end && dates.length < 6) {
      dates.push(d);
      d = addDays(d, this.rng.int(55, 65, 'next-t07', it.key, d));
    }
    return dates.length ? dates : [minDate(addDays(t04Date, 5), ymd(it.year, 12, 20))];
  }

  private project(it: Item, src: Source, stage: 1 | 3): void {
    const base = maxDate(src.date, ymd(it.year, 1, 2));
    const date =
      it.mark?.kind === 'P09'
        ? ymd(MAIN_YEAR, 10, 10)
        : addDays(
            base,
            src.date < ymd(it.year, 1, 1) ? this.rng.int(0, 30, 't04', it.key) : this.rng.int(3, 35, 't04', it.key),
          );
    const t04 = this.t04(it, src, date, it.amount, stage);
    const m = it.mark;
    if (m?.kind === 'DQ11' || m?.kind === 'DQ12' || m?.kind === 'DQ13' || m?.kind === 'DQ14') {
      this.truth.push({
        rule: m.kind,
        type: 'document',
        id: t04.docId,
        note: `项目名称: ${t04.projectName ?? '(空)'}`,
      });
    }
    if (m?.kind === 'M06') this.truth.push({ rule: 'M06', type: 'document', id: t04.docId, note: m.note });
    if (m?.kind === 'M03_IDLE_T04') {
      this.truth.push({
        rule: 'M03',
        type: 'document',
        id: t04.docId,
        note: '细化到项目后一直未编制支付计划 (500201 本级支出指标沉淀)',
      });
      return;
    }
    if (m?.kind === 'P09') {
      this.truth.push({
        rule: 'P09',
        type: 'document',
        id: t04.docId,
        note: '标记全部用于贫困人员, 登记 60 天后仍无发放明细',
      });
      this.book.add({
        txn: 'T07',
        region: it.region,
        year: it.year,
        date: addDays(date, 15),
        amount: it.amount,
        source: t04.docId,
        issuer: it.issuer,
        mark: '财农',
        docNoFrom: t04.docId,
        summary: '支付计划',
      });
      return;
    }
    const cut = m?.kind === 'T09_T04' ? m.cut : 0;
    const slow = it.year === MAIN_YEAR && it.county !== null && this.marks.slowSpending.has(it.region);
    const dates = this.planDates(it, date);
    const parts = splitAmount(it.amount - cut, dates.length);
    parts.forEach((amount, i) => {
      const planDate = dates[i] ?? date;
      const t07 = this.book.add({
        txn: 'T07',
        region: it.region,
        year: it.year,
        date: planDate,
        amount,
        source: t04.docId,
        stage,
        issuer: it.issuer,
        mark: '财农',
        docNoFrom: t04.docId,
        summary: `${it.project.name} 第${i + 1}期支付计划`,
      });
      const paid = slow ? Math.max(10_000, Math.floor((amount * SLOW_SHARE) / 10_000) * 10_000) : amount;
      const payDate = minDate(addDays(planDate, this.rng.int(5, 20, 't08', it.key, i)), ymd(it.year, 12, 28));
      const t08 = this.book.add({
        txn: 'T08',
        region: it.region,
        year: it.year,
        date: payDate,
        amount: paid,
        source: t07.docId,
        stage,
        issuer: it.issuer,
        mark: '财农',
        docNoFrom: t04.docId,
        summary: `${it.project.name} 第${i + 1}期支付`,
      });
      if (i === 0 && m?.kind === 'T09_T08' && paid >= 20_000) this.correctPayment(it, t07, t08);
    });
    if (cut > 0) this.correctArrangement(it, src, t04, cut);
  }

  /** A payment booked too high is reduced by a red-ink T09, and the right remainder paid again. */
  private correctPayment(it: Item, t07: DocDraft, t08: DocDraft): void {
    const c = Math.max(
      10_000,
      Math.floor((t08.amount * (0.2 + 0.3 * this.rng.u('t09-t08', it.key))) / 10_000) * 10_000,
    );
    if (c >= t08.amount) return;
    const t09 = this.book.add({
      txn: 'T09',
      region: it.region,
      year: it.year,
      date: minDate(addDays(t08.date, this.rng.int(3, 8, 't09', it.key)), ymd(it.year, 12, 29)),
      amount: -c,
      corrects: t08.docId,
      stage: 2,
      issuer: it.issuer,
      mark: '财农',
      summary: `更正支付金额 (冲减 ${c / 100} 元)`,
    });
    this.book.add({
      txn: 'T08',
      region: it.region,
      year: it.year,
      date: minDate(addDays(t09.date, this.rng.int(5, 12, 're-t08', it.key)), ymd(it.year, 12, 30)),
      amount: c,
      source: t07.docId,
      stage: 3,
      issuer: it.issuer,
      mark: '财农',
      docNoFrom: t08.docNoFrom,
      summary: `${it.project.name} 更正后重新支付`,
    });
  }

  /** A project arranged too high is reduced by a T09; the freed amount goes to a new project of the county. */
  private correctArrangement(it: Item, src: Source, t04: DocDraft, cut: number): void {
    if (!it.county) return;
    const t09 = this.book.add({
      txn: 'T09',
      region: it.region,
      year: it.year,
      date: addDays(t04.date, this.rng.int(20, 40, 't09-t04', it.key)),
      amount: -cut,
      corrects: t04.docId,
      stage: 2,
      issuer: it.issuer,
      mark: '财农',
      summary: `调减项目安排 (冲减 ${cut / 100} 元)`,
    });
    const kind = it.project.kind;
    const key = `${it.key}|recarve`;
    const project = this.planner.countyProject(it.county, it.year, key, kind);
    const next: Item = { ...it, key, amount: cut, project, mark: null };
    this.project(next, { docId: src.docId, date: addDays(t09.date, this.rng.int(3, 10, 're-t04', it.key)) }, 3);
  }
}
