import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExportMarts } from '../test/models/export-marts.helper.ts';
import type { Warehouse } from '../warehouse/index.ts';
import { EXPORT_COLUMNS, EXPORT_KINDS, exportQuery, type ExportKind, type ExportScope } from './index.ts';
import { MALICIOUS, openTinyLedger } from './tiny-ledger.fixture.ts';

// contract.md, "Exports": the promise to users, written out here so that a change to either side shows.
const CONTRACT_COLUMNS: Record<ExportKind, string> = {
  journal:
    'posting_id, doc_id, txn_code, region_code, budget_year, doc_date, fund_code, account_code, debit, credit, ' +
    'source_type, project_code, target_region_code, source_doc_id, corrects_doc_id, hash',
  ledger: 'budget_year, region_code, fund_code, account_code, account_name, debit, credit, balance',
  interlock:
    'doc_id, from_region, to_region, budget_year, issued, imported, in_transit, issued_date, first_import_date',
  trace:
    'doc_id, parent_doc_id, root_doc_id, root_region, region_code, fund_code, txn_code, amount, carved, remaining, depth',
  alerts: 'alert_id, rule_code, level, region_code, subject_type, subject_id, amount, detail, status, detected_at',
};

let wh: Warehouse;
beforeAll(async () => {
  wh = await openTinyLedger();
  await buildExportMarts(wh);
});
afterAll(() => wh.closeAll());

async function rows(kind: ExportKind, scope: ExportScope = {}): Promise<Record<string, unknown>[]> {
  const q = exportQuery(kind, scope);
  return wh.all(q.sql, q.params);
}

describe('export columns', () => {
  it.each(EXPORT_KINDS)(
    '%s: the declared columns are contract.md’s, and the query returns exactly them',
    async (kind) => {
      const expected = CONTRACT_COLUMNS[kind].split(', ');
      expect(EXPORT_COLUMNS[kind].map((c) => c.name)).toEqual(expected);
      // alerts have no budget year (their query refuses --year)
      const q = exportQuery(kind, kind === 'alerts' ? { region: '110000' } : { region: '110000', year: 2020 });
      const described = await wh.describe(q.sql, q.params);
      expect(described.map((c) => c.name)).toEqual(expected);
      for (const column of EXPORT_COLUMNS[kind]) {
        const type = described.find((c) => c.name === column.name)?.type;
        if (column.type === 'amount') expect(type, column.name).toBe('BIGINT');
        if (column.type === 'date') expect(type, column.name).toBe('DATE');
        if (column.type === 'text') expect(type, column.name).toBe('VARCHAR');
      }
    },
  );
});

describe('journal', () => {
  it('has one row per posting in posting order', async () => {
    const all = await rows('journal');
    expect(all).toHaveLength(40);
    expect(all.map((r) => r['posting_id'])).toEqual([...Array(40).keys()].map((i) => i + 1));
    expect(all.find((r) => r['doc_id'] === 'D06' && r['account_code'] === '1001' && r['debit'] !== 0)).toMatchObject({
      debit: -5,
      credit: 0,
      corrects_doc_id: 'D05',
    });
  });

  it('scopes to a region and everything below it, and to a budget year', async () => {
    const province = await rows('journal', { region: '110000' });
    expect(new Set(province.map((r) => r['region_code']))).toEqual(new Set(['110000', '110100']));
    expect(province).toHaveLength(28);
    expect(await rows('journal', { region: '110101' })).toEqual([]);
    const y2021 = await rows('journal', { year: 2021 });
    expect(y2021.map((r) => r['doc_id'])).toEqual(['D13', 'D13', 'D13', 'D13']);
    expect(await rows('journal', { region: '120000', year: 2020 })).toEqual([]);
  });
});

describe('ledger', () => {
  it('sums postings per year, region, fund and account with the account name and balance = debit − credit', async () => {
    const province = (await rows('ledger', { region: '110000', year: 2020 })).filter(
      (r) => r['region_code'] === '110000',
    );
    expect(province).toEqual([
      {
        budget_year: 2020,
        region_code: '110000',
        fund_code: 'P',
        account_code: '1001',
        account_name: '总指标',
        debit: 80_000_000,
        credit: 80_000_000,
        balance: 0,
      },
      {
        budget_year: 2020,
        region_code: '110000',
        fund_code: 'P',
        account_code: '4001',
        account_name: '本年安排收入',
        debit: 0,
        credit: 80_000_000,
        balance: -80_000_000,
      },
      {
        budget_year: 2020,
        region_code: '110000',
        fund_code: 'P',
        account_code: '5001',
        account_name: '待分配指标',
        debit: 80_000_000,
        credit: 25_000_000,
        balance: 55_000_000,
      },
      {
        budget_year: 2020,
        region_code: '110000',
        fund_code: 'P',
        account_code: '500202',
        account_name: '对下级转移支付指标',
        debit: 25_000_000,
        credit: 0,
        balance: 25_000_000,
      },
    ]);
  });

  it('agrees with the journal to the 分 in every scope', async () => {
    for (const scope of [{}, { region: '110000' }, { year: 2020 }, { region: '120000', year: 2021 }]) {
      const journal = await rows('journal', scope);
      const ledger = await rows('ledger', scope);
      const sum = (rs: Record<string, unknown>[], k: string) => rs.reduce((s, r) => s + Number(r[k]), 0);
      expect(sum(ledger, 'debit')).toBe(sum(journal, 'debit'));
      expect(sum(ledger, 'credit')).toBe(sum(journal, 'credit'));
    }
  });
});

