/** Transfers in transit by receiving region: the amount (bars) and the oldest open transfer's age in days (line). */
import type { EChartsOption } from 'echarts';
import type { InterlockResponse } from '../../../../server/api/api.types.ts';
import { UNIT_LABELS, fenToUnitNumber, pickUnit } from '../../format/money.format.ts';

export function buildInterlockAgeOptions(input: InterlockResponse['by_region']): {
  options: EChartsOption;
  codes: string[];
} {
  const rows = [...input].filter((r) => r.in_transit !== 0).sort((a, b) => b.in_transit - a.in_transit);
  const unit = pickUnit(rows.map((r) => r.in_transit));
  const options: EChartsOption = {
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 64, right: 56, top: 36, bottom: 56 },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.to_region_name),
      axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 },
    },
    yAxis: [
      { type: 'value', name: UNIT_LABELS[unit] },
      { type: 'value', name: '天', splitLine: { show: false } },
    ],
    series: [
      {
        type: 'bar',
        name: `在途 (${UNIT_LABELS[unit]})`,
        itemStyle: { color: '#ef6c00' },
        data: rows.map((r) => fenToUnitNumber(r.in_transit, unit)),
      },
      {
        type: 'line',
        name: '最长在途天数',
        yAxisIndex: 1,
        itemStyle: { color: '#6a1b9a' },
        data: rows.map((r) => r.max_days_open),
      },
    ],
  };
  return { options, codes: rows.map((r) => r.to_region) };
}
