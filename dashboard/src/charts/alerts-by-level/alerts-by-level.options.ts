/** Open alerts by level (红/橙/黄/蓝), one coloured bar each, always in that order. */
import type { EChartsOption } from 'echarts';
import type { OverviewResponse } from '../../../../server/api/api.types.ts';
import { ALERT_LEVELS, ALERT_LEVEL_COLORS, ALERT_LEVEL_NAMES, type AlertLevel } from '../chart-palette.ts';

export function buildAlertsByLevelOptions(input: OverviewResponse['alerts']): {
  options: EChartsOption;
  levels: AlertLevel[];
} {
  const open = new Map(input.map((a) => [a.level, a.open]));
  const levels = [...ALERT_LEVELS];
  const options: EChartsOption = {
    grid: { left: 40, right: 16, top: 16, bottom: 28 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: levels.map((l) => `${ALERT_LEVEL_NAMES[l]}预警`) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: '未处理',
        label: { show: true, position: 'top' },
        data: levels.map((l) => ({ value: open.get(l) ?? 0, itemStyle: { color: ALERT_LEVEL_COLORS[l] } })),
      },
    ],
  };
  return { options, levels };
}
