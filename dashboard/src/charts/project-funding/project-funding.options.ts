/**
 * A project's funding by budget year and origin (stacked bars: 中央/省/市/县/本级) against its plan (line),
 * from GET /api/projects/:code. The funding rows may come per region; they are summed per year here.
 */
import type { BarSeriesOption, EChartsOption, LineSeriesOption } from 'echarts';
import type { ProjectDetailResponse } from '../../../../server/api/api.types.ts';
import { UNIT_LABELS, fenToUnitNumber, pickUnit } from '../../format/money.format.ts';
import { levelColor } from '../chart-palette.ts';

type FundingRow = ProjectDetailResponse['funding'][number];
type YearRow = ProjectDetailResponse['by_year'][number];

export const FUNDING_ORIGINS = [
  { key: 'funded_central', name: '中央' },
  { key: 'funded_province', name: '省' },
  { key: 'funded_city', name: '市' },
  { key: 'funded_county', name: '县' },
  { key: 'funded_own', name: '本级' },
] as const satisfies readonly { key: keyof FundingRow; name: string }[];

export type OriginKey = (typeof FUNDING_ORIGINS)[number]['key'];

/** Σ of each origin per budget year, years ascending. */
export function fundingByYear(rows: readonly FundingRow[]): { year: number; sums: Record<OriginKey, number> }[] {
  const years = new Map<number, Record<OriginKey, number>>();
  for (const row of rows) {
    const sums =
      years.get(row.budget_year) ??
      ({ funded_central: 0, funded_province: 0, funded_city: 0, funded_county: 0, funded_own: 0 } as Record<
        OriginKey,
        number
      >);
    for (const o of FUNDING_ORIGINS) sums[o.key] += row[o.key];
    years.set(row.budget_year, sums);
  }
  return [...years.entries()].sort((a, b) => a[0] - b[0]).map(([year, sums]) => ({ year, sums }));
}

export function buildProjectFundingOptions(funding: readonly FundingRow[], plan: readonly YearRow[]): EChartsOption {
  const byYear = fundingByYear(funding);
  const years = [...new Set([...byYear.map((y) => y.year), ...plan.map((p) => p.budget_year)])].sort((a, b) => a - b);
  const unit = pickUnit([...funding.map((f) => f.funded), ...plan.map((p) => p.planned)]);
  const bars: BarSeriesOption[] = FUNDING_ORIGINS.map((o) => ({
    type: 'bar',
    stack: 'origin',
    name: o.name,
    itemStyle: { color: levelColor(o.name) },
    data: years.map((y) => fenToUnitNumber(byYear.find((b) => b.year === y)?.sums[o.key] ?? 0, unit)),
  }));
  const line: LineSeriesOption = {
    type: 'line',
    name: '计划',
    itemStyle: { color: '#37474f' },
    data: years.map((y) => fenToUnitNumber(plan.find((p) => p.budget_year === y)?.planned ?? 0, unit)),
  };
  return {
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v) => `${Number(v).toFixed(2)} ${UNIT_LABELS[unit]}`,
    },
    grid: { left: 64, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: years.map(String) },
    yAxis: { type: 'value', name: UNIT_LABELS[unit] },
    series: [...bars, line],
  };
}

/** The project library's chart: the largest projects' funding by origin (stacked horizontal bars). */
export function buildLibraryFundingOptions(
  rows: readonly (Record<OriginKey, number> & { project_code: string; project_name: string | null; funded: number })[],
  limit = 15,
): { options: EChartsOption; codes: string[] } {
  const top = [...rows]
    .sort((a, b) => b.funded - a.funded)
    .slice(0, limit)
    .reverse();
  const unit = pickUnit(top.map((r) => r.funded));
  const options: EChartsOption = {
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v) => `${Number(v).toFixed(2)} ${UNIT_LABELS[unit]}`,
    },
    grid: { left: 160, right: 24, top: 32, bottom: 28 },
    xAxis: { type: 'value', name: UNIT_LABELS[unit] },
    yAxis: {
      type: 'category',
      data: top.map((r) => r.project_name ?? r.project_code),
      axisLabel: { width: 150, overflow: 'truncate' },
    },
    series: FUNDING_ORIGINS.map((o) => ({
      type: 'bar',
      stack: 'origin',
      name: o.name,
      itemStyle: { color: levelColor(o.name) },
      data: top.map((r) => fenToUnitNumber(r[o.key], unit)),
    })),
  };
  return { options, codes: top.map((r) => r.project_code) };
}
