import { describe, expect, it } from 'vitest';
import type { BarSeriesOption } from 'echarts';
import { buildAlertsByLevelOptions } from './alerts-by-level.options.ts';

describe('buildAlertsByLevelOptions', () => {
  it('shows every level in order, zero where none is open', () => {
    const { options, levels } = buildAlertsByLevelOptions([
      { level: 'yellow', open: 4 },
      { level: 'red', open: 2 },
    ]);
    expect(levels).toEqual(['red', 'orange', 'yellow', 'blue']);
    expect((options.xAxis as { data: string[] }).data).toEqual(['红色预警', '橙色预警', '黄色预警', '蓝色预警']);
    const data = (options.series as BarSeriesOption[])[0]?.data as { value: number }[];
    expect(data.map((d) => d.value)).toEqual([2, 0, 4, 0]);
  });
});
