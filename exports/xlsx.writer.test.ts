/**
 * The DuckDB-rendered XLSX: read back with exceljs (and LibreOffice when installed) it holds the values that
 * went in — text with XML-special and control characters, formula-like text inert, amounts exact to the 分,
 * dates, NULLs in their columns — split over sheets at the row limit; its ZIP (ZIP64 too) checks out entry by
 * entry.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse, sqlString } from '../warehouse/index.ts';
import type { ExportColumn } from './export.kinds.ts';
import { needsCareSql, xlsxRowSql } from './xlsx-rows.sql.ts';
import { writeXlsx } from './xlsx.writer.ts';
import { readZipEntries } from './zip-entries.fixture.ts';

const COLUMNS: ExportColumn[] = [
  { name: 'id', type: 'integer' },
  { name: 'txt', type: 'text' },
  { name: 'amt', type: 'amount' },
  { name: 'day', type: 'date' },
  { name: 'note', type: 'text' },
];

const HYPERLINK = '=HYPERLINK("http://evil.example","点我")';
const CMD = "+cmd|' /C calc'!A0";

/** id, txt, amount in 分, day, note */
const ROWS: [number, string | null, number | null, string | null, string | null][] = [
  [1, 'a "quoted", comma', 1, '2020-01-10', 'line1\nline2\r\nend'],
  [2, "<b>&amp; & > 'single'", -5, null, 'tab\tin the middle'],
  [3, HYPERLINK, 12345678, '1999-12-31', CMD],
  [4, 'ctl\u0001\u000b\u001f\ufffe\uffffend', 999999999999, '2020-02-29', '@SUM(1)'],
  [5, null, null, null, null],
  [6, '', 0, '2020-01-01', '-1+1'],
  [7, '中文 测试', -300000, '2021-06-30', '\t=1'],
  [8, '\r=2', 10, '2020-01-02', '&=x'],
];

/** What each text should read back as: XML-illegal characters gone, formula triggers behind an apostrophe. */
const EXPECTED_TEXT: Record<number, [string | null, string | null]> = {
  1: ['a "quoted", comma', 'line1\nline2\r\nend'],
  2: ["<b>&amp; & > 'single'", 'tab\tin the middle'],
  3: [`'${HYPERLINK}`, `'${CMD}`],
  4: ['ctlend', "'@SUM(1)"],
  5: [null, null],
  6: [null, "'-1+1"],
  7: ['中文 测试', "'\t=1"],
  8: ["'\r=2", '&=x'],
};

let wh: Warehouse;
let dir: string;

