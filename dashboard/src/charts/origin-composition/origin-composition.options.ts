/**
 * Origin composition of a fund or a document's money: how much came from 中央, 省, 市, 县 and 本级 (pie), in the
 * fixed order of the levels so that colours and legend read the same on every page.
 */
import type { EChartsOption } from 'echarts';
import { formatMoney, formatPercent, pickUnit } from '../../format/money.format.ts';
import { levelColor } from '../chart-palette.ts';

export interface OriginRow {
  origin_kind: string;
  amount: number;
  share: number | null;
}

const ORDER = ['中央', '省', '市', '县', '乡', '本级', '横向'];

export function sortOrigins(rows: readonly OriginRow[]): OriginRow[] {
  const rank = (k: string): number => {
    const i = ORDER.indexOf(k);
    return i < 0 ? ORDER.length : i;
  };
  return [...rows].sort(
    (a, b) => rank(a.origin_kind) - rank(b.origin_kind) || a.origin_kind.localeCompare(b.origin_kind),
  );
}

/** "中央: 1,000.00 万元 (66.7%)" */
export function originLabel(row: OriginRow, unitFen: (fen: number) => string): string {
  return `${row.origin_kind}: ${unitFen(row.amount)} (${formatPercent(row.share)})`;
}

export function buildOriginCompositionOptions(input: readonly OriginRow[]): EChartsOption {
  const rows = sortOrigins(input).filter((r) => r.amount !== 0);
  const unit = pickUnit(rows.map((r) => r.amount));
  const byName = new Map(rows.map((r) => [r.origin_kind, r]));
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const row = byName.get((p as { name?: string }).name ?? '');
        return row ? originLabel(row, (fen) => formatMoney(fen, unit)) : '';
      },
    },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        label: { formatter: '{b}\n{d}%' },
        data: rows.map((r) => ({
          name: r.origin_kind,
          value: r.amount,
          itemStyle: { color: levelColor(r.origin_kind) },
        })),
      },
    ],
  };
}
