/**
 * The standard forms against the 总台账: for the province, a city and a county, every column that maps to
 * ledger elements has a total equal to marts.general_ledger summed over the region and everything below it
 * (a refined column — 下达 by issuing level, funding by origin — as the sum of its partition); every subtotal
 * is the sum of its rows. Then the cross-form case: one county reports by fund, another by subject, and the
 * city's aggregate of the two equals the ledger of the two counties element by element.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { writeReportXlsx, firstDataRow } from '../../report-templates/report.xlsx.writer.ts';
import { reportCsv } from '../../report-templates/report.csv.writer.ts';
import { displayNumber } from '../../report-templates/report-cell.format.ts';
import type { Warehouse } from '../../warehouse/index.ts';
import { STANDARD_FORMS, standardTemplate } from '../../report-templates/standard.templates.ts';
import { renderReport } from '../../report-templates/report.renderer.ts';
import { reconcileWithLedger } from '../../report-templates/ledger.reconcile.ts';
import { renderAggregate, reportElements } from '../../report-templates/cross-form.aggregate.ts';
import { subjectElement, SUBJECT_KEYS } from '../../report-templates/catalogue/subjects.catalogue.ts';
import type { RenderedReport, ReportRow } from '../../report-templates/report.types.ts';
import { demoWarehouse, regionRef } from './reports.fixture.ts';

let wh: Warehouse;
const YEAR = 2020;

beforeAll(async () => {
  ({ wh } = await demoWarehouse());
}, 180_000);

afterAll(() => wh?.closeAll());

/** Σ over the subtree of the normal-side balance of one element, written out here on its own. */
async function ledgerElement(regions: string[], account: string, sourceType: string | null): Promise<number> {
  return wh.value<number>(
    `select coalesce(sum(case when account_code = '4001' then credit - debit else debit - credit end), 0)::bigint
     from marts.general_ledger g
     where budget_year = $1 and account_code = $2 and source_type is not distinct from $3
       and region_code in (select code from marts.region_closure where ancestor_code in (select unnest(string_split($4, ','))))`,
    [YEAR, account, sourceType, regions.join(',')],
  );
}

/** every subtotal and the total equal the sum of the rows directly under them */
function expectAdditive(report: RenderedReport): void {
  const summed = report.columns.filter((c) => c.source === 'measure').map((c) => c.key);
  report.rows.forEach((row, i) => {
    if (row.kind === 'detail') return;
    const children: ReportRow[] = [];
    for (let j = i + 1; j < report.rows.length && report.rows[j]!.depth > row.depth; j += 1) {
      if (report.rows[j]!.depth === row.depth + 1) children.push(report.rows[j]!);
    }
    if (children.length === 0) return;
    for (const key of summed) {
      const sum = children.reduce((s, c) => s + Number(c.values[key] ?? 0), 0);
      expect(row.values[key], `${report.template_id} ${row.label} ${key}`).toBe(sum);
    }
  });
}

