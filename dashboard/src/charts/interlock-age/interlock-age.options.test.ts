import { describe, expect, it } from 'vitest';
import type { BarSeriesOption } from 'echarts';
import { buildInterlockAgeOptions } from './interlock-age.options.ts';

describe('buildInterlockAgeOptions', () => {
  it('shows the regions with money in transit, largest first, with the oldest age', () => {
    const { options, codes } = buildInterlockAgeOptions([
      { to_region: 'A', to_region_name: '甲县', transfers: 2, in_transit: 2_000_000, max_days_open: 40 },
      { to_region: 'B', to_region_name: '乙县', transfers: 1, in_transit: 0, max_days_open: null },
      { to_region: 'C', to_region_name: '丙县', transfers: 1, in_transit: 5_000_000, max_days_open: 3 },
    ]);
    expect(codes).toEqual(['C', 'A']);
    const [bars, line] = options.series as BarSeriesOption[];
    expect(bars?.data).toEqual([5, 2]);
    expect(line?.data).toEqual([3, 40]);
  });
});