beforeAll(async () => {
  wh = await Warehouse.open(':memory:');
  dir = mkdtempSync(join(tmpdir(), 'fundtrail-xlsx-test-'));
  await wh.run('create table t (id integer, txt varchar, amt bigint, day varchar, note varchar)');
  await wh.append('t', ROWS);
});
afterAll(() => {
  wh.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

const QUERY = { sql: 'select id, txt, amt, day::date as day, note from t order by id', params: [] };

async function readBook(file: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  return book;
}

describe('XLSX rendered by DuckDB', () => {
  it('reads back every value as written: text, inert formulas, exact amounts, dates, NULLs', async () => {
    const file = join(dir, 'values.xlsx');
    expect(await writeXlsx(wh, COLUMNS, QUERY, file, { sheetName: 'values' })).toBe(ROWS.length);
    const book = await readBook(file);
    const sheet = book.getWorksheet('values')!;
    expect(sheet.rowCount).toBe(ROWS.length + 1);
    expect(COLUMNS.map((_, i) => sheet.getRow(1).getCell(i + 1).value)).toEqual(COLUMNS.map((c) => c.name));
    for (const [id, , fen, day] of ROWS) {
      const row = sheet.getRow(id + 1);
      expect(row.getCell(1).value).toBe(id);
      expect([row.getCell(2).value ?? null, row.getCell(5).value ?? null]).toEqual(EXPECTED_TEXT[id]);
      expect(row.getCell(3).value ?? null).toBe(fen === null ? null : fen / 100);
      expect(row.getCell(4).value ?? null).toEqual(day === null ? null : new Date(`${day}T00:00:00Z`));
      for (const c of [2, 5]) {
        expect(row.getCell(c).formula).toBeUndefined();
        if (row.getCell(c).value !== null) expect(row.getCell(c).type).toBe(ExcelJS.ValueType.String);
      }
    }
    expect(sheet.getRow(2).getCell(3).numFmt).toBe('#,##0.00');
    // the amounts are the exact decimals of 元 in the XML, not a float's digits
    const xml = readZipEntries(file)
      .entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!
      .data.toString('utf8');
    for (const v of ['0.01', '-0.05', '123456.78', '9999999999.99', '0.00', '-3000.00', '0.10']) {
      expect(xml).toContain(`<v>${v}</v>`);
    }
    for (const ch of ['\u0001', '\u000b', '\u001f', '\ufffe', '\uffff']) expect(xml).not.toContain(ch);
  });

  it('splits at the row limit, header on every sheet, no row lost or repeated', async () => {
    const file = join(dir, 'split.xlsx');
    expect(await writeXlsx(wh, COLUMNS, QUERY, file, { sheetName: 'split', maxRowsPerSheet: 4 })).toBe(8);
    const book = await readBook(file);
    expect(book.worksheets.map((s) => [s.name, s.rowCount])).toEqual([
      ['split', 4],
      ['split_2', 4],
      ['split_3', 3],
    ]);
    for (const s of book.worksheets) {
      expect(s.getRow(1).getCell(1).value).toBe('id');
      expect(s.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(s.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    }
    const ids = book.worksheets.flatMap((s) => (s.getColumn(1).values as unknown[]).slice(2));
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const exact = join(dir, 'exact.xlsx');
    await writeXlsx(wh, COLUMNS, QUERY, exact, { sheetName: 'exact', maxRowsPerSheet: 5 });
    expect((await readBook(exact)).worksheets.map((s) => s.rowCount)).toEqual([5, 5]);
  });

  it('keeps the sheets in order when more are rendered and deflated than it holds at once, and writes an empty one', async () => {
    // one row a sheet: eight sheets, more than the three the writer has in hand at a time
    const file = join(dir, 'many.xlsx');
    expect(await writeXlsx(wh, COLUMNS, QUERY, file, { sheetName: 'many', maxRowsPerSheet: 2 })).toBe(8);
    const book = await readBook(file);
    expect(book.worksheets.map((s) => s.name)).toEqual(['many', ...[2, 3, 4, 5, 6, 7, 8].map((i) => `many_${i}`)]);
    expect(book.worksheets.map((s) => s.getRow(2).getCell(1).value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const none = join(dir, 'none.xlsx');
    const empty = { sql: `${QUERY.sql.replace('order by', 'where false order by')}`, params: [] };
    expect(await writeXlsx(wh, COLUMNS, empty, none, { sheetName: 'none' })).toBe(0);
    const sheets = (await readBook(none)).worksheets;
    expect(sheets.map((s) => [s.name, s.rowCount, s.getRow(1).getCell(1).value])).toEqual([['none', 1, 'id']]);
  });

  it('writes a ZIP whose entries check out, with ZIP64 records when asked', async () => {
    const plain = join(dir, 'plain.xlsx');
    await writeXlsx(wh, COLUMNS, QUERY, plain, { sheetName: 'plain', maxRowsPerSheet: 4 });
    const a = readZipEntries(plain);
    expect(a.zip64End).toBe(false);
    expect(a.entries.map((e) => e.name)).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet2.xml',
      'xl/worksheets/sheet3.xml',
    ]);
    const wide = join(dir, 'zip64.xlsx');
    await writeXlsx(wh, COLUMNS, QUERY, wide, { sheetName: 'wide', forceZip64: true });
    const b = readZipEntries(wide);
    expect(b.zip64End).toBe(true);
    expect(b.entries.every((e) => e.zip64)).toBe(true);
    const book = await readBook(wide);
    expect(book.getWorksheet('wide')!.getRow(4).getCell(2).value).toBe(`'${HYPERLINK}`);
  });

  it('takes the careful path only in the sheets whose text needs it, and every sheet reads back the same', async () => {
    // 30 plain rows, then the fixture's eight (escapes, control characters, formula triggers) in the middle
    const plain = Array.from(
      { length: 30 },
      (_, i) => `select ${100 + i} as id, 'plain ${i}' as txt, ${i} as amt, date '2020-03-01' as day, 'ok' as note`,
    );
    const mixed = {
      sql: `select * from (${plain.slice(0, 15).join(' union all ')} union all ${QUERY.sql.replace(' order by id', '')} union all ${plain.slice(15).join(' union all ')}) order by case when id >= 115 then 2 when id >= 100 then 0 else 1 end, id`,
      params: [],
    };
    const file = join(dir, 'mixed.xlsx');
    let digest: { sha256: string; bytes: number } | undefined;
    const rows = await writeXlsx(wh, COLUMNS, mixed, file, {
      sheetName: 'mixed',
      maxRowsPerSheet: 11,
      onDigest: (d) => (digest = d),
    });
    expect(rows).toBe(38);
    const book = await readBook(file);
    const cells = book.worksheets.flatMap((s) =>
      Array.from({ length: s.rowCount - 1 }, (_, i) => s.getRow(i + 2)).map((r) => [
        r.getCell(1).value,
        r.getCell(2).value ?? null,
        r.getCell(5).value ?? null,
      ]),
    );
    const expected = [
      ...Array.from({ length: 15 }, (_, i) => [100 + i, `plain ${i}`, 'ok']),
      ...ROWS.map(([id]) => [id, ...EXPECTED_TEXT[id]!]),
      ...Array.from({ length: 15 }, (_, i) => [115 + i, `plain ${15 + i}`, 'ok']),
    ];
    expect(cells).toEqual(expected);
    // the digest handed over is the finished file's
    expect(digest).toEqual({
      sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
      bytes: statSync(file).size,
    });
  });

  it('renders without the per-row check only when told the rows need no care', () => {
    const careful = xlsxRowSql(COLUMNS, 'x', 'x.n');
    expect(careful).toContain(needsCareSql(COLUMNS, 'x')!);
    expect(xlsxRowSql(COLUMNS, 'x', 'x.n', new Map(), false)).not.toContain('regexp_matches');
    const numbers: ExportColumn[] = [{ name: 'id', type: 'integer' }];
    expect(needsCareSql(numbers, 'x')).toBeUndefined();
  });

  it('leaves no file behind when the query fails', async () => {
    const file = join(dir, 'failed.xlsx');
    const bad = { sql: "select 1 as id, error('查询失败') as txt, 1 as amt, null as day, null as note", params: [] };
    await expect(writeXlsx(wh, COLUMNS, bad, file, { sheetName: 'x' })).rejects.toThrow('查询失败');
    expect(readdirSync(dir).filter((f) => f.startsWith('failed'))).toEqual([]);
  });
});

const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => existsSync(p));

describe(soffice ? 'LibreOffice' : 'LibreOffice (skipped: soffice is not installed)', () => {
  it.skipIf(!soffice)(
    'opens the workbook and reads the same cells',
    async () => {
      const file = join(dir, 'lo.xlsx');
      await writeXlsx(wh, COLUMNS, QUERY, file, { sheetName: 'lo' });
      const out = mkdtempSync(join(tmpdir(), 'fundtrail-lo-'));
      try {
        execFileSync(
          soffice!,
          [
            `-env:UserInstallation=file://${out}/profile`,
            '--headless',
            '--convert-to',
            'csv:Text - txt - csv (StarCalc):44,34,76',
            '--outdir',
            out,
            file,
          ],
          { stdio: 'ignore', timeout: 120_000 },
        );
        const csv = await wh.all<Record<string, string | null>>(
          `select * from read_csv(${sqlString(join(out, 'lo.csv'))}, header = true, all_varchar = true, quote = '"')`,
        );
        expect(csv.map((r) => r['id'])).toEqual(ROWS.map(([id]) => String(id)));
        // LibreOffice's CSV (UTF-8, filter option 76) keeps a line break in a cell as LF alone
        const text = (v: string | null) => (v === null ? null : v.replaceAll('\r\n', '\n'));
        expect(csv.map((r) => [text(r['txt'] ?? null), text(r['note'] ?? null)])).toEqual(
          ROWS.map(([id]) => EXPECTED_TEXT[id]!.map(text)),
        );
        // as shown: the amount style '#,##0.00' applied to the exact values
        expect(csv.map((r) => r['amt'])).toEqual([
          '0.01',
          '-0.05',
          '123,456.78',
          '9,999,999,999.99',
          null,
          '0.00',
          '-3,000.00',
          '0.10',
        ]);
        expect(csv.map((r) => r['day'])).toEqual(ROWS.map(([, , , day]) => day));
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
    180_000,
  );
});

describe('shared strings', () => {
  /** a column of few values repeated (shared) beside one of unique values (inline) */
  const SHARED = ['<b>&amp; & >', HYPERLINK, '中文', null, '', '\t=1', 'line1\nline2', 'ctl\u0001end'];
  const EXPECTED_SHARED = ['<b>&amp; & >', `'${HYPERLINK}`, '中文', null, null, "'\t=1", 'line1\nline2', 'ctlend'];
  const N = 160;

  it('writes repeated text once in xl/sharedStrings.xml and reads back the same, inert cells', async () => {
    await wh.run('create table s (id integer, kind varchar, uniq varchar)');
    await wh.append(
      's',
      Array.from({ length: N }, (_, i) => [i + 1, SHARED[i % SHARED.length] ?? null, `u${i}`]),
    );
    const columns: ExportColumn[] = [
      { name: 'id', type: 'integer' },
      { name: 'kind', type: 'text' },
      { name: 'uniq', type: 'text' },
    ];
    const file = join(dir, 'shared.xlsx');
    const query = { sql: 'select id, kind, uniq from s order by id', params: [] };
    expect(await writeXlsx(wh, columns, query, file, { sheetName: 'shared', maxRowsPerSheet: 101 })).toBe(N);
    const { entries } = readZipEntries(file);
    const sst = entries.find((e) => e.name === 'xl/sharedStrings.xml')!.data.toString('utf8');
    expect(sst).toContain('uniqueCount="6"');
    expect(sst).toContain('<si><t>&lt;b&gt;&amp;amp; &amp; &gt;</t></si>');
    expect(sst).not.toContain('\u0001');
    const sheet1 = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!.data.toString('utf8');
    expect(sheet1).toContain("t='s'");
    expect(sheet1).toContain('<is><t>u0</t></is>');
    const book = await readBook(file);
    const values = book.worksheets.flatMap((ws) =>
      Array.from({ length: ws.rowCount - 1 }, (_, r) => {
        const row = ws.getRow(r + 2);
        for (const c of [2, 3]) expect(row.getCell(c).formula).toBeUndefined();
        return [row.getCell(1).value, row.getCell(2).value ?? null, row.getCell(3).value];
      }),
    );
    expect(values).toEqual(Array.from({ length: N }, (_, i) => [i + 1, EXPECTED_SHARED[i % SHARED.length], `u${i}`]));
    // the temporary type that numbered the strings is gone
    expect(Number(await wh.value("select count(*) from duckdb_types() where type_name like 'fundtrail_sst_%'"))).toBe(
      0,
    );
  });
});
