/**
 * What bad input gets (interchange.md): every rejected row with its row, column, stable code and Chinese
 * message, the rest loaded, accepted + rejected = rows read; unreadable files refused whole, changing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { ingestFile } from '../../ingest/index.ts';
import { isUserError } from '../../warehouse/index.ts';
import {
  expectCountsInvariant,
  fixture,
  rejectsOf,
  seedRegions,
  tableCounts,
  testWarehouse,
  type TestWarehouse,
} from './ingest.helpers.ts';

const PAYMENT_HEADER = 'payment_id,doc_id,person_id,name,village_code,pay_month,payable,paid';

let t: TestWarehouse;

beforeAll(async () => {
  t = await testWarehouse();
  await seedRegions(t.wh);
  await ingestFile(t.wh, 'funds', fixture('funds.csv'));
  const docs = await ingestFile(t.wh, 'indicators', fixture('indicators.csv'));
  expect(docs.accepted).toBe(3);
});
afterAll(() => t.close());

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (isUserError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected the file to be refused');
}

describe('encodings', () => {
  it('reads a GBK (GB18030) file and names its bad rows', async () => {
    const text =
      '证件号码,姓名,工作单位,区划代码\n520102190001010001,钱七,南明区民政局,520102\n520102190001010002,孙八,花果园街道,52010X\n';
    const path = t.file('officials-gbk.csv', iconv.encode(text, 'gbk'));
    const s = await ingestFile(t.wh, 'officials', path);
    expect(s.encoding).toBe('gb18030');
    expect([s.rows_read, s.accepted, s.rejected]).toEqual([2, 1, 1]);
    const row = await t.wh.one('select name, employer from raw.officials where person_id = $1', ['520102190001010001']);
    expect(row).toEqual({ name: '钱七', employer: '南明区民政局' });
    const rejects = await rejectsOf(t.wh, s.load_id);
    expect(rejects.map((r) => [r.row_no, r.column_name, r.error_code])).toEqual([[3, '区划代码', 'E_REGION_UNKNOWN']]);
    expect(rejects[0]!.message).toBe("第 3 行, 列「区划代码」: 区划代码 '52010X' 不存在 (请先导入区划)");
    expect(JSON.parse(rejects[0]!.raw_row!)).toMatchObject({ 姓名: '孙八' });
    await expectCountsInvariant(t.wh, s);
  });

  it('falls back to GB18030 when the non-UTF-8 bytes come after the sampled head', async () => {
    const filler = Array.from(
      { length: 30_000 },
      (_, i) => `5201029000${String(i).padStart(8, '0')},n${i},unit,520102`,
    );
    const text = `person_id,name,employer,region_code\n${filler.join('\n')}\n520102900100000001,周九,云岩区,520103\n`;
    const path = t.file('officials-late-gbk.csv', iconv.encode(text, 'gb18030'));
    const s = await ingestFile(t.wh, 'officials', path);
    expect(s.encoding).toBe('gb18030');
    expect([s.rows_read, s.rejected]).toEqual([30_001, 0]);
    expect(await t.wh.value('select name from raw.officials where person_id = $1', ['520102900100000001'])).toBe(
      '周九',
    );
  });

  it('reads UTF-8 with a BOM (the header keeps its first column)', async () => {
    const path = t.file('officials-bom.csv', '\uFEFF证件号码,姓名,区划代码\r\n520102190001010003,吴十,520102\r\n');
    const s = await ingestFile(t.wh, 'officials', path);
    expect(s.encoding).toBe('utf-8-bom');
    expect([s.rows_read, s.accepted, s.rejected]).toEqual([1, 1, 0]);
    expect(await t.wh.value('select name from raw.officials where person_id = $1', ['520102190001010003'])).toBe(
      '吴十',
    );
  });
});

describe('refused files change nothing', () => {
  it('refuses a file that lacks a required column, naming it', async () => {
    const before = await tableCounts(t.wh);
    const path = t.file('payments-no-paid.csv', 'payment_id,doc_id,person_id,pay_month,payable\nX1,D3,1,2020-01,1\n');
    const r = await refusal(ingestFile(t.wh, 'payments', path));
    expect(r).toEqual({ code: 'E_MISSING_COLUMN', message: '缺少必需列: 实发金额 (paid)' });
    expect(await tableCounts(t.wh)).toEqual(before);
    const load = await t.wh.one(
      "select status, message, rows_read from meta.loads where file_name = 'payments-no-paid.csv'",
    );
    expect(load).toEqual({ status: 'refused', message: '缺少必需列: 实发金额 (paid)', rows_read: 0 });
  });

  it('refuses an empty file (no header) and loads a header-only file as zero rows', async () => {
    const before = await tableCounts(t.wh);
    const empty = await refusal(ingestFile(t.wh, 'payments', t.file('empty.csv', '')));
    expect(empty.code).toBe('E_FILE_EMPTY');
    expect(empty.message).toContain('没有表头行');
    const blank = await refusal(ingestFile(t.wh, 'payments', t.file('blank.csv', '\uFEFF\r\n  \n')));
    expect(blank.code).toBe('E_FILE_EMPTY');
    const s = await ingestFile(t.wh, 'payments', t.file('header-only.csv', `${PAYMENT_HEADER}\n`));
    expect([s.status, s.rows_read, s.accepted, s.rejected]).toEqual(['done', 0, 0, 0]);
    expect(await tableCounts(t.wh)).toEqual(before);
  });

  it('refuses what is not CSV, XLSX or Parquet, and a broken XLSX', async () => {
    const before = await tableCounts(t.wh);
    const binary = await refusal(
      ingestFile(t.wh, 'payments', t.file('image.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2]))),
    );
    expect(binary.code).toBe('E_FILE_FORMAT');
    const zip = await refusal(
      ingestFile(t.wh, 'payments', t.file('broken.xlsx', Buffer.from('PK\u0003\u0004garbage-not-a-zip'))),
    );
    expect(zip.code).toBe('E_XLSX_BROKEN');
    expect(await tableCounts(t.wh)).toEqual(before);
  });

  it('refuses a workbook cut short, at any point, and loads nothing from it', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('payments');
    sheet.addRow(['person_id', 'name']);
    for (let i = 0; i < 2000; i++) sheet.addRow([`P-${i}`, `姓名${i}`]);
    wb.addWorksheet('备注').addRow(['说明']);
    const whole = Buffer.from(await wb.xlsx.writeBuffer());
    const before = await tableCounts(t.wh);
    for (const share of [0.3, 0.6, 0.9, 0.99]) {
      const cut = whole.subarray(0, Math.floor(whole.length * share));
      const refused = await refusal(ingestFile(t.wh, 'payments', t.file(`cut-${share}.xlsx`, cut)));
      expect([share, refused.code]).toEqual([share, 'E_XLSX_BROKEN']);
    }
    expect(await tableCounts(t.wh)).toEqual(before);
  });

  it('refuses a CSV whose quote is never closed mid-file', async () => {
    const before = await tableCounts(t.wh);
    const path = t.file(
      'unterminated.csv',
      `${PAYMENT_HEADER}\nQ1,D3,1,x,,2020-01,"1,00.00,1\nQ2,D3,2,y,,2020-01,1,1\n`,
    );
    const r = await refusal(ingestFile(t.wh, 'payments', path));
    expect(r.code).toBe('E_CSV_UNREADABLE');
    expect(r.message).toContain('引号未闭合');
    expect(await tableCounts(t.wh)).toEqual(before);
  });
});

describe('rejected rows, the rest loads', () => {
  it("rejects the amount '1,2.3' with row, column and code; stores the others exactly in 分", async () => {
    const path = t.file(
      'payments-amounts.csv',
      `${PAYMENT_HEADER}\nA1,D3,1,甲,,2020-01,"1,234.56","1,234.56"\nA2,D3,2,乙,,2020-01,1,"1,2.3"\nA3,D3,3,丙,,2020-01,0.29,0.29\n` +
        `A4,D3,4,丁,,2020-01,"12,345,678,901,234.99",12345678901234.99\nA5,D3,5,戊,,2020-01,1.234,5\n`,
    );
    const s = await ingestFile(t.wh, 'payments', path);
    expect([s.rows_read, s.accepted, s.rejected]).toEqual([5, 3, 2]);
    const rejects = await rejectsOf(t.wh, s.load_id);
    expect(rejects.map((r) => [r.row_no, r.column_name, r.error_code])).toEqual([
      [3, 'paid', 'E_AMOUNT_FORMAT'],
      [6, 'payable', 'E_AMOUNT_FORMAT'],
    ]);
    expect(rejects[0]!.message).toBe("第 3 行, 列「paid」: 金额格式错误 '1,2.3'");
    const paid = await t.wh.all(
      `select payment_id, payable, paid from raw.payments where payment_id like 'A%' order by 1`,
    );
    expect(paid).toEqual([
      { payment_id: 'A1', payable: 123456, paid: 123456 },
      { payment_id: 'A3', payable: 29, paid: 29 },
      { payment_id: 'A4', payable: 1234567890123499, paid: 1234567890123499 },
    ]);
    await expectCountsInvariant(t.wh, s);
  });

  it('names the column by its Chinese header when the file uses Chinese headers', async () => {
    const path = t.file(
      'payments-zh.csv',
      '发放编号,单据编号,证件号码,发放月份,应发金额,实发金额\nZ1,D3,1,2020-01,10,"1,2.3"\n',
    );
    const s = await ingestFile(t.wh, 'payments', path);
    const [r] = await rejectsOf(t.wh, s.load_id);
    expect(r!.message).toBe("第 2 行, 列「实发金额」: 金额格式错误 '1,2.3'");
  });

  it('rejects negative amounts, except in a red correction (T09)', async () => {
    const pay = t.file(
      'payments-negative.csv',
      `${PAYMENT_HEADER}\nN1,D3,1,甲,,2020-01,-5.00,-5.00\nN2,D3,2,乙,,2020-01,5,5\n`,
    );
    const s = await ingestFile(t.wh, 'payments', pay);
    expect([s.accepted, s.rejected]).toEqual([1, 1]);
    const rejects = await rejectsOf(t.wh, s.load_id);
    expect(rejects.map((r) => [r.row_no, r.column_name, r.error_code])).toEqual([
      [2, 'paid', 'E_AMOUNT_NEGATIVE'],
      [2, 'payable', 'E_AMOUNT_NEGATIVE'],
    ]);

    const docs = t.file(
      'indicators-negative.csv',
      'doc_id,txn_code,region_code,budget_year,doc_date,fund_code,corrects_doc_id,amount\n' +
        'NEG1,T02,100000,2020,2020-03-01,C,,-100.00\nNEG2,T09,520000,2020,2020-03-02,,D3,-100.00\nNEG3,T09,520000,2020,2020-03-02,,D3,100.00\n',
    );
    const d = await ingestFile(t.wh, 'indicators', docs);
    const dr = await rejectsOf(t.wh, d.load_id);
    expect(dr.filter((r) => r.error_code.startsWith('E_AMOUNT')).map((r) => [r.row_no, r.error_code])).toEqual([
      [2, 'E_AMOUNT_NEGATIVE'],
      [4, 'E_AMOUNT_T09_SIGN'],
    ]);
    expect(dr.some((r) => r.row_no === 3)).toBe(false);
    expect(await t.wh.value(`select amount from ledger.documents where doc_id = 'NEG2'`)).toBe(-10000);
    await expectCountsInvariant(t.wh, d);
  });

  it('rejects unknown region codes and unknown documents', async () => {
    const path = t.file(
      'payments-refs.csv',
      `${PAYMENT_HEADER}\nR1,D3,1,甲,520102001001,2020-01,1,1\nR2,D3,2,乙,520102001999,2020-01,1,1\nR3,NOPE,3,丙,,2020-01,1,1\n`,
    );
    const s = await ingestFile(t.wh, 'payments', path);
    const rejects = await rejectsOf(t.wh, s.load_id);
    expect(rejects.map((r) => [r.row_no, r.column_name, r.error_code])).toEqual([
      [3, 'village_code', 'E_REGION_UNKNOWN'],
      [4, 'doc_id', 'E_DOC_UNKNOWN'],
    ]);
    await expectCountsInvariant(t.wh, s);
  });

  it('reports every problem of a row in one pass', async () => {
    const path = t.file('payments-many.csv', `${PAYMENT_HEADER}\n,D3,1,甲,,2020-13,abc,2020-01-01\n`);
    const s = await ingestFile(t.wh, 'payments', path);
    const codes = (await rejectsOf(t.wh, s.load_id)).map((r) => `${r.column_name}:${r.error_code}`).sort();
    expect(codes).toEqual([
      'paid:E_AMOUNT_FORMAT',
      'pay_month:E_MONTH_FORMAT',
      'payable:E_AMOUNT_FORMAT',
      'payment_id:E_REQUIRED',
    ]);
    expect(s.rejected).toBe(1);
  });

  it('rejects a repeated document id with other content (ledger rule 7)', async () => {
    const before = await t.wh.value<number>(`select amount from ledger.documents where doc_id = 'D1'`);
    const changed = t.file(
      'indicators-changed.csv',
      'doc_id,txn_code,region_code,budget_year,doc_date,fund_code,amount\nD1,T02,100000,2020,2020-01-10,C,9.99\n',
    );
    const c = await ingestFile(t.wh, 'indicators', changed);
    expect([c.rows_read, c.accepted, c.rejected]).toEqual([1, 0, 1]);
    const [r] = await rejectsOf(t.wh, c.load_id);
    expect([r!.row_no, r!.error_code]).toEqual([2, 'E_LEDGER_R7_CONFLICT']);
    expect(await t.wh.value(`select amount from ledger.documents where doc_id = 'D1'`)).toBe(before);
    await expectCountsInvariant(t.wh, c);
  });

  it('rejects the last row of a truncated file (column count), loads the rest', async () => {
    const path = t.file(
      'payments-truncated.csv',
      `${PAYMENT_HEADER}\nT1,D3,1,甲,,2020-01,1,1\nT2,D3,2,乙,,2020-01,2,2\nT3,D3,3,丙,,20`,
    );
    const s = await ingestFile(t.wh, 'payments', path);
    expect([s.rows_read, s.accepted, s.rejected]).toEqual([3, 2, 1]);
    const [r] = await rejectsOf(t.wh, s.load_id);
    expect([r!.row_no, r!.column_name, r!.error_code]).toEqual([4, null, 'E_COLUMN_COUNT']);
    expect(r!.message).toBe('第 4 行: 列数与表头不符 (表头 8 列, 本行 6 列)');
    expect(JSON.parse(r!.raw_row!)).toEqual({
      payment_id: 'T3',
      doc_id: 'D3',
      person_id: '3',
      name: '丙',
      village_code: '',
      pay_month: '20',
    });
    await expectCountsInvariant(t.wh, s);
  });

  it('rejects a last row cut inside a quoted cell', async () => {
    const path = t.file('payments-cut-quote.csv', `${PAYMENT_HEADER}\nU1,D3,1,甲,,2020-01,1,1\nU2,D3,2,"乙`);
    const s = await ingestFile(t.wh, 'payments', path);
    expect([s.rows_read, s.accepted, s.rejected]).toEqual([2, 1, 1]);
    expect((await rejectsOf(t.wh, s.load_id)).map((r) => [r.row_no, r.error_code])).toEqual([[3, 'E_ROW_TRUNCATED']]);
  });

  it('keeps row numbers right after a set-aside row and inside multi-line cells', async () => {
    const path = t.file(
      'payments-rows.csv',
      `${PAYMENT_HEADER}\nW1,D3,1,"多行\n姓名",,2020-01,1,1\nW2,D3,2\nW3,D3,3,丙,,2020-01,1,x\nW4,D3,4,丁,,2020-01,1,1,extra\nW5,D3,5,戊,,2020-01,x,1\n`,
    );
    const s = await ingestFile(t.wh, 'payments', path);
    expect((await rejectsOf(t.wh, s.load_id)).map((r) => [r.row_no, r.error_code])).toEqual([
      [3, 'E_COLUMN_COUNT'],
      [4, 'E_AMOUNT_FORMAT'],
      [5, 'E_COLUMN_COUNT'],
      [6, 'E_AMOUNT_FORMAT'],
    ]);
    expect(await t.wh.value(`select row_no from raw.payments where payment_id = 'W1'`)).toBe(2);
    await expectCountsInvariant(t.wh, s);
  });

  it('reads an XLSX with Excel date cells and numbers, naming sheet rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['证件号码', '姓名', '村编码', '状态', '状态日期', '户编号']);
    ws.addRow(['520102199001010011', '郑一', '520102001001', '死亡', new Date(Date.UTC(2020, 2, 4)), 17]);
    ws.addRow([]);
    ws.addRow(['520102199001010012', '王二', 520102001001, '已脱贫', '2020/3/5', 0.1 + 0.2]);
    ws.addRow(['520102199001010013', '冯三', '520102001001', '未知', 43900, 1]);
    const path = t.file('beneficiaries.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const s = await ingestFile(t.wh, 'beneficiaries', path);
    expect([s.format, s.sheet, s.rows_read, s.accepted, s.rejected]).toEqual(['xlsx', 'Sheet1', 3, 2, 1]);
    const rows = await t.wh.all(
      `select person_id, status_date, household_id, village_code, row_no from raw.beneficiaries
       where person_id in ('520102199001010011', '520102199001010012') order by 1`,
    );
    expect(rows).toEqual([
      {
        person_id: '520102199001010011',
        status_date: '2020-03-04',
        household_id: '17',
        village_code: '520102001001',
        row_no: 2,
      },
      {
        person_id: '520102199001010012',
        status_date: '2020-03-05',
        household_id: '0.3',
        village_code: '520102001001',
        row_no: 4,
      },
    ]);
    const rejects = await rejectsOf(t.wh, s.load_id);
    expect(rejects.map((r) => [r.row_no, r.column_name, r.error_code])).toEqual([
      [5, '状态日期', 'E_DATE_FORMAT'],
      [5, '状态', 'E_ENUM'],
    ]);
    await expectCountsInvariant(t.wh, s);
  });
});
