import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  fenToUnitNumber,
  formatCount,
  formatFen,
  formatMoney,
  formatPercent,
  formatYuan,
  pickUnit,
} from './money.format.ts';

describe('formatFen', () => {
  it('shows 万元 with two decimals, rounded half away from zero', () => {
    expect(formatFen(123_456_789, 'wan')).toBe('123.46');
    expect(formatFen(1_005_000, 'wan')).toBe('1.01');
    expect(formatFen(1_004_999, 'wan')).toBe('1.00');
    expect(formatFen(-1_005_000, 'wan')).toBe('-1.01');
    expect(formatFen(-4_999, 'wan')).toBe('0.00');
  });

  it('shows 亿元 and 元 with thousands separators', () => {
    expect(formatFen(1_234_567_890_123, 'yi')).toBe('123.46');
    expect(formatFen(123_456_789_012_345, 'yuan')).toBe('1,234,567,890,123.45');
    expect(formatFen(0, 'yuan')).toBe('0.00');
    expect(formatFen(99, 'yuan', 0)).toBe('1');
  });

  it('is exact where floating point is not: the largest safe 分 amount', () => {
    expect(formatFen(Number.MAX_SAFE_INTEGER, 'yuan')).toBe('90,071,992,547,409.91');
    expect(formatFen(Number.MAX_SAFE_INTEGER, 'wan', 6)).toBe('9,007,199,254.740991');
  });

  it('refuses non-integer 分 and impossible precision', () => {
    expect(() => formatFen(1.5)).toThrow('整数分');
    expect(() => formatFen(1, 'yuan', 3)).toThrow('最多 2 位小数');
  });

  it('元 with two decimals agrees with the integer arithmetic of the exports', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (fen) => {
        const abs = Math.abs(fen);
        const expected = `${fen < 0 ? '-' : ''}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
        expect(formatYuan(fen)).toBe(expected);
      }),
    );
  });
});

describe('pickUnit and formatMoney', () => {
  it('reads figures in 亿元 once the largest reaches 10 亿元', () => {
    expect(pickUnit([1, 99_999_999_999])).toBe('wan');
    expect(pickUnit([1, -100_000_000_000])).toBe('yi');
    expect(pickUnit([])).toBe('wan');
  });

  it('states the unit', () => {
    expect(formatMoney(250_000_000_000)).toBe('25.00 亿元');
    expect(formatMoney(25_000_000_000)).toBe('25,000.00 万元');
    expect(formatMoney(12_345_678)).toBe('12.35 万元');
    expect(formatMoney(12_345, 'yuan')).toBe('123.45 元');
  });

  it('gives chart numbers in the unit', () => {
    expect(fenToUnitNumber(150_000_000, 'wan')).toBe(150);
  });
});

describe('formatPercent and formatCount', () => {
  it('shows a fraction as a percentage and nothing to divide by as a dash', () => {
    expect(formatPercent(0.4567)).toBe('45.7%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
  });

  it('groups counts', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});
