/**
 * Loading is idempotent by natural key: the same file twice changes nothing; master data is replaced (the
 * old row kept), payments and fund designations are not; repeats inside a file; headers in any order.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile, writeRejectReport } from '../../ingest/index.ts';
import {
  expectCountsInvariant,
  fixture,
  rejectsOf,
  seedRegions,
  tableCounts,
  testWarehouse,
  type TestWarehouse,
} from './ingest.helpers.ts';

let t: TestWarehouse;

beforeAll(async () => {
  t = await testWarehouse();
  await seedRegions(t.wh);
});
afterAll(() => t.close());

describe('same file twice', () => {
  it('changes nothing the second time, for master data, documents and payments', async () => {
    const files: [string, string][] = [
      ['funds', fixture('funds.csv')],
      ['indicators', fixture('indicators.csv')],
      ['payments', fixture('payments.csv')],
      ['officials', fixture('officials.csv')],
      ['regions', fixture('regions-small.csv')],
    ];
    for (const [entity, path] of files) {
      const first = await ingestFile(t.wh, entity, path);
      if (entity !== 'regions') expect(first.unchanged).toBe(0);
      expect(first.rejected).toBe(0);
    }
    const before = await tableCounts(t.wh);
    const postings = await t.wh.value<string>('select max(hash) from ledger.postings');
    for (const [entity, path] of files) {
      const again = await ingestFile(t.wh, entity, path);
      expect([again.rows_read, again.accepted, again.unchanged, again.rejected, again.replaced]).toEqual([
        again.rows_read,
        again.rows_read,
        again.rows_read,
        0,
        0,
      ]);
      await expectCountsInvariant(t.wh, again);
    }
    expect(await tableCounts(t.wh)).toEqual(before);
    expect(await t.wh.value('select max(hash) from ledger.postings')).toBe(postings);
  });
});

describe('headers', () => {
  it('maps Chinese headers in any order and keeps unknown columns in extra', async () => {
    const path = t.file(
      'accounts-zh.csv',
      ' 备注 ,开户行,ACCOUNT_NO,户名,区划代码,账户类型,,内部编号\n' +
        '首次登记,农业银行,6228000011112222,张三,520102,个人,,X-1\n' +
        ',建设银行,6228000011113333,贵阳市财政局,520100,财政专户,,\n',
    );
    const s = await ingestFile(t.wh, 'accounts', path);
    expect([s.accepted, s.rejected]).toEqual([2, 0]);
    const rows = await t.wh.all(
      `select account_no, holder_name, bank, kind, region_code, cast(extra as varchar) as extra
       from raw.accounts where account_no like '6228000011%' order by 1`,
    );
    expect(rows.map((r) => ({ ...r, extra: r['extra'] === null ? null : JSON.parse(String(r['extra'])) }))).toEqual([
      {
        account_no: '6228000011112222',
        holder_name: '张三',
        bank: '农业银行',
        kind: '个人',
        region_code: '520102',
        extra: { 备注: '首次登记', 内部编号: 'X-1' },
      },
      {
        account_no: '6228000011113333',
        holder_name: '贵阳市财政局',
        bank: '建设银行',
        kind: '财政专户',
        region_code: '520100',
        extra: null,
      },
    ]);
  });

  it('refuses two header cells naming the same column', async () => {
    const path = t.file('officials-dup-header.csv', 'person_id,证件号码,name\n1,2,x\n');
    await expect(ingestFile(t.wh, 'officials', path)).rejects.toMatchObject({ code: 'E_DUPLICATE_COLUMN' });
  });
});

describe('changes to stored rows', () => {
  it('replaces master data and keeps the old row', async () => {
    const first = t.file(
      'officials-v1.csv',
      'person_id,name,employer,region_code\nO-1,甲,南明区财政局,520102\nO-2,乙,云岩区,520103\n',
    );
    await ingestFile(t.wh, 'officials', first);
    const second = t.file(
      'officials-v2.csv',
      'person_id,name,employer,region_code\nO-1,甲,贵阳市财政局,520100\nO-2,乙,云岩区,520103\n',
    );
    const s = await ingestFile(t.wh, 'officials', second);
    expect([s.accepted, s.unchanged, s.replaced, s.rejected]).toEqual([2, 1, 1, 0]);
    expect(await t.wh.one(`select employer, region_code, load_id from raw.officials where person_id = 'O-1'`)).toEqual({
      employer: '贵阳市财政局',
      region_code: '520100',
      load_id: s.load_id,
    });
    const old = await t.wh.one<{ row_key: string; old_row: string }>(
      `select row_key, cast(old_row as varchar) as old_row from meta.replaced_rows where load_id = $1`,
      [s.load_id],
    );
    expect(old?.row_key).toBe('O-1');
    expect(JSON.parse(old!.old_row)).toMatchObject({ person_id: 'O-1', employer: '南明区财政局' });
  });

  it('rejects a changed payment (E_CONFLICT_EXISTING) and its identical repeat in the file', async () => {
    await ingestFile(
      t.wh,
      'payments',
      t.file('pay-c1.csv', 'payment_id,doc_id,person_id,pay_month,payable,paid\nC-1,D3,1,2020-05,10,10\n'),
    );
    const s = await ingestFile(
      t.wh,
      'payments',
      t.file(
        'pay-c2.csv',
        'payment_id,doc_id,person_id,pay_month,payable,paid\nC-1,D3,1,2020-05,10,9\nC-1,D3,1,2020-05,10,9\nC-2,D3,2,2020-05,1,1\n',
      ),
    );
    expect([s.rows_read, s.accepted, s.rejected]).toEqual([3, 1, 2]);
    const rejects = await rejectsOf(t.wh, s.load_id);
    expect(rejects.map((r) => [r.row_no, r.column_name, r.error_code])).toEqual([
      [2, 'payment_id', 'E_CONFLICT_EXISTING'],
      [3, 'payment_id', 'E_SAME_AS_REJECTED_ROW'],
    ]);
    expect(rejects[0]!.message).toMatch(
      /^第 2 行, 列「payment_id」: 键 'C-1' 已存在且内容不同 \(已有记录来自批次 \d+\)/,
    );
    expect(JSON.parse(rejects[0]!.raw_row!)).toEqual({
      payment_id: 'C-1',
      doc_id: 'D3',
      person_id: '1',
      pay_month: '2020-05',
      payable: '10',
      paid: '9',
    });
    expect(await t.wh.value(`select paid from raw.payments where payment_id = 'C-1'`)).toBe(1000);
    await expectCountsInvariant(t.wh, s);
  });

  it('keeps one designation per fund (ledger.md rule 4) but lets other fund columns change', async () => {
    const header = 'fund_code,fund_name,region_code,upper_fund_code,upper_region_code\n';
    await ingestFile(t.wh, 'funds', t.file('funds-d1.csv', `${header}F9,县级资金,520102,M,520100\n`));
    const s = await ingestFile(t.wh, 'funds', t.file('funds-d2.csv', `${header}F9,县级资金(更名),520102,P,520000\n`));
    expect((await rejectsOf(t.wh, s.load_id)).map((r) => [r.row_no, r.column_name, r.error_code, r.message])).toEqual([
      [
        2,
        'upper_fund_code',
        'E_FUND_DESIGNATION_CONFLICT',
        "第 2 行, 列「upper_fund_code」: 资金 '520102/F9' 已指定对应上级资金 520100/M; 一个资金只能指定一个上级资金 (指定关联)",
      ],
    ]);
    const renamed = await ingestFile(
      t.wh,
      'funds',
      t.file('funds-d3.csv', `${header}F9,县级资金(更名),520102,M,520100\n`),
    );
    expect([renamed.replaced, renamed.rejected]).toEqual([1, 0]);
    expect(await t.wh.value(`select fund_name from raw.funds where fund_code = 'F9'`)).toBe('县级资金(更名)');
  });
});

describe('repeats inside one file', () => {
  it('keeps the first of a key, counts identical repeats unchanged, rejects different ones', async () => {
    const path = t.file(
      'projects-dups.csv',
      'project_code,project_name,region_code,planned_amount,status\n' +
        'J-1,道路,520102,100,实施\nJ-2,饮水,520102,50,储备\nJ-1,道路,520102,100,实施\nJ-1,道路改,520102,100,实施\n',
    );
    const s = await ingestFile(t.wh, 'projects', path);
    expect([s.rows_read, s.accepted, s.unchanged, s.rejected]).toEqual([4, 3, 1, 1]);
    const [r] = await rejectsOf(t.wh, s.load_id);
    expect(r!.message).toBe("第 5 行, 列「project_code」: 键 'J-1' 与本文件第 2 行重复且内容不同");
    expect(await t.wh.value(`select project_name from raw.projects where project_code = 'J-1'`)).toBe('道路');
    await expectCountsInvariant(t.wh, s);
  });
});

describe('region changes and the rejection report', () => {
  it('loads region changes with Chinese kinds and checks shares', async () => {
    const s = await ingestFile(
      t.wh,
      'region-changes',
      t.file(
        'changes.csv',
        '原区划代码,新区划代码,调整年份,调整类型,分摊比例\n520102,520103,2021,拆分,0.25\n520102,520104,2021,合并,1.5\n',
      ),
    );
    expect([s.accepted, s.rejected]).toEqual([1, 1]);
    expect(await t.wh.one(`select kind, share from raw.region_changes where new_code = '520103'`)).toEqual({
      kind: 'split',
      share: 0.25,
    });
    expect((await rejectsOf(t.wh, s.load_id)).map((r) => r.error_code)).toEqual(['E_SHARE_FORMAT']);
  });

  it('writes the report (UTF-8 BOM, 行号/列/错误代码/说明 then the original columns) and writes it again', async () => {
    const s = await ingestFile(
      t.wh,
      'officials',
      t.file('officials-bad.csv', '证件号码,姓名,区划代码\n,=cmd,520102\nO-9,好人,999999\n'),
    );
    expect(s.report).toBe(`${t.dir}/rejects/load-${s.load_id}-officials.csv`);
    const text = readFileSync(s.report!, 'utf8');
    expect(text.startsWith('\uFEFF行号,列,错误代码,说明,证件号码,姓名,区划代码\n')).toBe(true);
    expect(text.split('\n').slice(1, 3)).toEqual([
      '2,证件号码,E_REQUIRED,"第 2 行, 列「证件号码」: 必填项为空",,\'=cmd,520102',
      '3,区划代码,E_REGION_UNKNOWN,"第 3 行, 列「区划代码」: 区划代码 \'999999\' 不存在 (请先导入区划)",O-9,好人,999999',
    ]);
    const again = `${t.dir}/again.csv`;
    expect(await writeRejectReport(t.wh, s.load_id, again)).toBe(2);
    expect(readFileSync(again, 'utf8')).toBe(text);
  });
});
