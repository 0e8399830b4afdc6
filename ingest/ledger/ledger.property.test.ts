/**
 * Property: any valid sequence of documents over a small region tree (中央 → 省 → 2 市 → 4 县, and 东部省 for
 * 横向 transfers), posted in random batches, is accepted whole and keeps every document balanced, every region
 * and year's identity true, the hash chain valid, and each document's remaining what a plain model says.
 * Then one posting is tampered with and verifyLedger must name it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../warehouse/index.ts';
import {
  addFunds,
  addRegions,
  ledgerWarehouse,
  postDocuments,
  TEST_REGIONS,
  type DocFixture,
} from './ledger.fixtures.ts';
import { verifyLedger } from './ledger.verify.ts';

const CHILDREN: Record<string, string[]> = {
  '100000': ['520000', '330000'],
  '520000': ['520100', '520200'],
  '520100': ['520101', '520102'],
  '520200': ['520201', '520202'],
};
const FUND_OF: Record<string, string> = Object.fromEntries(
  TEST_REGIONS.map((r) => [r.code, r.code === '100000' ? 'C' : `F${r.code}`]),
);
const PARENT: Record<string, string> = Object.fromEntries(
  Object.entries(CHILDREN).flatMap(([parent, kids]) => kids.map((k) => [k, parent])),
);
// Each region's fund designates its parent's fund; 东部省's designates the province's (东西部协作).
const DESIGNATES: Record<string, string> = { ...PARENT, '330000': '520000' };
const REGION_CODES = TEST_REGIONS.map((r) => r.code);

interface ModelDoc {
  id: string;
  txn: string;
  region: string;
  year: number;
  moneyYear: number;
  fund: string | null;
  parent: string | null;
  target?: string;
  remaining: number; // 分
}

interface Command {
  op: number;
  pick: number;
  pct: number;
  cut: boolean;
}

/** Turns commands into valid documents (amounts in 元 with 分, as the fixtures take them) and batches. */
class Model {
  readonly docs = new Map<string, ModelDoc>();
  private deferred: [string, number][] = [];
  private n = 0;

  private choose<T>(items: T[], pick: number): T | undefined {
    return items.length ? items[pick % items.length] : undefined;
  }

  private eligible(test: (d: ModelDoc) => boolean): ModelDoc[] {
    return [...this.docs.values()].filter((d) => d.remaining > 0 && test(d));
  }

  private add(doc: ModelDoc, fixture: Omit<DocFixture, 'id' | 'amount'>, amountFen: number): DocFixture {
    this.docs.set(doc.id, doc);
    if (doc.parent && doc.txn !== 'T09') this.docs.get(doc.parent)!.remaining -= amountFen;
    return { ...fixture, id: doc.id, amount: (amountFen / 100).toFixed(2) };
  }

  /** A correction frees its document's source only for the next batch (the engine reads it level by level). */
  flush(): void {
    for (const [id, amount] of this.deferred) this.docs.get(id)!.remaining += amount;
    this.deferred = [];
  }

