import { describe, expect, it } from 'vitest';
import type { SankeySeriesOption } from 'echarts';
import { buildSankeyOptions, drawableLinks, levelName, sankeyNodeRegion, sankeyTooltip } from './sankey.options.ts';

const data = {
  nodes: [
    { name: '中央', level: '中央', code: '100000' },
    { name: '某省', level: 'province', code: '580000' },
    { name: '某市', level: '市', code: '580100' },
    { name: '项目A', level: '项目', code: null },
  ],
  links: [
    { source: '中央', target: '某省', value: 1_000_000_000 },
    { source: '某省', target: '某市', value: 1_500_000_000 },
    { source: '某市', target: '项目A', value: 0 },
    { source: '某市', target: '无此节点', value: 5 },
  ],
};

describe('buildSankeyOptions', () => {
  it('keeps the nodes in their level columns with their colours', () => {
    const series = (buildSankeyOptions(data).series as SankeySeriesOption[])[0];
    expect(series?.data).toEqual([
      { name: '中央', itemStyle: { color: '#b71c1c' }, depth: 0 },
      { name: '某省', itemStyle: { color: '#e65100' }, depth: 1 },
      { name: '某市', itemStyle: { color: '#f9a825' }, depth: 2 },
      { name: '项目A', itemStyle: { color: '#546e7a' }, depth: 3 },
    ]);
  });

  it('drops links that would break the chart (unknown node, nothing flowing)', () => {
    const series = (buildSankeyOptions(data).series as SankeySeriesOption[])[0];
    expect(series?.links).toEqual([
      { source: '中央', target: '某省', value: 1_000_000_000 },
      { source: '某省', target: '某市', value: 1_500_000_000 },
    ]);
  });

  it('says amounts in the tooltip with the unit', () => {
    const unit = (fen: number): string => `${fen / 1e6} 万元`;
    expect(sankeyTooltip({ dataType: 'edge', value: 1e9, data: { source: '中央', target: '某省' } }, unit)).toBe(
      '中央 → 某省<br/>1000 万元',
    );
    expect(sankeyTooltip({ dataType: 'node', name: '某市', value: 2e6 }, unit)).toBe('某市<br/>2 万元');
  });

  it('maps the API level keys to Chinese', () => {
    expect(levelName('county')).toBe('县');
    expect(levelName('县')).toBe('县');
  });
});

describe('drawableLinks', () => {
  it('drops a link that would close a cycle', () => {
    const links = drawableLinks({
      nodes: [
        { name: 'A', level: 'county', code: '1' },
        { name: 'B', level: 'county', code: '2' },
        { name: 'C', level: 'county', code: '3' },
      ],
      links: [
        { source: 'A', target: 'B', value: 1 },
        { source: 'B', target: 'C', value: 1 },
        { source: 'C', target: 'A', value: 1 },
      ],
    });
    expect(links.map((l) => `${l.source}${l.target}`)).toEqual(['AB', 'BC']);
  });
});

describe('sankeyNodeRegion', () => {
  it('opens the region the API names for a node, also one that is not a child of the scope', () => {
    expect(sankeyNodeRegion('某市', data.nodes)).toBe('580100');
  });
  it('gives nothing for project categories and unknown names', () => {
    expect(sankeyNodeRegion('项目A', data.nodes)).toBeUndefined();
    expect(sankeyNodeRegion('无此节点', data.nodes)).toBeUndefined();
  });
});