describe('standard forms equal the 总台账', () => {
  for (const id of STANDARD_FORMS) {
    it(`${id}: totals equal the ledger for the province, a city and a county; subtotals add up`, async () => {
      const checked = standardTemplate(id)!;
      for (const code of ['580000', '580100', '580121']) {
        const report = await renderReport(wh, checked, { region: await regionRef(wh, code), year: YEAR });
        expect(report.rows[0]!.kind).toBe('total');
        const lines = await reconcileWithLedger(wh, {
          report,
          filters: checked.template.filters,
          columnFilters: new Map(checked.template.columns.map((c) => [c.key, 'filters' in c ? c.filters : undefined])),
        });
        const binding = lines.filter((l) => l.must_agree);
        expect(binding.length, `${id} has columns checked against the ledger`).toBeGreaterThan(0);
        for (const l of binding) expect(l.report, `${id} ${code} ${l.columns.join('+')} ${l.mapping}`).toBe(l.ledger);
        expect(
          binding.some((l) => l.ledger !== 0),
          `${id} ${code}: not all zero`,
        ).toBe(true);
        expectAdditive(report);
      }
    });
  }

  it('the allocation form adds 下达 by issuing level up to 4001 上级转移支付, written out by hand', async () => {
    const report = await renderReport(wh, standardTemplate('allocation-progress')!, {
      region: await regionRef(wh, '580100'),
      year: YEAR,
    });
    const t = report.rows[0]!.values;
    const upper = ['central', 'province', 'city', 'county', 'other_level'].reduce((s, k) => s + Number(t[k]), 0);
    expect(upper).toBe(await ledgerElement(['580100'], '4001', '上级转移支付'));
    expect(t['own']).toBe(await ledgerElement(['580100'], '4001', '本级安排'));
    expect(t['allocation_rate']).toBeCloseTo(Number(t['allocated']) / Number(t['available']), 12);
  });

  it('the interlock form shows no gap: issued − imported − in transit = 0 and imported = the ledger', async () => {
    const report = await renderReport(wh, standardTemplate('interlock-check')!, {
      region: await regionRef(wh, '580000'),
      year: YEAR,
    });
    for (const row of report.rows) {
      expect(row.values['interlock_gap'], row.label).toBe(0);
      expect(row.values['ledger_gap'], row.label).toBe(0);
    }
  });
});

describe('cross-form aggregation', () => {
  it('a county by fund and a county by subject add up at the city to the ledger of both', async () => {
    const byFund = await renderReport(wh, standardTemplate('fund-sources')!, {
      region: await regionRef(wh, '580121'),
      year: YEAR,
    });
    const bySubject = await renderReport(wh, standardTemplate('subject-balances')!, {
      region: await regionRef(wh, '580122'),
      year: YEAR,
    });
    expect(byFund.dimension).toBe('fund');
    expect(bySubject.dimension).toBe('subject');
    const city = await renderAggregate(
      wh,
      standardTemplate('subject-balances')!,
      { region: await regionRef(wh, '580100'), year: YEAR },
      [byFund, bySubject],
    );
    const cityRows = new Map(city.rows.map((r) => [r.key, r.values['balance']]));
    let nonzero = 0;
    for (const key of SUBJECT_KEYS) {
      const { account, source_type } = subjectElement(key);
      const ledger = await ledgerElement(['580121', '580122'], account, source_type);
      expect(cityRows.get(key), key).toBe(ledger);
      if (ledger !== 0) nonzero += 1;
    }
    expect(nonzero).toBeGreaterThan(4);
    // each county on its own holds its ledger too, whatever its shape
    for (const [report, code] of [
      [byFund, '580121'],
      [bySubject, '580122'],
    ] as const) {
      const elements = reportElements(report);
      for (const key of SUBJECT_KEYS) {
        const { account, source_type } = subjectElement(key);
        expect(elements.get(key) ?? 0, `${code} ${key}`).toBe(await ledgerElement([code], account, source_type));
      }
    }
    // the group subtotal of 4001 is the sum of its source types
    const sources = city.rows.find((r) => r.key === 'g:sources')!;
    let all4001 = 0;
    for (const t of ['上级转移支付', '横向转移支付', '本级安排', '上年结转']) {
      all4001 += await ledgerElement(['580121', '580122'], '4001', t);
    }
    expect(sources.values['balance']).toBe(all4001);
  });
});

const hasLibreOffice = spawnSync('libreoffice', ['--version'], { stdio: 'ignore' }).status === 0;

/** A LibreOffice CSV cell as a number: '1,234.56' → 1234.56, '45.12%' → 0.4512, '' → null. */
function loNumber(text: string): number | null {
  const t = text.trim().replace(/,/g, '');
  if (t === '') return null;
  return t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : Number(t);
}

/** Minimal CSV line split (LibreOffice quotes cells with commas). */
function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

