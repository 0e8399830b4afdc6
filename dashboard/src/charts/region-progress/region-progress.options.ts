/**
 * 分配进度 and 支出进度 by child region (bars, in %), the 本级 row last. The region of each bar is kept in the
 * same order as the categories, so a click can open that region.
 */
import type { BarSeriesOption, EChartsOption } from 'echarts';
import type { DrillRegionRow } from '../../../../server/api/api.types.ts';
import { formatMoney, formatPercent, pickUnit } from '../../format/money.format.ts';

export interface RegionProgressChart {
  options: EChartsOption;
  /** the row behind each bar, by category index */
  rows: DrillRegionRow[];
}

function pct(v: number | null): number | null {
  return v === null ? null : Math.round(v * 10000) / 100;
}

/** The label of a drill row: the region's name, 本级 for the own level. */
export function regionLabel(row: DrillRegionRow): string {
  return row.is_own ? `${row.region.name}本级` : row.region.name;
}

export function buildRegionProgressOptions(input: readonly DrillRegionRow[]): RegionProgressChart {
  const rows = [...input.filter((r) => !r.is_own), ...input.filter((r) => r.is_own)];
  const unit = pickUnit(rows.map((r) => r.funds));
  const bar = (name: string, pick: (r: DrillRegionRow) => number | null, color: string): BarSeriesOption => ({
    type: 'bar',
    name,
    itemStyle: { color },
    data: rows.map((r) => pct(pick(r))),
  });
  const options: EChartsOption = {
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 64 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
        const row = first?.dataIndex === undefined ? undefined : rows[first.dataIndex];
        return row ? regionTooltip(row, (fen) => formatMoney(fen, unit)) : '';
      },
    },
    xAxis: {
      type: 'category',
      data: rows.map(regionLabel),
      axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 },
    },
    yAxis: { type: 'value', name: '%', max: 100 },
    series: [
      bar('分配进度', (r) => r.allocation_progress, '#1565c0'),
      bar('支出进度', (r) => r.spending_progress, '#2e7d32'),
    ],
  };
  return { options, rows };
}

export function regionTooltip(row: DrillRegionRow, money: (fen: number) => string): string {
  return [
    `<b>${regionLabel(row)}</b>`,
    `资金规模 ${money(row.funds)}`,
    `已分配 ${money(row.allocated)} (${formatPercent(row.allocation_progress)})`,
    `已支付 ${money(row.paid)} (${formatPercent(row.spending_progress)})`,
  ].join('<br/>');
}
