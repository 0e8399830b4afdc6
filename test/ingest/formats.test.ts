/**
 * The same entity from every format the interchange spec allows: Parquet, XLSX (sheet choice), CSV in
 * UTF-16, with tab delimiters. Binary fixtures are made here, not committed.
 */
import { pbkdf2 } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { ingestFile } from '../../ingest/index.ts';
import { sqlString } from '../../warehouse/index.ts';
import { expectCountsInvariant, rejectsOf, seedRegions, testWarehouse, type TestWarehouse } from './ingest.helpers.ts';

let t: TestWarehouse;

beforeAll(async () => {
  t = await testWarehouse();
  await seedRegions(t.wh);
});
afterAll(() => t.close());

describe('Parquet', () => {
  it('reads every column as text: dates, decimals and integers as written', async () => {
    const path = join(t.dir, 'projects.parquet');
    await t.wh.run(
      `copy (
         select * from (values
           ('PQ-1', '产业发展项目', '520102', 2020::integer, 1234.5::decimal(12, 2), date '2020-01-01', '实施'),
           ('PQ-2', '饮水工程', '520199', 2021::integer, 10.0::decimal(12, 2), date '2021-06-30', '储备'),
           ('PQ-3', '教育', '520103', 2021::integer, -1.0::decimal(12, 2), null, '完工')
         ) as v("项目代码", "项目名称", region_code, start_year, planned_amount, "开工日期", status)
       ) to ${sqlString(path)} (format parquet)`,
    );
    const s = await ingestFile(t.wh, 'projects', path);
    expect([s.format, s.rows_read, s.accepted, s.rejected]).toEqual(['parquet', 3, 1, 2]);
    const row = await t.wh.one(
      `select project_name, start_year, planned_amount, row_no, cast(extra as varchar) as extra from raw.projects where project_code = 'PQ-1'`,
    );
    expect(row).toEqual({
      project_name: '产业发展项目',
      start_year: 2020,
      planned_amount: 123450,
      row_no: 2,
      extra: '{"开工日期":"2020-01-01"}',
    });
    expect((await rejectsOf(t.wh, s.load_id)).map((r) => [r.row_no, r.column_name, r.error_code])).toEqual([
      [3, 'region_code', 'E_REGION_UNKNOWN'],
      [4, 'planned_amount', 'E_AMOUNT_NEGATIVE'],
    ]);
    await expectCountsInvariant(t.wh, s);
  });
});

describe('XLSX', () => {
  it('reads the sheet named after the entity (in Chinese) rather than the first one', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['本表为账户信息']);
    const ws = wb.addWorksheet('账户');
    ws.addRow(['账号', '户名', '账户类型', '区划代码']);
    ws.addRow(['6228000099990001', '花果园社区', '单位', '520102']);
    ws.addRow([
      { richText: [{ text: '62280000' }, { text: '99990002' }] },
      { formula: '"贵阳"&"市"', result: '贵阳市' },
      '实有资金账户',
      520100,
    ]);
    const path = t.file('accounts.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const s = await ingestFile(t.wh, 'accounts', path);
    expect([s.sheet, s.accepted, s.rejected]).toEqual(['账户', 2, 0]);
    expect(
      await t.wh.one(`select holder_name, region_code, kind from raw.accounts where account_no = '6228000099990002'`),
    ).toEqual({
      holder_name: '贵阳市',
      region_code: '520100',
      kind: '实有资金账户',
    });
  });

  it('falls back to the first sheet', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('数据').addRows([
      ['person_id', 'name', 'region_code'],
      ['X-1', '甲', '520102'],
    ]);
    wb.addWorksheet('其他').addRows([['person_id'], ['nope']]);
    const s = await ingestFile(t.wh, 'officials', t.file('officials.xlsx', Buffer.from(await wb.xlsx.writeBuffer())));
    expect([s.sheet, s.accepted]).toEqual(['数据', 1]);
  });

  it('passes over the other sheets without a stray error while the thread pool is busy', async () => {
    // exceljs parks the sheets of such a workbook in temp files and deletes each as the loop moves on; a sheet
    // passed over had a stream still opening its file, which failed (ENOENT, unhandled) when the open waited
    // in libuv's pool behind other work, as it does under CI load. Four hashes, one after another, fill the pool here.
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('数据').addRows([
      ['person_id', 'name', 'region_code'],
      ['X-2', '乙', '520102'],
    ]);
    for (const name of ['其他', '备注', '附表']) wb.addWorksheet(name).addRows([['person_id'], ['nope']]);
    const path = t.file('officials-busy.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const stray: unknown[] = [];
    const onStray = (err: unknown): void => void stray.push(err);
    process.on('uncaughtException', onStray);
    let ingesting = true;
    const hashAgain = (done: () => void): void => {
      if (ingesting) pbkdf2('x', 'y', 20_000, 32, 'sha256', () => hashAgain(done));
      else done();
    };
    const busy = Array.from({ length: 4 }, () => new Promise<void>((done) => hashAgain(done)));
    try {
      const s = await ingestFile(t.wh, 'officials', path).finally(() => (ingesting = false));
      await Promise.all(busy);
      await new Promise((r) => setTimeout(r, 50));
      expect([s.sheet, s.accepted, stray]).toEqual(['数据', 1, []]);
    } finally {
      process.off('uncaughtException', onStray);
    }
  });
});

describe('CSV variants', () => {
  it('reads UTF-16LE with a BOM and tab delimiters (Excel "Unicode text")', async () => {
    const text = '\uFEFF证件号码\t姓名\t区划代码\r\nU16-1\t陈一\t520102\r\nU16-2\t陈二\t520102\r\n';
    const s = await ingestFile(
      t.wh,
      'officials',
      t.file('officials-utf16.txt', iconv.encode(text, 'utf-16le', { addBOM: false })),
    );
    expect([s.encoding, s.accepted, s.rejected]).toEqual(['utf-16le', 2, 0]);
    expect(await t.wh.value(`select name from raw.officials where person_id = 'U16-2'`)).toBe('陈二');
  });

  it('accepts the date and flag spellings of the spec', async () => {
    const path = t.file(
      'beneficiaries-spellings.csv',
      '证件号码,姓名,建档立卡,状态日期\nB-1,甲,是,2020/3/5\nB-2,乙,false,2020-03-05\nB-3,丙,N,\nB-4,丁,也许,2020-02-30\n',
    );
    const s = await ingestFile(t.wh, 'beneficiaries', path);
    const rows = await t.wh.all(
      `select person_id, registered, status_date from raw.beneficiaries where person_id like 'B-%' order by 1`,
    );
    expect(rows).toEqual([
      { person_id: 'B-1', registered: true, status_date: '2020-03-05' },
      { person_id: 'B-2', registered: false, status_date: '2020-03-05' },
      { person_id: 'B-3', registered: false, status_date: null },
    ]);
    expect((await rejectsOf(t.wh, s.load_id)).map((r) => [r.row_no, r.column_name, r.error_code])).toEqual([
      [5, '状态日期', 'E_DATE_FORMAT'],
      [5, '建档立卡', 'E_FLAG_FORMAT'],
    ]);
  });
});