describe('XLSX and CSV output', () => {
  it('writes merged multi-row headers, frozen panes and number formats', async () => {
    const report = await renderReport(wh, standardTemplate('project-implementation')!, {
      region: await regionRef(wh, '580000'),
      year: YEAR,
    });
    const file = join(mkdtempSync(join(tmpdir(), 'fundtrail-xlsx-')), 'p.xlsx');
    await writeReportXlsx(report, file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0]!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: firstDataRow(report) - 1 });
    const merges = (sheet.model as unknown as { merges: string[] }).merges;
    expect(merges).toContain('A1:P1'); // the title across 1 + 15 columns
    expect(merges).toContain('A3:A5'); // the row-label heading down the three header rows
    expect(merges).toContain('E3:M3'); // 资金安排 over 已安排 (小计 + 7 origins) and 资金缺口
    expect(merges).toContain('E4:L4');
    expect(sheet.getCell('E4').value).toBe('已安排');
    const total = sheet.getRow(firstDataRow(report));
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(5).numFmt).toBe('#,##0.00');
    expect(total.getCell(15).numFmt).toBe('0.00%');
  });

  it('writes a CSV with exact amounts in the unit and neutralised text', async () => {
    const report = await renderReport(wh, standardTemplate('spending-progress')!, {
      region: await regionRef(wh, '580100'),
      year: YEAR,
    });
    const lines = reportCsv(report).split('\r\n');
    expect(lines[0]!.startsWith('\uFEFF地区,row_key,资金来源,')).toBe(true);
    const total = splitCsv(lines[1]!);
    expect(total[0]).toBe('合计');
    const sources = Number(report.rows[0]!.values['sources']);
    expect(total[2]).toBe(`${Math.trunc(sources / 1e6)}.${String(sources % 1e6).padStart(6, '0')}`);
  });

  it.skipIf(!hasLibreOffice)(
    'opens in LibreOffice: `libreoffice --headless --convert-to csv` gives the same values (skipped without libreoffice)',
    async () => {
      for (const id of STANDARD_FORMS) {
        const report = await renderReport(wh, standardTemplate(id)!, {
          region: await regionRef(wh, '580000'),
          year: YEAR,
        });
        const dir = mkdtempSync(join(tmpdir(), 'fundtrail-lo-'));
        const file = join(dir, `${id}.xlsx`);
        await writeReportXlsx(report, file);
        execFileSync(
          'libreoffice',
          [
            `-env:UserInstallation=file://${dir}/profile`,
            '--headless',
            '--convert-to',
            'csv:Text - txt - csv (StarCalc):44,34,76',
            '--outdir',
            dir,
            file,
          ],
          { stdio: 'ignore', timeout: 120_000 },
        );
        const lines = readFileSync(join(dir, `${id}.csv`), 'utf8')
          .replace(/^\uFEFF/, '')
          .split(/\r?\n/);
        const title = splitCsv(lines[0]!)[0]!;
        expect(title).toContain(report.title);
        const data = lines.slice(firstDataRow(report) - 1, firstDataRow(report) - 1 + report.rows.length);
        expect(data).toHaveLength(report.rows.length);
        report.rows.forEach((row, i) => {
          const cells = splitCsv(data[i]!);
          expect(cells[0]!.trim(), `${id} row ${i}`).toBe(row.label);
          report.columns.forEach((c, j) => {
            const shown = loNumber(cells[j + 1] ?? '');
            const v = displayNumber(c, row.values[c.key] ?? null, report.unit);
            if (v === null || typeof v === 'string') {
              expect(shown, `${id} ${row.label} ${c.key}`).toBeNull();
              return;
            }
            const digits = c.format === 'percent' ? 4 : c.format === 'integer' ? 0 : 2;
            expect(shown, `${id} ${row.label} ${c.key}`).toBeCloseTo(v, digits - 0.3);
          });
        });
      }
    },
    300_000,
  );
});
