/** 已支付 per month (line, in the unit stated on the axis) with the number of payment documents (bars). */
import type { EChartsOption } from 'echarts';
import type { OverviewResponse } from '../../../../server/api/api.types.ts';
import { UNIT_LABELS, fenToUnitNumber, formatFen, pickUnit } from '../../format/money.format.ts';

export type MonthlyRow = OverviewResponse['monthly'][number];

export function buildMonthlyTrendOptions(input: readonly MonthlyRow[]): EChartsOption {
  const rows = [...input].sort((a, b) => a.month.localeCompare(b.month));
  const unit = pickUnit(rows.map((r) => r.paid));
  return {
    legend: { top: 0 },
    grid: { left: 64, right: 48, top: 36, bottom: 28 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
        const row = first?.dataIndex === undefined ? undefined : rows[first.dataIndex];
        return row
          ? `${row.month}<br/>已支付 ${formatFen(row.paid, unit)} ${UNIT_LABELS[unit]}<br/>支付单据 ${row.documents} 张`
          : '';
      },
    },
    xAxis: { type: 'category', data: rows.map((r) => r.month) },
    yAxis: [
      { type: 'value', name: UNIT_LABELS[unit] },
      { type: 'value', name: '单据', splitLine: { show: false } },
    ],
    series: [
      {
        type: 'line',
        name: `已支付 (${UNIT_LABELS[unit]})`,
        smooth: true,
        data: rows.map((r) => fenToUnitNumber(r.paid, unit)),
        itemStyle: { color: '#2e7d32' },
      },
      {
        type: 'bar',
        name: '支付单据',
        yAxisIndex: 1,
        data: rows.map((r) => r.documents),
        itemStyle: { color: '#b0bec5' },
      },
    ],
  };
}
