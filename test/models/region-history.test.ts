/**
 * Region history (区划调整) in the models: documents keep the codes they were registered under, and
 * marts.regional_ledger shows the history of a retired region under its successors in every later view year,
 * split by share and exact to the 分 (marts.region_successors composes chains of changes).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/index.ts';
import { addFunds, addRegions, ledgerWarehouse, postDocuments } from '../../ingest/ledger/ledger.fixtures.ts';
import { buildModels } from '../../models/index.ts';
import type { Warehouse } from '../../warehouse/index.ts';
import { SHARED, testWarehouse, type TestWarehouse } from '../ingest/ingest.helpers.ts';

const REGIONS = join(SHARED, 'data/regions');
const present = existsSync(REGIONS);
const SKIP_REASON = `跳过: 找不到 ${REGIONS} (../shared 不在仓库旁边)`;
if (!present) console.warn(SKIP_REASON);

/** the models and the staging views their relationships tests read */
const SELECT = ['+marts.regional_ledger', 'staging.*'];

interface Part extends Record<string, unknown> {
  region_code: string;
  original_region_code: string;
  debit: number;
  credit: number;
}

/** Σ debit and credit of one account per (region as in use in the view year, original region). */
async function view(wh: Warehouse, viewYear: number, account: string, budgetYear?: number): Promise<Part[]> {
  return wh.all<Part>(
    `select region_code, original_region_code, sum(debit)::bigint as debit, sum(credit)::bigint as credit
     from marts.regional_ledger
     where view_year = $1 and account_code = $2 and ($3::integer is null or budget_year = $3)
     group by all order by region_code, original_region_code`,
    [viewYear, account, budgetYear ?? null],
  );
}

async function build(wh: Warehouse): Promise<void> {
  const result = await buildModels(wh, { select: SELECT });
  const failed = result.tests.filter((t) => t.severity === 'error' && t.status !== 'pass');
  expect(failed).toEqual([]);
  expect(result.models.filter((m) => m.status !== 'built')).toEqual([]);
  expect(result.ok).toBe(true);
}

describe.skipIf(!present)(`a retired county of the real history file${present ? '' : ` — ${SKIP_REASON}`}`, () => {
  let t: TestWarehouse;
  beforeAll(async () => {
    t = await testWarehouse();
    const s = await ingestFile(t.wh, 'regions', join(REGIONS, 'areacodes-history.csv'));
    expect(s.rejected).toBe(0);
    // The statistical file stores the same county codes again, undated (valid_from 0): the dated versions win.
    const stats = await ingestFile(t.wh, 'regions', join(REGIONS, 'stats-2023-areas.csv'));
    expect(stats.rejected).toBe(0);
    // 130521 邢台县 (1986–2020) is split into 130502 襄都区 and 130503 信都区 from 2020; 130522 临城县 stays.
    await addFunds(t.wh, [
      { region: '130521', code: 'K' },
      { region: '130522', code: 'L' },
      { region: '130502', code: 'X' },
    ]);
    const posted = await postDocuments(t.wh, [
      { id: 'XT-2019-1', txn: 'T02', region: '130521', year: 2019, amount: '1000.01', fund: 'K' },
      { id: 'XT-2019-2', txn: 'T04', region: '130521', year: 2019, amount: '400', source: 'XT-2019-1', project: 'P1' },
      { id: 'LC-2019-1', txn: 'T02', region: '130522', year: 2019, amount: '300', fund: 'L' },
      { id: 'XD-2021-1', txn: 'T02', region: '130502', year: 2021, amount: '50', fund: 'X' },
    ]);
    expect(posted.rejected).toEqual([]);
    await build(t.wh);
  }, 120_000);
  afterAll(() => t?.close());

  it('documents keep their original code', async () => {
    expect(await t.wh.value(`select region_code from ledger.documents where doc_id = 'XT-2019-1'`)).toBe('130521');
  });

  it('130521 maps to itself before 2020 and to 130502 and 130503 (half each) from 2020', async () => {
    const rows = await t.wh.all(
      `select view_year, successor_code, successor_name, share from marts.region_successors
       where code = '130521' and history_from = 0 and view_year in (2019, 2021) order by view_year, successor_code`,
    );
    expect(rows).toEqual([
      { view_year: 2019, successor_code: '130521', successor_name: '邢台县', share: 1 },
      { view_year: 2021, successor_code: '130502', successor_name: '襄都区', share: 0.5 },
      { view_year: 2021, successor_code: '130503', successor_name: '信都区', share: 0.5 },
    ]);
  });

  it('the 2019 documents of 邢台县 show under its successors in the 2021 view, exact to the 分', async () => {
    // 1001: Dr 100001 (T02) / Cr 100001 (T02 into fund K); 5001 Dr 100001 − Cr 40000 (T04); 500201 Dr 40000.
    // 100001 分 halves into 50001 + 50000: the odd 分 goes to the lower code on a tie.
    expect(await view(t.wh, 2021, '1001', 2019)).toEqual([
      { region_code: '130502', original_region_code: '130521', debit: 50001, credit: 50001 },
      { region_code: '130503', original_region_code: '130521', debit: 50000, credit: 50000 },
      { region_code: '130522', original_region_code: '130522', debit: 30000, credit: 30000 },
    ]);
    expect(await view(t.wh, 2021, '500201')).toEqual([
      { region_code: '130502', original_region_code: '130521', debit: 20000, credit: 0 },
      { region_code: '130503', original_region_code: '130521', debit: 20000, credit: 0 },
    ]);
    // 130502's own 2021 document stays with it, beside what it took over.
    expect(await view(t.wh, 2021, '4001')).toEqual([
      { region_code: '130502', original_region_code: '130502', debit: 0, credit: 5000 },
      { region_code: '130502', original_region_code: '130521', debit: 0, credit: 50001 },
      { region_code: '130503', original_region_code: '130521', debit: 0, credit: 50000 },
      { region_code: '130522', original_region_code: '130522', debit: 0, credit: 30000 },
    ]);
  });

  it('the 2019 view still shows 邢台县 under its own code', async () => {
    expect(await view(t.wh, 2019, '1001')).toEqual([
      { region_code: '130521', original_region_code: '130521', debit: 100001, credit: 100001 },
      { region_code: '130522', original_region_code: '130522', debit: 30000, credit: 30000 },
    ]);
  });
});

