/**
 * Collects the plan's document drafts and hands out their ids: `<region>-<budget year>-<txn>-<nnnn>`, numbered
 * per region, year and 交易令 in the order the plan creates them (deterministic). The first program numbers
 * of each county's T04s are reserved: payments already cite them (fund.catalog.ts programDocId).
 */
import type { TxnCode } from '../../warehouse/schema.types.ts';
import type { DocDraft } from './plan.types.ts';

export type DraftInput = Partial<DocDraft> &
  Pick<DocDraft, 'txn' | 'region' | 'year' | 'date' | 'amount' | 'issuer' | 'mark'> & { docId?: string };

export class DocBook {
  readonly docs: DocDraft[] = [];
  private readonly byId = new Map<string, DocDraft>();
  private readonly counters = new Map<string, number>();

  /** Numbers below `from` are taken (reserved) for this region, year and txn. */
  reserve(region: string, year: number, txn: TxnCode, upTo: number): void {
    const key = `${region}|${year}|${txn}`;
    this.counters.set(key, Math.max(this.counters.get(key) ?? 0, upTo));
  }

  nextId(region: string, year: number, txn: TxnCode): string {
    const key = `${region}|${year}|${txn}`;
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return `${region}-${year}-${txn}-${String(n).padStart(4, '0')}`;
  }

  add(input: DraftInput): DocDraft {
    const doc: DocDraft = {
      docId: input.docId ?? this.nextId(input.region, input.year, input.txn),
      txn: input.txn,
      region: input.region,
      year: input.year,
      date: input.date,
      docNo: null,
      supDocNo: null,
      source: input.source ?? null,
      corrects: input.corrects ?? null,
      fund: input.fund ?? null,
      projectCode: input.projectCode ?? null,
      projectName: input.projectName ?? null,
      funcSubject: input.funcSubject ?? null,
      econSubject: input.econSubject ?? null,
      target: input.target ?? null,
      amount: input.amount,
      advance: input.advance ?? false,
      forPoor: input.forPoor ?? false,
      summary: input.summary ?? null,
      stage: input.stage ?? 1,
      issuer: input.issuer,
      mark: input.mark,
      noGroup: input.noGroup ?? null,
      docNoFrom: input.docNoFrom ?? null,
      reservedNo: input.reservedNo ?? null,
    };
    if (!Number.isSafeInteger(doc.amount) || (doc.txn === 'T09' ? doc.amount >= 0 : doc.amount <= 0)) {
      throw new Error(`演示单据金额无效: ${doc.docId} ${doc.txn} ${doc.amount}`);
    }
    if (this.byId.has(doc.docId)) throw new Error(`演示单据编号重复: ${doc.docId}`);
    this.byId.set(doc.docId, doc);
    this.docs.push(doc);
    return doc;
  }

  get(docId: string): DocDraft {
    const d = this.byId.get(docId);
    if (!d) throw new Error(`演示单据不存在: ${docId}`);
    return d;
  }
}
