/**
 * The overview's Sankey: 中央 → 省 → 市 → 县 → projects. Link widths are 分; tooltips say the amount in 万元/亿元.
 * Levels come from the API as 中央/省/市/县/项目 (or English keys, mapped below).
 */
import type { EChartsOption, SankeySeriesOption } from 'echarts';
import type { SankeyResponse } from '../../../../server/api/api.types.ts';
import { formatMoney, pickUnit } from '../../format/money.format.ts';
import { levelColor } from '../chart-palette.ts';

const LEVEL_ALIASES: Record<string, string> = {
  central: '中央',
  province: '省',
  city: '市',
  county: '县',
  township: '乡',
  project: '项目',
};

/** 中央/省/市/县/项目 for a level name as the API gives it. */
export function levelName(level: string): string {
  return LEVEL_ALIASES[level] ?? level;
}

const DEPTHS: Record<string, number> = { 中央: 0, 省: 1, 市: 2, 县: 3, 乡: 4, 项目: 5 };

export interface SankeyTooltipParams {
  dataType?: string;
  name?: string;
  value?: unknown;
  data?: unknown;
}

/** "贵州省 → 遵义市: 1,000.00 万元" for a link, "遵义市: …" for a node. */
export function sankeyTooltip(params: SankeyTooltipParams, unitOf: (fen: number) => string): string {
  const value = typeof params.value === 'number' ? params.value : 0;
  if (params.dataType === 'edge') {
    const link = params.data as { source: string; target: string };
    return `${link.source} → ${link.target}<br/>${unitOf(value)}`;
  }
  return `${params.name ?? ''}<br/>${unitOf(value)}`;
}

/**
 * The links ECharts can draw: to known nodes, with money flowing, and none that would close a cycle (a Sankey
 * must be acyclic; a lateral transfer back up the tree would otherwise blank the whole chart).
 */
export function drawableLinks(data: SankeyResponse): SankeyResponse['links'] {
  const names = new Set(data.nodes.map((n) => n.name));
  const next = new Map<string, string[]>();
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const node = stack.pop() as string;
      if (node === to) return true;
      if (seen.has(node)) continue;
      seen.add(node);
      stack.push(...(next.get(node) ?? []));
    }
    return false;
  };
  const kept: SankeyResponse['links'] = [];
  for (const l of data.links) {
    if (!names.has(l.source) || !names.has(l.target) || l.source === l.target || l.value <= 0) continue;
    if (reaches(l.target, l.source)) continue;
    next.set(l.source, [...(next.get(l.source) ?? []), l.target]);
    kept.push(l);
  }
  return kept;
}

export function buildSankeyOptions(data: SankeyResponse): EChartsOption {
  const links = drawableLinks(data);
  const present = [...new Set(data.nodes.map((n) => DEPTHS[levelName(n.level)]))]
    .filter((d): d is number => d !== undefined)
    .sort((a, b) => a - b);
  const unit = pickUnit(links.map((l) => l.value));
  const series: SankeySeriesOption = {
    type: 'sankey',
    left: 8,
    right: 120,
    top: 8,
    bottom: 8,
    nodeAlign: 'left',
    nodeGap: 6,
    draggable: false,
    emphasis: { focus: 'adjacency' },
    lineStyle: { color: 'gradient', opacity: 0.35, curveness: 0.5 },
    label: { fontSize: 11 },
    data: data.nodes.map((n) => {
      const level = levelName(n.level);
      const known = DEPTHS[level];
      const depth = known === undefined ? undefined : present.indexOf(known);
      return { name: n.name, itemStyle: { color: levelColor(level) }, ...(depth === undefined ? {} : { depth }) };
    }),
    links: links.map((l) => ({ source: l.source, target: l.target, value: l.value })),
  };
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => sankeyTooltip(p as SankeyTooltipParams, (fen) => formatMoney(fen, unit)),
    },
    series: [series],
  };
}

/** The region code a clicked node stands for (the API names it); undefined for project categories and the unknown. */
export function sankeyNodeRegion(
  name: string,
  nodes: readonly { name: string; code: string | null }[],
): string | undefined {
  return nodes.find((n) => n.name === name)?.code ?? undefined;
}
