/**
 * The generated validation SQL, run on DuckDB: typed values (amounts exact in 分), and every problem of a
 * row with its code, column (as written in the header) and cell.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../warehouse/index.ts';
import type { EntitySpec } from '../entity-spec.types.ts';
import { mapHeaders } from '../map/header.mapper.ts';
import { buildValidationSql } from './validation.builder.ts';

const spec: EntitySpec = {
  entity: 'payments',
  zh: '测试',
  target: 'raw.payments',
  key: ['id'],
  onChange: 'reject',
  columns: [
    { key: 'id', zh: '编号', type: { kind: 'text' }, required: true },
    { key: 'amount', zh: '金额', type: { kind: 'money' } },
    { key: 'day', zh: '日期', type: { kind: 'date' } },
    { key: 'month', zh: '月份', type: { kind: 'month' } },
    { key: 'flag', zh: '标志', type: { kind: 'flag', fallback: true } },
    { key: 'kind', zh: '类型', type: { kind: 'enum', values: { 户: '户', household: '户' } } },
    { key: 'n', zh: '年度', type: { kind: 'int' } },
    { key: 'code', zh: '代码', type: { kind: 'region-code' } },
  ],
  rules: [{ code: 'E_YEAR_RANGE', column: 'n', when: 'n > 2100', detail: `'2100'` }],
};

let wh: Warehouse;
beforeAll(async () => {
  wh = await Warehouse.open(':memory:');
});
afterAll(() => wh.closeAll());

interface Err {
  col: string;
  code: string;
  value: string | null;
  detail: string | null;
}

async function validate(rows: (string | null)[][]): Promise<Record<string, unknown>[]> {
  const headers = ['编号', 'amount', '日期', 'MONTH', '标志', '类型', '年度', '代码', '备注'];
  await wh.run(
    `create or replace temp table src (row_no bigint, ${headers.map((_, i) => `c${i} varchar`).join(', ')})`,
  );
  await wh.append(
    'src',
    rows.map((r, i) => [i + 2, ...r]),
  );
  await wh.run(
    buildValidationSql(spec, mapHeaders(spec, headers), { relation: 'src', hasRowNo: true, table: 'val', headers }),
  );
  return wh.all('select * exclude (extra, raw_row, bad), cast(extra as varchar) as extra from val order by row_no');
}

describe('validation SQL', () => {
  it('types a good row: amounts exact in 分, dates, months, flags, enums, padded codes', async () => {
    const [row] = await validate([['A', ' 1,234,567.89 ', '2020/2/9', '2020/3', '否', 'Household', '2020', '52', 'x']]);
    expect(row).toEqual({
      row_no: 2,
      id: 'A',
      amount: 123456789,
      day: '2020-02-09',
      month: '2020-03',
      flag: false,
      kind: '户',
      n: 2020,
      code: '520000',
      extra: '{"备注":"x"}',
      errs: null,
    });
  });

  it('never goes through floating point', async () => {
    const amounts = ['0.29', '0.57', '1.005e2', '90071992547409.91', '90071992547409.92', '-0.01'];
    const rows = await validate(amounts.map((a, i) => [String(i), a, null, null, null, null, null, null, null]));
    expect(rows.map((r) => r['amount'])).toEqual([29, 57, null, Number.MAX_SAFE_INTEGER, null, -1]);
  });

  it('finds every problem of a row, each with its code, column as written and cell', async () => {
    const [row] = await validate([[null, '1,2.3', '2020-02-30', '2020-13', '也许', '人', '2200', '5201', null]]);
    const errs = (row!['errs'] as Err[]).map((e) => [e.col, e.code, e.value]);
    expect(errs).toEqual([
      ['编号', 'E_REQUIRED', null],
      ['amount', 'E_AMOUNT_FORMAT', '1,2.3'],
      ['日期', 'E_DATE_FORMAT', '2020-02-30'],
      ['MONTH', 'E_MONTH_FORMAT', '2020-13'],
      ['标志', 'E_FLAG_FORMAT', '也许'],
      ['类型', 'E_ENUM', '人'],
      ['年度', 'E_YEAR_RANGE', '2200'],
    ]);
    expect((row!['errs'] as Err[]).find((e) => e.code === 'E_ENUM')!.detail).toBe('户/household');
    expect(row!['code']).toBe('520100');
  });

  it('rejects negative amounts, malformed thousands groups and more than two decimals', async () => {
    const rows = await validate(
      ['-5', '12,34', '1,234.567', '1 234', ',123'].map((a, i) => [
        String(i),
        a,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ]),
    );
    expect(rows.map((r) => (r['errs'] as Err[]).map((e) => e.code))).toEqual([
      ['E_AMOUNT_NEGATIVE'],
      ['E_AMOUNT_FORMAT'],
      ['E_AMOUNT_FORMAT'],
      ['E_AMOUNT_FORMAT'],
      ['E_AMOUNT_FORMAT'],
    ]);
  });
});
