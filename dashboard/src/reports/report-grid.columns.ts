/**
 * A rendered report as ag-grid columns and rows: the multi-row header as nested column groups (the same merges
 * as the XLSX), amounts in the report's unit, ratios as percentages; the row label indented by depth.
 */
import type { ColDef, ColGroupDef } from 'ag-grid-community';
import type { CellValue, RenderedReport, ReportColumn } from '../../../server/api/reports.types.ts';

export interface GridRow {
  key: string;
  label: string;
  kind: string;
  values: Record<string, CellValue>;
}

export function formatCell(column: ReportColumn, value: CellValue, unit: '元' | '万元'): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  switch (column.format) {
    case 'amount':
      return (value / (unit === '万元' ? 1_000_000 : 100)).toLocaleString('zh-CN', {
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      });
    case 'percent':
      return `${(value * 100).toFixed(2)}%`;
    case 'integer':
      return Math.round(value).toLocaleString('zh-CN');
    default:
      return String(value);
  }
}

export function buildReportColumns(report: RenderedReport): (ColDef<GridRow> | ColGroupDef<GridRow>)[] {
  const label: ColDef<GridRow> = {
    headerName: report.row_label,
    pinned: 'left',
    width: 220,
    valueGetter: (p) =>
      p.data ? `${'\u3000'.repeat(Math.max(0, p.data.kind === 'detail' ? 1 : 0))}${p.data.label}` : '',
  };
  const top: (ColDef<GridRow> | ColGroupDef<GridRow>)[] = [label];
  for (const c of report.columns) {
    const leaf: ColDef<GridRow> = {
      headerName: c.header[c.header.length - 1]!,
      colId: c.key,
      type: 'rightAligned',
      width: 130,
      valueGetter: (p) => (p.data ? (p.data.values[c.key] ?? null) : null),
      valueFormatter: (p) => formatCell(c, p.value as CellValue, report.unit),
      headerTooltip: c.ledger ? c.ledger.note : (c.formula ?? c.department ?? ''),
    };
    let level = top;
    for (const name of c.header.slice(0, -1)) {
      const last = level[level.length - 1];
      if (last && 'children' in last && last.headerName === name) level = last.children;
      else {
        const group: ColGroupDef<GridRow> = { headerName: name, children: [] };
        level.push(group);
        level = group.children;
      }
    }
    level.push(leaf);
  }
  return top;
}

export const buildReportRows = (report: RenderedReport): GridRow[] =>
  report.rows.map((r) => ({ key: r.key, label: r.label, kind: r.kind, values: r.values }));
