import { describe, expect, it } from 'vitest';
import { isUserError } from '../../warehouse/index.ts';
import { paymentsSpec, regionsSpec } from '../entity.specs.ts';
import { mapHeaders } from './header.mapper.ts';

const errorOf = (fn: () => unknown): { code: string; message: string } => {
  try {
    fn();
  } catch (err) {
    if (isUserError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a refusal');
};

describe('mapHeaders', () => {
  it('maps English keys case-insensitively and Chinese headers, trimmed, in any order', () => {
    const m = mapHeaders(paymentsSpec, [
      ' 实发金额 ',
      'PAYMENT_ID',
      '\uFEFF单据编号',
      'person_id',
      '发放月份',
      'Payable',
      '备注',
      '',
      '备注',
    ]);
    const byKey = Object.fromEntries(
      m.columns.filter((c) => c.index !== null).map((c) => [c.spec.key, [c.index, c.header]]),
    );
    expect(byKey).toEqual({
      paid: [0, '实发金额'],
      payment_id: [1, 'PAYMENT_ID'],
      doc_id: [2, '单据编号'],
      person_id: [3, 'person_id'],
      pay_month: [4, '发放月份'],
      payable: [5, 'Payable'],
    });
    expect(m.columns.find((c) => c.spec.key === 'bank')).toMatchObject({ index: null, header: '开户行' });
    expect(m.extras).toEqual([
      { index: 6, name: '备注' },
      { index: 7, name: '列8' },
      { index: 8, name: '备注_2' },
    ]);
  });

  it('knows the aliases of special layouts', () => {
    const m = mapHeaders(regionsSpec, ['code', 'name', 'cityCode', 'provinceCode']);
    expect(m.columns.filter((c) => c.index !== null).map((c) => c.spec.key)).toEqual([
      'code',
      'name',
      'province_code',
      'city_code',
    ]);
    expect(m.extras).toEqual([]);
  });

  it('refuses a header without every required column, naming all of them', () => {
    expect(errorOf(() => mapHeaders(paymentsSpec, ['payment_id', 'doc_id', 'person_id', 'pay_month']))).toEqual({
      code: 'E_MISSING_COLUMN',
      message: '缺少必需列: 应发金额 (payable)、实发金额 (paid)',
    });
  });

  it('refuses two header cells for one column', () => {
    expect(errorOf(() => mapHeaders(regionsSpec, ['code', '区划代码', 'name']))).toEqual({
      code: 'E_DUPLICATE_COLUMN',
      message: '表头重复: 列「code」和「区划代码」都对应 区划代码 (code)',
    });
  });
});
