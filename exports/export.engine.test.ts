/**
 * The extracts over a ledger posted by the real engine (ingest/ledger), so that the export queries read
 * documents and postings exactly as the engine writes them (T09 links, inherited funds, source types).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExportMarts } from '../test/models/export-marts.helper.ts';
import { sqlString, type Warehouse } from '../warehouse/index.ts';
import { balances, testLedger, type DocFixture } from '../ingest/ledger/ledger.fixtures.ts';
import { exportKind, exportQuery } from './index.ts';

const DOCS: DocFixture[] = [
  { id: 'ROOT', txn: 'T02', region: '100000', year: 2020, date: '2020-01-05', amount: '1000.00', fund: 'C' },
  {
    id: 'TO-P',
    txn: 'T05',
    region: '100000',
    year: 2020,
    date: '2020-02-01',
    amount: '600.00',
    source: 'ROOT',
    target: '520000',
  },
  {
    id: 'PROV-A',
    txn: 'T01',
    region: '520000',
    year: 2020,
    date: '2020-02-10',
    amount: '400.00',
    source: 'TO-P',
    fund: 'P',
  },
  {
    id: 'PROV-B',
    txn: 'T01',
    region: '520000',
    year: 2020,
    date: '2020-02-12',
    amount: '100.05',
    source: 'TO-P',
    fund: 'P',
  },
  { id: 'RED', txn: 'T09', region: '520000', year: 2020, date: '2020-02-13', amount: '-0.05', corrects: 'PROV-B' },
  {
    id: 'TO-M',
    txn: 'T05',
    region: '520000',
    year: 2020,
    date: '2020-03-01',
    amount: '250.00',
    source: 'PROV-A',
    target: '520100',
  },
  {
    id: 'TO-E',
    txn: 'T06',
    region: '520000',
    year: 2020,
    date: '2020-03-02',
    amount: '50.00',
    source: 'PROV-A',
    target: '330000',
  },
  {
    id: 'CITY',
    txn: 'T01',
    region: '520100',
    year: 2020,
    date: '2020-03-10',
    amount: '250.00',
    source: 'TO-M',
    fund: 'M',
  },
];

let wh: Warehouse;
let dir: string;
beforeAll(async () => {
  wh = await testLedger(DOCS);
  await buildExportMarts(wh);
  dir = mkdtempSync(join(tmpdir(), 'fundtrail-export-engine-'));
});
afterAll(() => {
  wh.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

async function readCsv(file: string): Promise<Record<string, string | null>[]> {
  return wh.all(`select * from read_csv(${sqlString(file)}, header = true, all_varchar = true)`);
}

describe('exports over the engine’s ledger', () => {
  it('interlock: issued, imported net of the red correction, and what is still in transit', async () => {
    const { file } = await exportKind(wh, 'interlock', { outDir: dir });
    const rows = (await readCsv(file)).map((r) => [
      r['doc_id'],
      r['from_region'],
      r['to_region'],
      r['issued'],
      r['imported'],
      r['in_transit'],
      r['first_import_date'],
    ]);
    expect(rows).toEqual([
      ['TO-P', '100000', '520000', '600.00', '500.00', '100.00', '2020-02-10'],
      ['TO-M', '520000', '520100', '250.00', '250.00', '0.00', '2020-03-10'],
      ['TO-E', '520000', '330000', '50.00', '0.00', '50.00', null],
    ]);
    const east = await exportKind(wh, 'interlock', { outDir: dir, region: '330000' });
    expect((await readCsv(east.file)).map((r) => r['doc_id'])).toEqual(['TO-E']);
  });

  it('trace: roots, depths, and remaining that matches the interlock’s in-transit', async () => {
    const q = exportQuery('trace', { year: 2020 });
    const rows = await wh.all(q.sql, q.params);
    const byId = new Map(rows.map((r) => [r['doc_id'], r]));
    expect(byId.get('CITY')).toMatchObject({
      root_doc_id: 'ROOT',
      root_region: '100000',
      parent_doc_id: 'TO-M',
      depth: 4,
    });
    expect(byId.get('RED')).toMatchObject({ parent_doc_id: 'PROV-B', amount: -5, remaining: 0 });
    expect(byId.get('PROV-B')).toMatchObject({ amount: 10_005, remaining: 10_000 });
    expect(byId.get('PROV-A')).toMatchObject({ carved: 30_000, remaining: 10_000 });
    expect(byId.get('TO-P')).toMatchObject({ carved: 50_000, remaining: 10_000 });
    expect(byId.get('TO-E')).toMatchObject({ remaining: 5_000 });
  });

  it('ledger: balances per region and account agree with the postings to the 分', async () => {
    const { file } = await exportKind(wh, 'ledger', { outDir: dir, year: 2020 });
    const csv = await readCsv(file);
    for (const region of ['100000', '520000', '520100']) {
      const fromExport: Record<string, number> = {};
      for (const r of csv.filter((r) => r['region_code'] === region)) {
        const account = String(r['account_code']);
        fromExport[account] = Math.round(((fromExport[account] ?? 0) + Number(r['balance'])) * 100) / 100;
      }
      const nonZero = Object.fromEntries(Object.entries(fromExport).filter(([, v]) => v !== 0));
      expect(nonZero, region).toEqual(await balances(wh, region, 2020));
    }
  });

  it('journal: every posting once, with the red correction’s negative amounts', async () => {
    const { file, rows } = await exportKind(wh, 'journal', { outDir: dir });
    expect(rows).toBe(await wh.value<number>('select count(*) from ledger.postings'));
    const red = (await readCsv(file)).filter((r) => r['doc_id'] === 'RED');
    expect(red.length).toBeGreaterThan(0);
    expect(red.every((r) => r['debit'] === '-0.05' || r['credit'] === '-0.05')).toBe(true);
  });
});
