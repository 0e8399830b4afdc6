/**
 * A client-side grid for the drill's modest tables (children, funds, documents, projects, interlock): sort and
 * filter in the browser, a pinned 合计 row, CSV of exactly what is shown (filtered, sorted, visible columns,
 * money as 元 with two decimals) and, where the route can write one, the server's XLSX of the same rows.
 */
import { useCallback, useRef } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, GridApi, RowClickedEvent } from 'ag-grid-community';
import { GRID_LOCALE, csvCell, csvHeader } from './grid-columns.ts';
import { gridTheme } from './grid-modules.ts';

interface Props<T> {
  rows: T[];
  columns: ColDef<T>[];
  onRowClick?: (row: T) => void;
  totalRow?: T;
  height?: number;
  exportName: string;
  /** a server download of the same rows as XLSX (the route's format=xlsx) */
  xlsxUrl?: string;
  testId?: string;
  rowId?: (row: T) => string;
}

function isMoney(colDef: ColDef | undefined): boolean {
  return Boolean((colDef?.context as { money?: boolean } | undefined)?.money);
}

export function DataGrid<T>({
  rows,
  columns,
  onRowClick,
  totalRow,
  height = 420,
  exportName,
  xlsxUrl,
  testId,
  rowId,
}: Props<T>) {
  const api = useRef<GridApi<T> | null>(null);
  const exportCsv = useCallback(() => {
    api.current?.exportDataAsCsv({
      fileName: `${exportName}.csv`,
      prependContent: '\ufeff',
      processCellCallback: (p) => csvCell(p.value, isMoney(p.column.getColDef() as ColDef)),
      processHeaderCallback: (p) =>
        csvHeader(p.column.getColDef().headerName ?? p.column.getColId(), isMoney(p.column.getColDef() as ColDef)),
    });
  }, [exportName]);

  return (
    <div className="grid-box" data-testid={testId}>
      <div className="grid-toolbar">
        <span className="muted">{rows.length} 行</span>
        <button type="button" onClick={exportCsv}>
          导出 CSV
        </button>
        {xlsxUrl ? (
          <a className="button" href={xlsxUrl} download>
            导出 XLSX
          </a>
        ) : null}
      </div>
      <div style={{ height }}>
        <AgGridReact<T>
          theme={gridTheme}
          localeText={GRID_LOCALE}
          rowData={rows}
          columnDefs={columns}
          defaultColDef={{ sortable: true, resizable: true, filter: true, minWidth: 80 }}
          pinnedBottomRowData={totalRow ? [totalRow] : undefined}
          onGridReady={(e) => (api.current = e.api)}
          onRowClicked={(e: RowClickedEvent<T>) => {
            if (e.data && e.rowPinned !== 'bottom') onRowClick?.(e.data);
          }}
          rowClass={onRowClick ? 'clickable' : undefined}
          getRowId={rowId ? (p) => rowId(p.data) : undefined}
          suppressCellFocus
        />
      </div>
    </div>
  );
}
