import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../warehouse/index.ts';
import type { PostingsTable } from '../../warehouse/schema.types.ts';
import { chainToCity, postDocuments, testLedger, wan } from './ledger.fixtures.ts';
import { verifyLedger } from './ledger.verify.ts';

let wh: Warehouse | undefined;
afterEach(() => wh?.closeAll());

/** A row of ledger.postings as read back (an index signature for Warehouse.all). */
type JournalRow = PostingsTable & Record<string, unknown>;

// HASH-CHAIN.md, implemented from the page (not from canonical.content.ts), as an auditor would.
const text = (v: string | null): string =>
  (v ?? '').replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('\n', '\\n').replaceAll('\r', '\\r');
const auditorCanonical = (r: JournalRow): string =>
  [
    String(r.posting_id),
    text(r.doc_id),
    text(r.txn_code),
    text(r.region_code),
    String(r.budget_year),
    r.doc_date,
    text(r.fund_code),
    text(r.account_code),
    String(r.debit),
    String(r.credit),
    text(r.source_type),
    text(r.project_code),
    text(r.target_region_code),
    text(r.source_doc_id),
    text(r.corrects_doc_id),
  ].join('|');
const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

async function journal(w: Warehouse): Promise<JournalRow[]> {
  return w.all<JournalRow>('select * from ledger.postings order by posting_id');
}

describe('the hash chain', () => {
  it('can be re-derived from HASH-CHAIN.md alone, across batches and with awkward characters', async () => {
    wh = await testLedger(chainToCity(2020, wan(1000)));
    const odd = await postDocuments(wh, [
      { id: 'A|B\\C', txn: 'T04', region: '520100', year: 2020, amount: 1, source: 'CITY20', project: '项目|一\n期' },
      { id: 'A|B', txn: 'T04', region: '520100', year: 2020, amount: 1, source: 'CITY20', project: 'C\\项目一\r期' },
    ]);
    expect(odd.rejected).toEqual([]);
    const rows = await journal(wh);
    expect(rows.map((r) => r.posting_id)).toEqual(rows.map((_, i) => i + 1));
    let prev = '0'.repeat(64);
    for (const row of rows) {
      expect(row.prev_hash).toBe(prev);
      expect(row.hash).toBe(sha256(`${prev}|${auditorCanonical(row)}`));
      prev = row.hash;
    }
    // The escaping keeps the two documents' contents distinct.
    const last = rows.slice(-4).map(auditorCanonical);
    expect(new Set(last).size).toBe(4);
    expect(last[0]).toContain('A\\|B\\\\C');
  });

  it('matches the example of HASH-CHAIN.md', async () => {
    wh = await testLedger([
      { id: 'S1', txn: 'T02', region: '100000', year: 2020, date: '2020-03-01', amount: wan(1000), fund: 'C' },
    ]);
    const [first] = await journal(wh);
    expect(first && auditorCanonical(first)).toBe('1|S1|T02|100000|2020|2020-03-01|C|1001|1000000000|0|||||');
    expect(first?.hash).toBe('133dce6e99376a5cbeb94f1fdc07323c5a49a72d21988097c25e505a7d2f7f05');
  });

  it('exposes an altered and a removed posting, naming the first broken one', async () => {
    wh = await testLedger(chainToCity(2020, wan(1000)));
    const clean = await verifyLedger(wh);
    expect(clean.ok).toBe(true);
    expect(clean.headHash).toBe((await journal(wh)).at(-1)?.hash);

    await wh.run('update ledger.postings set fund_code = $1 where posting_id = 7', ['X']);
    let chain = (await verifyLedger(wh)).checks.find((c) => c.key === 'chain');
    expect(chain).toMatchObject({ ok: false, firstBrokenPostingId: 7, failures: 1 });
    expect(chain?.details[0]).toMatch(/分录 7: 哈希与分录内容不符/);
    await wh.run('update ledger.postings set fund_code = $1 where posting_id = 7', ['P']);
    expect((await verifyLedger(wh)).ok).toBe(true);

    await wh.run('delete from ledger.postings where posting_id = 5');
    chain = (await verifyLedger(wh)).checks.find((c) => c.key === 'chain');
    expect(chain).toMatchObject({ ok: false, firstBrokenPostingId: 6 });
    expect(chain?.details[0]).toMatch(/前一哈希/);
  });
});
