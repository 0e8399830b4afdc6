import { describe, expect, it } from 'vitest';
import {
  defaultDocDate,
  emptySignoffForm,
  parseYuan,
  validateSignoffForm,
  type SignoffForm,
} from './signoff-form.validation.ts';

const form = (patch: Partial<SignoffForm>): SignoffForm => ({
  ...emptySignoffForm('520000', 2020, '2020-06-01'),
  doc_id: 'QS-2020-0001',
  amount: '1,000,000.50',
  ...patch,
});

describe('parseYuan', () => {
  it('reads 元 into exact 分', () => {
    expect(parseYuan('1,234.5')).toBe(123450);
    expect(parseYuan(' 0.07 ')).toBe(7);
    expect(parseYuan('-12')).toBe(-1200);
    expect(parseYuan('90071992547409.91')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses what is not an amount', () => {
    expect(parseYuan('1.234')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
    expect(parseYuan('')).toBeNull();
    expect(parseYuan('90071992547409.92')).toBeNull();
  });
});

describe('validateSignoffForm', () => {
  it('gives the document of a good T02 with the amount in 分 and empty fields as null', () => {
    const { document, errors } = validateSignoffForm(form({ fund_code: 'P', summary: ' 省级配套 ' }));
    expect(errors).toEqual({});
    expect(document).toMatchObject({
      doc_id: 'QS-2020-0001',
      txn_code: 'T02',
      region_code: '520000',
      budget_year: 2020,
      amount: 100000050,
      fund_code: 'P',
      source_doc_id: null,
      summary: '省级配套',
    });
  });

  it('says every problem in Chinese', () => {
    const { document, errors } = validateSignoffForm(
      form({
        doc_id: '',
        txn_code: 'T05',
        region_code: '52',
        budget_year: '1999',
        doc_date: '2020-02-30',
        amount: '1.001',
      }),
    );
    expect(document).toBeNull();
    expect(errors).toEqual({
      doc_id: '请填写单据编号',
      region_code: '区划代码必须是 6–12 位数字',
      budget_year: '预算年度应在 2000–2100 之间',
      doc_date: '登记日期格式应为 YYYY-MM-DD',
      amount: '金额应为元, 最多两位小数',
      source_doc_id: '转移下级须填写来源单据编号',
      target_region_code: '转移须填写接收区划代码 (6–12 位数字)',
    });
  });

  it('keeps the date in the budget year unless the document is issued in advance', () => {
    expect(validateSignoffForm(form({ doc_date: '2019-11-20' })).errors).toEqual({
      doc_date: '登记日期应在预算年度 2020 内 (提前下达除外)',
    });
    expect(validateSignoffForm(form({ doc_date: '2019-11-20', advance: true })).errors).toEqual({});
    expect(defaultDocDate(2020, '2026-12-02')).toBe('2020-12-31');
    expect(defaultDocDate(2026, '2026-12-02')).toBe('2026-12-02');
  });

  it('knows the rules of the transaction codes', () => {
    expect(validateSignoffForm(form({ txn_code: 'T09', amount: '5' })).errors).toEqual({
      amount: '红字更正 (T09) 的金额必须为负数',
      corrects_doc_id: '红字更正须填写被更正的单据编号',
    });
    expect(validateSignoffForm(form({ txn_code: 'T04', source_doc_id: 'D1' })).errors).toEqual({
      project_code: '细化本级支出 (T04) 须填写项目代码',
    });
    expect(validateSignoffForm(form({ amount: '0' })).errors.amount).toBe('金额必须大于 0 (只有红字更正为负数)');
  });
});