describe('interlock', () => {
  it('has one row per T05/T06 with issued, imported (T09 included), in transit and dates', async () => {
    expect(await rows('interlock')).toEqual([
      {
        doc_id: 'D02',
        from_region: '100000',
        to_region: '110000',
        budget_year: 2020,
        issued: 60_000_000,
        imported: 50_000_000,
        in_transit: 10_000_000,
        issued_date: '2020-02-01',
        first_import_date: '2020-02-10',
      },
      {
        doc_id: 'D03',
        from_region: '100000',
        to_region: '120000',
        budget_year: 2020,
        issued: 20_000_000,
        imported: 0,
        in_transit: 20_000_000,
        issued_date: '2020-02-02',
        first_import_date: null,
      },
      {
        doc_id: 'D08',
        from_region: '110000',
        to_region: '110100',
        budget_year: 2020,
        issued: 25_000_000,
        imported: 25_000_000,
        in_transit: 0,
        issued_date: '2020-03-05',
        first_import_date: '2020-03-20',
      },
    ]);
  });

  it('includes a transfer when either end is in the region scope', async () => {
    expect((await rows('interlock', { region: '110000' })).map((r) => r['doc_id'])).toEqual(['D02', 'D08']);
    expect((await rows('interlock', { region: '110100' })).map((r) => r['doc_id'])).toEqual(['D08']);
    expect((await rows('interlock', { region: '120000' })).map((r) => r['doc_id'])).toEqual(['D03']);
    expect(await rows('interlock', { year: 2021 })).toEqual([]);
  });
});

describe('trace', () => {
  it('places every document under its root with depth, carved and remaining', async () => {
    const all = await rows('trace');
    expect(all).toHaveLength(13);
    const byId = new Map(all.map((r) => [r['doc_id'], r]));
    expect(byId.get('D01')).toMatchObject({
      parent_doc_id: null,
      root_doc_id: 'D01',
      depth: 0,
      amount: 100_000_000,
      carved: 80_000_000,
      remaining: 20_000_000,
    });
    // carved from D02: D04 and D05 net of its red correction (10,000,005 − 5)
    expect(byId.get('D02')).toMatchObject({
      parent_doc_id: 'D01',
      depth: 1,
      carved: 50_000_000,
      remaining: 10_000_000,
    });
    expect(byId.get('D05')).toMatchObject({ amount: 10_000_005, carved: 0, remaining: 10_000_000, depth: 2 });
    expect(byId.get('D06')).toMatchObject({
      parent_doc_id: 'D05',
      txn_code: 'T09',
      amount: -5,
      carved: 0,
      remaining: 0,
      depth: 3,
    });
    expect(byId.get('D12')).toMatchObject({
      root_doc_id: 'D01',
      root_region: '100000',
      region_code: '110100',
      depth: 7,
      remaining: 12_345_678,
    });
    expect(byId.get('D07')).toMatchObject({ root_doc_id: 'D07', root_region: '110000', depth: 0 });
    // a subtree is contiguous and a parent comes before its children
    const order = all.map((r) => r['doc_id']);
    for (const r of all) {
      if (r['parent_doc_id'] !== null)
        expect(order.indexOf(r['parent_doc_id'])).toBeLessThan(order.indexOf(r['doc_id']));
    }
  });

  it('finds the root outside the region scope', async () => {
    const city = await rows('trace', { region: '110100' });
    expect(city.map((r) => r['doc_id'])).toEqual(['D09', 'D10', 'D11', 'D12']);
    expect(city.every((r) => r['root_doc_id'] === 'D01' && r['root_region'] === '100000')).toBe(true);
    expect((await rows('trace', { year: 2021 })).map((r) => r['doc_id'])).toEqual(['D13']);
  });

  it('keeps text exactly as stored (neutralising belongs to the writers)', async () => {
    const ledger = await rows('ledger', { year: 2021 });
    expect(ledger[0]?.['fund_code']).toBe(MALICIOUS.sum);
  });
});
