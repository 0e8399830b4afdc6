import { describe, expect, it } from 'vitest';
import type { BarSeriesOption } from 'echarts';
import { buildLibraryFundingOptions, buildProjectFundingOptions, fundingByYear } from './project-funding.options.ts';

const funding = [
  {
    budget_year: 2020,
    region_code: 'A',
    funded: 3_000_000,
    funded_central: 2_000_000,
    funded_province: 1_000_000,
    funded_city: 0,
    funded_county: 0,
    funded_own: 0,
    paid: 0,
  },
  {
    budget_year: 2019,
    region_code: 'A',
    funded: 1_000_000,
    funded_central: 0,
    funded_province: 0,
    funded_city: 0,
    funded_county: 0,
    funded_own: 1_000_000,
    paid: 0,
  },
  {
    budget_year: 2020,
    region_code: 'B',
    funded: 1_000_000,
    funded_central: 1_000_000,
    funded_province: 0,
    funded_city: 0,
    funded_county: 0,
    funded_own: 0,
    paid: 0,
  },
];

describe('project funding', () => {
  it('sums origins per year across regions', () => {
    expect(fundingByYear(funding)).toEqual([
      {
        year: 2019,
        sums: { funded_central: 0, funded_province: 0, funded_city: 0, funded_county: 0, funded_own: 1_000_000 },
      },
      {
        year: 2020,
        sums: {
          funded_central: 3_000_000,
          funded_province: 1_000_000,
          funded_city: 0,
          funded_county: 0,
          funded_own: 0,
        },
      },
    ]);
  });

  it('stacks the origins per year in 万元 beside the plan', () => {
    const options = buildProjectFundingOptions(funding, [
      { budget_year: 2021, planned: 5_000_000, funded: 0, planned_for_payment: 0, paid: 0 },
    ]);
    expect((options.xAxis as { data: string[] }).data).toEqual(['2019', '2020', '2021']);
    const series = options.series as BarSeriesOption[];
    expect(series.map((s) => s.name)).toEqual(['中央', '省', '市', '县', '本级', '计划']);
    expect(series[0]?.data).toEqual([0, 3, 0]);
    expect(series[4]?.data).toEqual([1, 0, 0]);
    expect(series[5]?.data).toEqual([0, 0, 5]);
  });

  it('shows the largest projects of the library, biggest on top', () => {
    const rows = [
      {
        project_code: 'S',
        project_name: '小',
        funded: 1,
        funded_central: 1,
        funded_province: 0,
        funded_city: 0,
        funded_county: 0,
        funded_own: 0,
      },
      {
        project_code: 'L',
        project_name: null,
        funded: 9,
        funded_central: 9,
        funded_province: 0,
        funded_city: 0,
        funded_county: 0,
        funded_own: 0,
      },
    ];
    const { options, codes } = buildLibraryFundingOptions(rows, 5);
    expect(codes).toEqual(['S', 'L']);
    expect((options.yAxis as { data: string[] }).data).toEqual(['小', 'L']);
  });
});
