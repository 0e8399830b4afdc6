import { describe, expect, it } from 'vitest';
import type { BarSeriesOption } from 'echarts';
import type { DrillRegionRow } from '../../../../server/api/api.types.ts';
import { buildRegionProgressOptions, regionLabel, regionTooltip } from './region-progress.options.ts';

function row(code: string, name: string, isOwn: boolean, alloc: number | null, spend: number | null): DrillRegionRow {
  return {
    region: { code, name, level: '市' },
    is_own: isOwn,
    has_children: !isOwn,
    from_outside: 0,
    funds: 200_000_000,
    allocated: 100_000_000,
    paid: 50_000_000,
    undistributed: 100_000_000,
    allocation_progress: alloc,
    spending_progress: spend,
  };
}

describe('buildRegionProgressOptions', () => {
  const rows = [
    row('520000', '某省', true, 0.5, null),
    row('520100', '甲市', false, 0.12345, 0.5),
    row('520200', '乙市', false, 1, 0.9),
  ];

  it('puts the children first and 本级 last, with progress in percent', () => {
    const chart = buildRegionProgressOptions(rows);
    expect(chart.rows.map((r) => r.region.code)).toEqual(['520100', '520200', '520000']);
    const series = chart.options.series as BarSeriesOption[];
    expect(series.map((s) => s.name)).toEqual(['分配进度', '支出进度']);
    expect(series[0]?.data).toEqual([12.35, 100, 50]);
    expect(series[1]?.data).toEqual([50, 90, null]);
    expect((chart.options.xAxis as { data: string[] }).data).toEqual(['甲市', '乙市', '某省本级']);
  });

  it('tells the amounts behind a bar', () => {
    const text = regionTooltip(rows[1] as DrillRegionRow, (fen) => `${fen / 1e6}万`);
    expect(text).toBe('<b>甲市</b><br/>资金规模 200万<br/>已分配 100万 (12.3%)<br/>已支付 50万 (50.0%)');
    expect(regionLabel(rows[0] as DrillRegionRow)).toBe('某省本级');
  });
});
