/**
 * A server-side grid for the big tables (people, payments — tens of millions of rows at province scale): the
 * infinite row model asks the server for each block with the grid's sort and filters (Arrow IPC answers), and
 * the export buttons download the same query as CSV or XLSX written by the server, visible columns in order.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, GridApi, IDatasource, IGetRowsParams, RowClickedEvent } from 'ag-grid-community';
import type { QueryParams } from '../api/query-string.builder.ts';
import { formatCount, formatMoney } from '../format/money.format.ts';
import { GRID_LOCALE } from './grid-columns.ts';
import {
  buildBlockUrl,
  buildExportUrl,
  type ExportFormat,
  type FilterModel,
  type FilterParams,
  type SortItem,
} from './grid-query.builder.ts';
import { fetchGridBlock } from './grid-block.fetcher.ts';
import { gridTheme } from './grid-modules.ts';

interface Props<T> {
  path: string;
  base: QueryParams;
  columns: ColDef<T>[];
  filterParams: FilterParams;
  onRowClick?: (row: T) => void;
  height?: number;
  blockSize?: number;
  testId?: string;
}

export function InfiniteGrid<T>({
  path,
  base,
  columns,
  filterParams,
  onRowClick,
  height = 520,
  blockSize = 100,
  testId,
}: Props<T>) {
  const api = useRef<GridApi<T> | null>(null);
  const [totals, setTotals] = useState<{ rows: number; paid: number | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const baseKey = JSON.stringify(base);

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows: (params: IGetRowsParams) => {
        const url = buildBlockUrl(
          path,
          base,
          {
            startRow: params.startRow,
            endRow: params.endRow,
            sortModel: params.sortModel as SortItem[],
            filterModel: params.filterModel as FilterModel | null,
          },
          filterParams,
        );
        fetchGridBlock<T>(url).then(
          (block) => {
            setError(null);
            setTotals({ rows: block.totalRows, paid: block.totalPaid });
            params.successCallback(block.rows, block.totalRows);
          },
          (err: unknown) => {
            setError(err instanceof Error ? err.message : String(err));
            params.failCallback();
          },
        );
      },
    }),
    // base is compared by value (baseKey): a new object with the same query must not refetch
    [path, baseKey, filterParams],
  );

  const download = useCallback(
    (format: ExportFormat) => {
      const grid = api.current;
      if (!grid) return;
      const sortModel: SortItem[] = grid
        .getColumnState()
        .filter((c) => c.sort)
        .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
        .map((c) => ({ colId: c.colId, sort: c.sort as 'asc' | 'desc' }));
      const columns = grid.getAllDisplayedColumns().map((c) => c.getColId());
      const url = buildExportUrl(
        path,
        base,
        { sortModel, filterModel: grid.getFilterModel() as FilterModel, columns },
        filterParams,
        format,
      );
      const link = document.createElement('a');
      link.href = url;
      link.download = '';
      document.body.appendChild(link);
      link.click();
      link.remove();
    },
    [path, baseKey, filterParams],
  );

  return (
    <div className="grid-box" data-testid={testId}>
      <div className="grid-toolbar">
        <span
          className="muted"
          data-testid={testId ? `${testId}-totals` : undefined}
          data-total-rows={totals?.rows}
          data-total-paid={totals?.paid ?? undefined}
        >
          {totals ? `共 ${formatCount(totals.rows)} 行` : '加载中…'}
          {totals?.paid !== null && totals?.paid !== undefined
            ? `, 已支付合计 ${formatMoney(totals.paid, 'yuan')}`
            : ''}
        </span>
        {error ? <span className="error">{error}</span> : null}
        <button type="button" onClick={() => download('csv')}>
          导出 CSV
        </button>
        <button type="button" onClick={() => download('xlsx')}>
          导出 XLSX
        </button>
      </div>
      <div style={{ height }}>
        <AgGridReact<T>
          key={`${path}${baseKey}`}
          theme={gridTheme}
          localeText={GRID_LOCALE}
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={blockSize}
          maxBlocksInCache={20}
          columnDefs={columns}
          defaultColDef={{ sortable: true, resizable: true, filter: false, minWidth: 80 }}
          onGridReady={(e) => (api.current = e.api)}
          onRowClicked={(e: RowClickedEvent<T>) => {
            if (e.data) onRowClick?.(e.data);
          }}
          rowClass={onRowClick ? 'clickable' : undefined}
          suppressCellFocus
        />
      </div>
    </div>
  );
}