  document(c: Command): DocFixture {
    const id = `D${++this.n}`;
    const part = (rem: number): number => Math.max(1, Math.floor((rem * c.pct) / 100));
    const holders = (): ModelDoc[] =>
      this.eligible((d) => (['T01', 'T02'].includes(d.txn) && d.fund !== null) || ['T03', 'T10'].includes(d.txn));
    const base = (src: ModelDoc, txn: string) => ({
      txn,
      region: src.region,
      year: src.moneyYear,
      date: `${src.moneyYear}-06-15`,
      source: src.id,
    });
    const carved = (src: ModelDoc, txn: string, fund: string | null, amount: number, extra: Partial<DocFixture>) =>
      this.add(
        {
          id,
          txn,
          region: src.region,
          year: src.moneyYear,
          moneyYear: src.moneyYear,
          fund,
          parent: src.id,
          target: extra.target,
          remaining: amount,
        },
        { ...base(src, txn), ...extra },
        amount,
      );

    switch (c.op) {
      case 1: {
        const src = this.choose(
          holders().filter((d) => CHILDREN[d.region]),
          c.pick,
        );
        if (!src) break;
        const target = this.choose(CHILDREN[src.region]!, c.pick >> 3)!;
        return carved(src, 'T05', src.fund, part(src.remaining), { target });
      }
      case 2: {
        const src = this.choose(
          this.eligible((d) => ['T05', 'T06'].includes(d.txn)),
          c.pick,
        );
        if (!src) break;
        const target = src.target!;
        const intoFund = c.pct % 3 !== 0 && DESIGNATES[target] === src.region;
        const amount = part(src.remaining);
        return this.add(
          {
            id,
            txn: 'T01',
            region: target,
            year: src.year,
            moneyYear: src.year,
            fund: intoFund ? FUND_OF[target]! : null,
            parent: src.id,
            remaining: amount,
          },
          { ...base(src, 'T01'), region: target, fund: intoFund ? FUND_OF[target] : undefined },
          amount,
        );
      }
      case 3: {
        const src = this.choose(
          this.eligible((d) => ['T01', 'T02'].includes(d.txn) && d.fund === null),
          c.pick,
        );
        if (!src) break;
        return carved(src, 'T03', FUND_OF[src.region]!, part(src.remaining), { fund: FUND_OF[src.region] });
      }
      case 4: {
        const src = this.choose(holders(), c.pick);
        if (!src) break;
        return carved(src, 'T04', src.fund, part(src.remaining), { project: `XM-${c.pick % 7}` });
      }
      case 5:
      case 6: {
        const from = c.op === 5 ? 'T04' : 'T07';
        const src = this.choose(
          this.eligible((d) => d.txn === from),
          c.pick,
        );
        if (!src) break;
        return carved(src, c.op === 5 ? 'T07' : 'T08', src.fund, part(src.remaining), {});
      }
      case 7: {
        const target = this.choose(
          this.eligible((d) => d.txn !== 'T09'),
          c.pick,
        );
        if (!target) break;
        const amount = part(target.remaining);
        target.remaining -= amount;
        if (target.parent) this.deferred.push([target.parent, amount]);
        this.docs.set(id, {
          id,
          txn: 'T09',
          region: target.region,
          year: target.year,
          moneyYear: target.year,
          fund: target.fund,
          parent: target.id,
          remaining: 0,
        });
        return {
          id,
          txn: 'T09',
          region: target.region,
          year: target.year,
          date: `${target.year}-07-01`,
          amount: (-amount / 100).toFixed(2),
          corrects: target.id,
        };
      }
      case 8: {
        const src = this.choose(holders(), c.pick);
        if (!src) break;
        const amount = part(src.remaining);
        return this.add(
          {
            id,
            txn: 'T10',
            region: src.region,
            year: src.moneyYear,
            moneyYear: src.moneyYear + 1,
            fund: src.fund,
            parent: src.id,
            remaining: amount,
          },
          { ...base(src, 'T10'), date: `${src.moneyYear}-12-31` },
          amount,
        );
      }
      case 9: {
        const src = this.choose(
          holders().filter((d) => d.region !== '100000' && d.region !== '330000'),
          c.pick,
        );
        if (!src) break;
        return carved(src, 'T06', src.fund, part(src.remaining), { target: '330000' });
      }
    }
    // op 0, or nothing to carve from: an own-level arrangement.
    const region = this.choose(REGION_CODES, c.pick)!;
    const withFund = c.pct % 2 === 0;
    const amount = c.pct * 1_000_000;
    return this.add(
      {
        id,
        txn: 'T02',
        region,
        year: 2020,
        moneyYear: 2020,
        fund: withFund ? FUND_OF[region]! : null,
        parent: null,
        remaining: amount,
      },
      { txn: 'T02', region, year: 2020, date: '2020-04-01', fund: withFund ? FUND_OF[region] : undefined },
      amount,
    );
  }
}

