import { describe, expect, it } from 'vitest';
import { csvCell, csvHeader, moneyColumn, moneyText } from './grid-columns.ts';

describe('grid columns', () => {
  it('state the unit in the header and format 分 in it', () => {
    const col = moneyColumn<{ paid: number }>('paid', '已支付', 'wan');
    expect(col.headerName).toBe('已支付 (万元)');
    expect(moneyText(123_456_789, 'wan')).toBe('123.46');
    expect(moneyText(null, 'wan')).toBe('');
  });

  it('write money into CSV as 元 with two decimals, exact', () => {
    expect(csvCell(123_456_789, true)).toBe('1234567.89');
    expect(csvCell(-5, true)).toBe('-0.05');
    expect(csvCell('黔财〔2020〕1号', false)).toBe('黔财〔2020〕1号');
    expect(csvCell(null, true)).toBe('');
    expect(csvCell(-3, false)).toBe('-3');
    expect(csvCell('=HYPERLINK("x")', false)).toBe(`'=HYPERLINK("x")`);
    expect(csvCell('@SUM(A1)', false)).toBe(`'@SUM(A1)`);
    expect(csvHeader('已支付 (万元)', true)).toBe('已支付 (元)');
    expect(csvHeader('名称', false)).toBe('名称');
  });
});
