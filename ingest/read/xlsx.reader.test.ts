import { describe, expect, it } from 'vitest';
import { cellText, numberText } from './xlsx.reader.ts';

describe('XLSX cells as text', () => {
  it('shows numbers as Excel does in the General format', () => {
    expect(numberText(0.1 + 0.2)).toBe('0.3');
    expect(numberText(1234.5)).toBe('1234.5');
    expect(numberText(130521)).toBe('130521');
  });

  it('turns date cells into YYYY-MM-DD and keeps a time only when there is one', () => {
    expect(cellText(new Date(Date.UTC(2020, 1, 29)))).toBe('2020-02-29');
    expect(cellText(new Date(Date.UTC(2020, 1, 29, 8, 30)))).toBe('2020-02-29 08:30:00');
  });

  it('reads rich text, links, formulas and errors as their text', () => {
    expect(cellText({ richText: [{ text: '贵州' }, { text: '省' }] })).toBe('贵州省');
    expect(cellText({ text: '链接', hyperlink: 'https://example.org' })).toBe('链接');
    expect(cellText({ formula: 'A1*2', result: 2.5 })).toBe('2.5');
    expect(cellText({ error: '#N/A' })).toBe('#N/A');
    expect(cellText(null)).toBe('');
    expect(cellText(true)).toBe('true');
  });
});