let wh: Warehouse;
beforeAll(async () => {
  wh = await ledgerWarehouse();
  await addRegions(wh, TEST_REGIONS);
  await addFunds(
    wh,
    REGION_CODES.map((code) => ({
      region: code,
      code: FUND_OF[code]!,
      upper: DESIGNATES[code] ? ([DESIGNATES[code]!, FUND_OF[DESIGNATES[code]!]!] as const) : undefined,
    })),
  );
});
afterAll(() => wh.closeAll());

const ROLLBACK = new Error('rollback');

const command = fc.record({
  op: fc.integer({ min: 0, max: 9 }),
  pick: fc.nat({ max: 1000 }),
  pct: fc.integer({ min: 1, max: 100 }),
  cut: fc.nat({ max: 3 }).map((n) => n === 0), // post the batch so far (else the batch grows)
});

// One sequence that reaches every transaction code (run first, besides the random ones).
const EVERY_CODE: Command[] = [
  { op: 0, pick: 0, pct: 50, cut: false }, // T02 at 中央, fund C
  { op: 1, pick: 0, pct: 50, cut: false }, // T05 to 省
  { op: 2, pick: 0, pct: 50, cut: true }, // T01 into 省's fund
  { op: 4, pick: 1, pct: 50, cut: false }, // T04
  { op: 5, pick: 0, pct: 50, cut: false }, // T07
  { op: 6, pick: 0, pct: 50, cut: true }, // T08
  { op: 9, pick: 0, pct: 10, cut: false }, // T06 to 东部省
  { op: 0, pick: 2, pct: 33, cut: false }, // T02 at 甲市, no fund
  { op: 3, pick: 0, pct: 50, cut: false }, // T03
  { op: 7, pick: 0, pct: 10, cut: true }, // T09
  { op: 8, pick: 0, pct: 20, cut: false }, // T10
];

describe('property: valid document sequences', () => {
  it('stay balanced, satisfy the identity, keep the chain, and tampering is caught', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 18 }), fc.nat(), async (commands, tamperPick) => {
        // Each run works in a transaction that is rolled back: every run starts from an empty ledger.
        await wh
          .transaction(async () => {
            const model = new Model();
            let batch: DocFixture[] = [];
            const flush = async (): Promise<void> => {
              if (!batch.length) return;
              const result = await postDocuments(wh, batch);
              expect(result.rejected).toEqual([]);
              model.flush();
              batch = [];
            };
            for (const c of commands) {
              const doc = model.document(c);
              seen.add(doc.txn);
              batch.push(doc);
              if (c.cut) await flush();
            }
            await flush();

            const verified = await verifyLedger(wh);
            expect(verified.checks.filter((c) => !c.ok)).toEqual([]);
            const stored = await wh.all<{ doc_id: string; remaining: number }>(
              `select doc_id, remaining from ledger.document_balances where txn_code <> 'T09' order by doc_id`,
            );
            const expected = [...model.docs.values()]
              .filter((d) => d.txn !== 'T09')
              .map((d) => ({ doc_id: d.id, remaining: d.remaining }))
              .sort((a, b) => (a.doc_id < b.doc_id ? -1 : 1));
            expect(stored).toEqual(expected);

            const postingId = 1 + (tamperPick % verified.postings);
            await wh.run('update ledger.postings set debit = debit + 1 where posting_id = $1', [postingId]);
            const tampered = await verifyLedger(wh);
            expect(tampered.ok).toBe(false);
            const chain = tampered.checks.find((c) => c.key === 'chain');
            expect(chain?.firstBrokenPostingId).toBe(postingId);
            expect(tampered.checks.find((c) => c.key === 'balanced')?.ok).toBe(false);
            throw ROLLBACK;
          })
          .catch((e: unknown) => {
            if (e !== ROLLBACK) throw e;
          });
      }),
      { numRuns: 30, examples: [[EVERY_CODE, 5]] },
    );
    // The runs together exercised every transaction code (EVERY_CODE makes sure of it).
    expect([...seen].sort()).toEqual(['T01', 'T02', 'T03', 'T04', 'T05', 'T06', 'T07', 'T08', 'T09', 'T10']);
  });
});
