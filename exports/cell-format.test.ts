import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../warehouse/index.ts';
import { neutraliseText, sqlNeutralise, yuanSql } from '../warehouse/index.ts';
import { fenToYuan } from './cell-format.ts';

let wh: Warehouse;
beforeAll(async () => {
  wh = await Warehouse.open(':memory:');
});
afterAll(() => wh.closeAll());

const TEXTS = [
  '=HYPERLINK("http://x","y")',
  "+cmd|' /C calc'!A0",
  '@SUM(1)',
  '-2+3',
  '\tTAB',
  '\rCR',
  'D01',
  '财农〔2018〕12号',
  "it's",
  'a=b',
  '',
];

describe('formula neutralising', () => {
  it('prefixes a single quote to text a spreadsheet would run, and leaves other text alone', () => {
    expect(neutraliseText('=1+1')).toBe("'=1+1");
    expect(neutraliseText('@SUM(1)')).toBe("'@SUM(1)");
    expect(neutraliseText('-5')).toBe("'-5");
    expect(neutraliseText('\t=1')).toBe("'\t=1");
    expect(neutraliseText('a=b')).toBe('a=b');
    expect(neutraliseText('')).toBe('');
  });

  it('does the same in SQL as in JS', async () => {
    for (const text of TEXTS) {
      expect(await wh.value(`select ${sqlNeutralise('$1::varchar')}`, [text]), JSON.stringify(text)).toBe(
        neutraliseText(text),
      );
    }
    expect(await wh.value(`select ${sqlNeutralise('null::varchar')} is null`)).toBe(true);
  });
});

describe('分 to 元', () => {
  const CASES: [number, string][] = [
    [0, '0.00'],
    [5, '0.05'],
    [-5, '-0.05'],
    [-100, '-1.00'],
    [12_345_678, '123456.78'],
    [10_000_005, '100000.05'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
    [-Number.MAX_SAFE_INTEGER, '-90071992547409.91'],
  ];

  it('is exact in SQL, including negative amounts and the largest safe integer', async () => {
    for (const [fen, yuan] of CASES) {
      expect(await wh.value(`select ${yuanSql('$1::bigint')}::varchar`, [fen])).toBe(yuan);
      expect(await wh.value(`select typeof(${yuanSql('$1::bigint')})`, [fen])).toBe('DECIMAL(18,2)');
    }
  });

  it('gives the number that prints as the exact decimal in JS', () => {
    for (const [fen, yuan] of CASES) expect(String(fenToYuan(fen))).toBe(String(Number(yuan)));
    expect(() => fenToYuan(1.5)).toThrow(/整数分/);
  });
});
