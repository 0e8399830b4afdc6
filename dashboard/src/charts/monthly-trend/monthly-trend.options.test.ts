import { describe, expect, it } from 'vitest';
import type { LineSeriesOption } from 'echarts';
import { buildMonthlyTrendOptions } from './monthly-trend.options.ts';

describe('buildMonthlyTrendOptions', () => {
  it('orders the months and states the unit', () => {
    const options = buildMonthlyTrendOptions([
      { month: '2020-03', paid: 3_000_000, documents: 3 },
      { month: '2020-01', paid: 1_500_000, documents: 1 },
    ]);
    expect((options.xAxis as { data: string[] }).data).toEqual(['2020-01', '2020-03']);
    const [line, bars] = options.series as LineSeriesOption[];
    expect(line?.name).toBe('已支付 (万元)');
    expect(line?.data).toEqual([1.5, 3]);
    expect(bars?.data).toEqual([1, 3]);
  });

  it('switches to 亿元 for large figures', () => {
    const options = buildMonthlyTrendOptions([{ month: '2020-01', paid: 250_000_000_000, documents: 9 }]);
    expect((options.series as LineSeriesOption[])[0]?.data).toEqual([25]);
    expect((options.yAxis as { name: string }[])[0]?.name).toBe('亿元');
  });
});