describe('a split by share, a merge and a chain (synthetic)', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await ledgerWarehouse();
    // 甲县 (520101) is split 30/70 into 乙县 (520102) and 丙县 (520103) from 2020; 乙县, 丁县 (520104) and 戊县
    // (520105) are merged into 己县 (520106) from 2021.
    await addRegions(wh, [
      { code: '100000', name: '中央', level: 'central' },
      { code: '520000', name: '某省', level: 'province', parent: '100000' },
      { code: '520100', name: '某市', level: 'city', parent: '520000' },
      { code: '520101', name: '甲县', level: 'county', parent: '520100', validTo: 2020 },
      { code: '520102', name: '乙县', level: 'county', parent: '520100', validFrom: 2020, validTo: 2021 },
      { code: '520103', name: '丙县', level: 'county', parent: '520100', validFrom: 2020 },
      { code: '520104', name: '丁县', level: 'county', parent: '520100', validTo: 2021 },
      { code: '520105', name: '戊县', level: 'county', parent: '520100', validTo: 2021 },
      { code: '520106', name: '己县', level: 'county', parent: '520100', validFrom: 2021 },
    ]);
    await wh.run(
      `insert into raw.region_changes (old_code, new_code, year, kind, share, load_id) values
         ('520101', '520102', 2020, 'split', 0.3, 1), ('520101', '520103', 2020, 'split', 0.7, 1),
         ('520102', '520106', 2021, 'merge', null, 1), ('520104', '520106', 2021, 'merge', null, 1),
         ('520105', '520106', 2021, 'merge', null, 1)`,
    );
    const posted = await postDocuments(wh, [
      { id: 'JIA-2019', txn: 'T02', region: '520101', year: 2019, amount: '100.01' },
      { id: 'DING-2020', txn: 'T02', region: '520104', year: 2020, amount: '50' },
      { id: 'WU-2020', txn: 'T02', region: '520105', year: 2020, amount: '25.5' },
      { id: 'YI-2020', txn: 'T02', region: '520102', year: 2020, amount: '7' },
    ]);
    expect(posted.rejected).toEqual([]);
    await build(wh);
  }, 120_000);
  afterAll(() => wh?.closeAll());

  it('2020 view: 甲县 split 30/70, the remaining 分 to the larger fraction; the merged counties still apart', async () => {
    // 10001 分 × 0.3 = 3000.3 → 3000; × 0.7 = 7000.7 → 7000 + the 1 分 left.
    expect(await view(wh, 2020, '4001')).toEqual([
      { region_code: '520102', original_region_code: '520101', debit: 0, credit: 3000 },
      { region_code: '520102', original_region_code: '520102', debit: 0, credit: 700 },
      { region_code: '520103', original_region_code: '520101', debit: 0, credit: 7001 },
      { region_code: '520104', original_region_code: '520104', debit: 0, credit: 5000 },
      { region_code: '520105', original_region_code: '520105', debit: 0, credit: 2550 },
    ]);
  });

  it('2021 view: the merge gathers 乙县 (with its part of 甲县), 丁县 and 戊县 into 己县', async () => {
    expect(await view(wh, 2021, '4001')).toEqual([
      { region_code: '520103', original_region_code: '520101', debit: 0, credit: 7001 },
      { region_code: '520106', original_region_code: '520101', debit: 0, credit: 3000 },
      { region_code: '520106', original_region_code: '520102', debit: 0, credit: 700 },
      { region_code: '520106', original_region_code: '520104', debit: 0, credit: 5000 },
      { region_code: '520106', original_region_code: '520105', debit: 0, credit: 2550 },
    ]);
    const composed = await wh.all(
      `select successor_code, share, hops from marts.region_successors
       where code = '520101' and view_year = 2021 order by successor_code`,
    );
    expect(composed).toEqual([
      { successor_code: '520103', share: 0.7, hops: 1 },
      { successor_code: '520106', share: 0.3, hops: 2 },
    ]);
  });

  it('every view holds every posting of its years once: totals per view equal the ledger', async () => {
    const totals = await wh.all(
      `select view_year, sum(credit)::bigint as credit from marts.regional_ledger
       where account_code = '4001' and view_year <= 2021 group by all order by view_year`,
    );
    expect(totals).toEqual([
      { view_year: 2019, credit: 10001 },
      { view_year: 2020, credit: 10001 + 5000 + 2550 + 700 },
      { view_year: 2021, credit: 10001 + 5000 + 2550 + 700 },
    ]);
  });
});
