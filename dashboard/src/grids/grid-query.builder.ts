/**
 * What the big grids (people, payments) ask the server: ag-grid's infinite row model asks for rows
 * [startRow, endRow) with its sort and filter models; the server pages, sorts and filters (page 1-based,
 * page_size = the block size). The export asks for the same query with `format` and the visible columns,
 * so the file holds exactly what the grid shows.
 */
import { apiPath, type QueryParams } from '../api/query-string.builder.ts';

export interface SortItem {
  colId: string;
  sort: 'asc' | 'desc';
}

/** ag-grid's filter model for the column filters this dashboard uses (text and number filters). */
export type FilterModel = Record<
  string,
  { filterType?: string; type?: string | null; filter?: string | number | null }
>;

/** Which grid column filters the server understands, and under which query parameter. */
export type FilterParams = Record<string, string>;

export interface BlockRequest {
  startRow: number;
  endRow: number;
  sortModel: readonly SortItem[];
  filterModel: FilterModel | null;
}

/** The sort and filter part of a grid query (shared by the page requests and the export). */
export function sortFilterParams(
  sortModel: readonly SortItem[],
  filterModel: FilterModel | null,
  filterParams: FilterParams,
): QueryParams {
  const params: QueryParams = {};
  const first = sortModel[0];
  if (first) {
    params['sort'] = first.colId;
    params['dir'] = first.sort;
  }
  for (const [colId, model] of Object.entries(filterModel ?? {})) {
    const param = filterParams[colId];
    if (!param || model.filter === null || model.filter === undefined || model.filter === '') continue;
    params[param] = String(model.filter).trim();
  }
  return params;
}

/** The API URL of one block of rows. */
export function buildBlockUrl(path: string, base: QueryParams, req: BlockRequest, filterParams: FilterParams): string {
  const pageSize = Math.max(1, req.endRow - req.startRow);
  const page = Math.floor(req.startRow / pageSize) + 1;
  return apiPath(path, {
    ...base,
    ...sortFilterParams(req.sortModel, req.filterModel, filterParams),
    page,
    page_size: pageSize,
  });
}

export type ExportFormat = 'csv' | 'xlsx';

/** The download of exactly what the grid shows: same filters and sort, the visible columns in their order. */
export function buildExportUrl(
  path: string,
  base: QueryParams,
  state: { sortModel: readonly SortItem[]; filterModel: FilterModel | null; columns: readonly string[] },
  filterParams: FilterParams,
  format: ExportFormat,
): string {
  return apiPath(path, {
    ...base,
    ...sortFilterParams(state.sortModel, state.filterModel, filterParams),
    format,
    columns: state.columns,
  });
}
