import { describe, expect, it } from 'vitest';
import type { PieSeriesOption } from 'echarts';
import { buildOriginCompositionOptions, originLabel, sortOrigins } from './origin-composition.options.ts';

const rows = [
  { origin_kind: '本级', amount: 500_000_000, share: 1 / 3 },
  { origin_kind: '中央', amount: 1_000_000_000, share: 2 / 3 },
  { origin_kind: '市', amount: 0, share: 0 },
];

describe('origin composition', () => {
  it('orders 中央 → 本级 and leaves out empty kinds', () => {
    expect(sortOrigins(rows).map((r) => r.origin_kind)).toEqual(['中央', '市', '本级']);
    const data = (buildOriginCompositionOptions(rows).series as PieSeriesOption[])[0]?.data as {
      name: string;
      value: number;
    }[];
    expect(data.map((d) => [d.name, d.value])).toEqual([
      ['中央', 1_000_000_000],
      ['本级', 500_000_000],
    ]);
  });

  it('labels a kind with its amount and share', () => {
    expect(originLabel(rows[1]!, (fen) => `${fen / 1e6} 万元`)).toBe('中央: 1000 万元 (66.7%)');
  });
});
