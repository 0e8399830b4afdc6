/**
 * A rendered report on screen: ag-grid with the form's multi-row header; total and subtotals bold. A change of
 * the column layout (the designer's live preview) mounts a fresh grid: ag-grid 36 fails on some reshaped
 * column-group trees ("reading 'buildToken'") when the definitions are swapped in place.
 */
import { AgGridReact } from 'ag-grid-react';
import type { RenderedReport } from '../../../server/api/reports.types.ts';
import { GRID_LOCALE } from '../grids/grid-columns.ts';
import { gridTheme } from '../grids/grid-modules.ts';
import { buildReportColumns, buildReportRows, type GridRow } from './report-grid.columns.ts';

export function ReportGrid({ report, height = 480 }: { report: RenderedReport; height?: number }) {
  return (
    <div>
      <h3>
        {report.title} {report.form_no ? `（${report.form_no}）` : ''}
      </h3>
      <p className="muted">
        {report.fixed.map((f) => f.text).join('　')}
        {report.fixed.some((f) => f.text.includes('单位')) ? null : ` · 单位: ${report.unit}`}
      </p>
      <div style={{ height }} data-testid="report-grid">
        <AgGridReact<GridRow>
          key={`${report.row_label}|${report.columns.map((c) => `${c.key}:${c.header.join('/')}`).join('|')}`}
          theme={gridTheme}
          localeText={GRID_LOCALE}
          rowData={buildReportRows(report)}
          columnDefs={buildReportColumns(report)}
          getRowId={(p) => p.data.key}
          getRowStyle={(p) => (p.data && p.data.kind !== 'detail' ? { fontWeight: 'bold' } : undefined)}
        />
      </div>
    </div>
  );
}
