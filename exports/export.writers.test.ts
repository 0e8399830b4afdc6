import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExportMarts } from '../test/models/export-marts.helper.ts';
import { isUserError, sqlString, type Warehouse } from '../warehouse/index.ts';
import { writeCsv, writeCsvFromParquet } from './csv.writer.ts';
import { EXPORT_COLUMNS, exportKind, exportQuery } from './index.ts';
import { writeParquet } from './parquet.writer.ts';
import { releaseXlsxFacts, studyForXlsx } from './xlsx.writer.ts';
import { MALICIOUS, openTinyLedger } from './tiny-ledger.fixture.ts';

let wh: Warehouse;
let dir: string;
beforeAll(async () => {
  wh = await openTinyLedger();
  await buildExportMarts(wh);
  dir = mkdtempSync(join(tmpdir(), 'fundtrail-export-'));
});
afterAll(() => {
  wh.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

/** The CSV as a spreadsheet-agnostic parser (DuckDB's) reads it: every cell as text. */
async function readCsv(file: string): Promise<Record<string, string | null>[]> {
  return wh.all(
    `select * from read_csv(${sqlString(file)}, header = true, all_varchar = true, delim = ',', quote = '"')`,
  );
}

describe('CSV', () => {
  it('is the same, byte for byte, written from the query or read back from its Parquet file', async () => {
    for (const kind of ['journal', 'ledger', 'trace', 'interlock'] as const) {
      const columns = EXPORT_COLUMNS[kind];
      const query = exportQuery(kind);
      const parquet = join(dir, `${kind}-rows.parquet`);
      await writeParquet(wh, columns, query, parquet);
      const direct = join(dir, `${kind}-direct.csv`);
      const back = join(dir, `${kind}-back.csv`);
      const n = await writeCsv(wh, columns, query, direct);
      expect(await writeCsvFromParquet(wh, columns, parquet, back)).toBe(n);
      expect(readFileSync(back).equals(readFileSync(direct))).toBe(true);
    }
  });

  it('keeps the rows in their order when DuckDB writes them in parallel, from the query or from Parquet', async () => {
    // enough rows for several row groups, so both threads write; text in every column that the guard reads
    const columns = [
      { name: 'n', type: 'integer' },
      { name: 'a', type: 'text' },
      { name: 'b', type: 'text' },
      { name: 'fen', type: 'amount' },
    ] as const;
    const query = {
      sql: `select i as n, 'a' || i as a, case when i % 1000 = 0 then '=' || i else 'b' end as b, i as fen
            from range(400000) as r(i) order by i desc`,
      params: [],
    };
    const parquet = join(dir, 'ordered.parquet');
    await writeParquet(wh, columns, query, parquet);
    for (const [file, write] of [
      [join(dir, 'ordered-direct.csv'), (f: string) => writeCsv(wh, columns, query, f)],
      [join(dir, 'ordered-back.csv'), (f: string) => writeCsvFromParquet(wh, columns, parquet, f)],
    ] as const) {
      expect(await write(file)).toBe(400000);
      const lines = readFileSync(file, 'utf8').split('\r\n').slice(1, -1);
      const n = lines.map((l) => Number(l.split(',')[0]));
      expect(
        n.every((v, i) => v === 399999 - i),
        file,
      ).toBe(true);
      expect(lines[399999 - 5000]).toBe("5000,a5000,'=5000,50.00");
    }
  });

  it('writes plain lines, the same bytes as the CSV writer gives, only when the study finds every text plain', async () => {
    const columns = [
      { name: 'n', type: 'integer' },
      { name: 'code', type: 'text' },
      { name: 'name', type: 'text' },
      { name: 'day', type: 'date' },
      { name: 'fen', type: 'amount' },
      { name: 'note', type: 'text' },
    ] as const;
    // 300,000 rows (several row groups): repeating codes and notes (shared strings), unique names (inline), NULL
    // dates and amounts, tabs and Chinese inside values; `odd` replaces one note or one name
    const rowsWith = (odd: string | null, column: 'note' | 'name') => {
      const oddSql = odd === null ? 'null' : `'${odd.replaceAll("'", "''")}'`;
      const name =
        column === 'name' && odd !== null ? `case when i = 123456 then ${oddSql} else '名' || i end` : `'名' || i`;
      const note =
        column === 'note'
          ? `case when i = 123456 then ${oddSql} else '备注' || chr(9) || (i % 3) end`
          : `'备注' || chr(9) || (i % 3)`;
      return {
        sql: `select i as n, 'C' || (i % 50) as code, ${name} as name,
                case when i % 7 = 0 then null else date '2020-01-01' + (i % 300)::int end as day,
                case when i % 11 = 0 then null else i - 150000 end as fen, ${note} as note
              from range(300000) as r(i) order by i`,
        params: [],
      };
    };
    const cases: [string | null, boolean][] = [
      [null, true],
      ['a,b', false],
      ['say "x"', false],
      ['', false],
      ['=1+1', false],
      ['-5', false],
      ['line\nbreak', false],
      ['<b>', false],
    ];
    for (const [odd, plain] of cases)
      for (const column of ['note', 'name'] as const) {
        const parquet = join(dir, 'plain.parquet');
        await writeParquet(wh, columns, rowsWith(odd, column), parquet);
        const facts = await studyForXlsx(wh, columns, parquet);
        try {
          expect(facts.shared?.columns).toEqual(['code', 'note']);
          expect(facts.plainText, `${column}: ${JSON.stringify(odd)}`).toBe(plain);
          const writer = join(dir, 'plain-writer.csv');
          const lines = join(dir, 'plain-lines.csv');
          expect(await writeCsvFromParquet(wh, columns, parquet, writer)).toBe(300000);
          if (plain) {
            expect(await writeCsvFromParquet(wh, columns, parquet, lines, { plainText: true })).toBe(300000);
            expect(readFileSync(lines).equals(readFileSync(writer))).toBe(true);
          }
        } finally {
          await releaseXlsxFacts(wh, facts);
        }
      }
  });

  it('starts with a BOM, has the English header, CRLF lines and one line per row', async () => {
    const { file, rows } = await exportKind(wh, 'journal', { outDir: dir });
    expect(basename(file)).toBe('journal.csv');
    expect(rows).toBe(40);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(EXPORT_COLUMNS.journal.map((c) => c.name).join(','));
    expect(lines.filter((l) => l !== '')).toHaveLength(41);
    expect(readdirSync(dir).filter((f) => f.includes('.part') || f.includes('.body'))).toEqual([]);
  });

  it('writes amounts as 元 with two decimals, exact to the 分, negative ones signed', async () => {
    const { file } = await exportKind(wh, 'journal', { outDir: dir });
    const csv = await readCsv(file);
    const red = csv.filter((r) => r['doc_id'] === 'D06');
    expect(red.map((r) => [r['debit'], r['credit']])).toEqual([
      ['-0.05', '0.00'],
      ['0.00', '-0.05'],
      ['-0.05', '0.00'],
      ['0.00', '-0.05'],
    ]);
    expect(csv.find((r) => r['doc_id'] === 'D12')?.['debit']).toBe('123456.78');
    expect(csv.find((r) => r['doc_id'] === 'D01')?.['debit']).toBe('1000000.00');
    expect(csv.find((r) => r['doc_id'] === 'D13')?.['debit']).toBe('7.00');
    const { file: ledger } = await exportKind(wh, 'ledger', { outDir: dir, region: '110000', year: 2020 });
    expect(
      (await readCsv(ledger)).find((r) => r['account_code'] === '4001' && r['region_code'] === '110000'),
    ).toMatchObject({
      debit: '0.00',
      credit: '800000.00',
      balance: '-800000.00',
    });
  });

  it('makes formula-like text inert but leaves amounts alone', async () => {
    const { file } = await exportKind(wh, 'journal', { outDir: dir });
    const csv = await readCsv(file);
    const projects = new Set(csv.map((r) => r['project_code']));
    expect(projects).toContain(`'${MALICIOUS.hyperlink}`);
    expect(projects).toContain(`'${MALICIOUS.cmd}`);
    expect(csv.find((r) => r['doc_id'] === 'D13')?.['fund_code']).toBe(`'${MALICIOUS.sum}`);
    for (const row of csv) {
      for (const [key, value] of Object.entries(row)) {
        if (value !== null && /^[=+@\t\r]/.test(value)) throw new Error(`${key} 可被执行: ${value}`);
      }
    }
    expect(readFileSync(file, 'utf8')).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('names scoped files after their scope and writes the scoped rows only', async () => {
    const { file, rows } = await exportKind(wh, 'interlock', {
      outDir: join(dir, 'nested'),
      region: '110100',
      year: 2020,
    });
    expect(basename(file)).toBe('interlock-110100-2020.csv');
    expect(rows).toBe(1);
    expect(await readCsv(file)).toEqual([
      {
        doc_id: 'D08',
        from_region: '110000',
        to_region: '110100',
        budget_year: '2020',
        issued: '250000.00',
        imported: '250000.00',
        in_transit: '0.00',
        issued_date: '2020-03-05',
        first_import_date: '2020-03-20',
      },
    ]);
    const { file: open } = await exportKind(wh, 'interlock', { outDir: dir, region: '120000' });
    expect((await readCsv(open))[0]?.['first_import_date']).toBeNull();
  });

  it('refuses an unknown region or kind as wrong usage', async () => {
    const err = await exportKind(wh, 'journal', { outDir: dir, region: '999999' }).catch((e: unknown) => e);
    expect(isUserError(err) && err.code === 'EXPORT_REGION_UNKNOWN' && err.exitCode === 2).toBe(true);
    const kind = await exportKind(wh, 'audit', { outDir: dir }).catch((e: unknown) => e);
    expect(isUserError(kind) && kind.exitCode === 2).toBe(true);
  });
});

describe('XLSX', () => {
  it('has a sheet named after the kind, bold frozen header, numeric amounts and inert text', async () => {
    const { file, rows } = await exportKind(wh, 'journal', { outDir: dir, format: 'xlsx' });
    expect(rows).toBe(40);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((s) => s.name)).toEqual(['journal']);
    const sheet = book.getWorksheet('journal');
    if (!sheet) throw new Error('no sheet');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = sheet.getRow(1);
    expect(EXPORT_COLUMNS.journal.map((_, i) => header.getCell(i + 1).value)).toEqual(
      EXPORT_COLUMNS.journal.map((c) => c.name),
    );
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(sheet.rowCount).toBe(41);

    const col = (name: string): number => EXPORT_COLUMNS.journal.findIndex((c) => c.name === name) + 1;
    const rowOf = (docId: string, account: string): ExcelJS.Row => {
      for (let r = 2; r <= sheet.rowCount; r++) {
        const row = sheet.getRow(r);
        if (row.getCell(col('doc_id')).value === docId && row.getCell(col('account_code')).value === account)
          return row;
      }
      throw new Error(`${docId}/${account} not found`);
    };
    const red = rowOf('D06', '1001').getCell(col('debit'));
    expect(red.value).toBe(-0.05);
    expect(red.type).toBe(ExcelJS.ValueType.Number);
    expect(red.numFmt).toBe('#,##0.00');
    expect(rowOf('D12', '5201').getCell(col('debit')).value).toBe(123456.78);
    expect(rowOf('D01', '1001').getCell(col('doc_date')).value).toEqual(new Date('2020-01-10T00:00:00Z'));

    const inert = [
      rowOf('D10', '500201').getCell(col('project_code')),
      rowOf('D12', '5201').getCell(col('project_code')),
      rowOf('D13', '1001').getCell(col('fund_code')),
    ];
    expect(inert.map((c) => c.value)).toEqual([`'${MALICIOUS.hyperlink}`, `'${MALICIOUS.cmd}`, `'${MALICIOUS.sum}`]);
    for (const cell of inert) {
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
    }
  });

  it('splits into further sheets at the row limit without losing a row', async () => {
    const { file, rows } = await exportKind(wh, 'journal', { outDir: dir, format: 'xlsx', xlsxMaxRowsPerSheet: 11 });
    expect(rows).toBe(40);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((s) => [s.name, s.rowCount])).toEqual([
      ['journal', 11],
      ['journal_2', 11],
      ['journal_3', 11],
      ['journal_4', 11],
    ]);
    const ids = book.worksheets.flatMap((s) => (s.getColumn(1).values as unknown[]).slice(2).map((v) => Number(v)));
    expect(ids).toEqual([...Array(40).keys()].map((i) => i + 1));
    for (const s of book.worksheets) expect(s.getRow(1).getCell(1).value).toBe('posting_id');
  });

  it('writes an empty extract as a header-only sheet', async () => {
    const { file, rows } = await exportKind(wh, 'interlock', { outDir: dir, format: 'xlsx', year: 2021 });
    expect(rows).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((s) => [s.name, s.rowCount])).toEqual([['interlock', 1]]);
  });
});

describe('Parquet', () => {
  it('reads back with the same rows and sums, amounts as DECIMAL(18,2) 元', async () => {
    for (const kind of ['journal', 'ledger', 'trace'] as const) {
      const { file, rows } = await exportKind(wh, kind, { outDir: dir, format: 'parquet' });
      const n = await wh.value(`select count(*) from read_parquet(${sqlString(file)})`);
      expect(n).toBe(rows);
      const described = await wh.describe(`select * from read_parquet(${sqlString(file)})`);
      expect(described.map((c) => c.name)).toEqual(EXPORT_COLUMNS[kind].map((c) => c.name));
      for (const c of EXPORT_COLUMNS[kind].filter((c) => c.type === 'amount')) {
        expect(described.find((d) => d.name === c.name)?.type).toBe('DECIMAL(18,2)');
      }
    }
    const { file } = await exportKind(wh, 'journal', { outDir: dir, format: 'parquet', region: '110000' });
    const sums = await wh.one(
      `select sum(debit)::varchar as debit, sum(credit)::varchar as credit, count(*) as n,
              min(debit)::varchar as min_debit from read_parquet(${sqlString(file)})`,
    );
    // Σ of the debits (= credits) of 110000 and 110100 in ledger.postings, by hand from the fixture
    expect(sums).toEqual({ debit: '2823456.78', credit: '2823456.78', n: 28, min_debit: '-0.05' });
  });
});
