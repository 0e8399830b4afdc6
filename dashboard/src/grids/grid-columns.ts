/**
 * Column definitions shared by the grids: money in a stated unit (the header says it), progress in %, and the
 * CSV cell of a money column as 元 with two decimals — the same form as the exports, exact to the 分.
 */
import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import { UNIT_LABELS, formatFen, formatPercent, formatYuan, type MoneyUnit } from '../format/money.format.ts';

export function moneyText(value: unknown, unit: MoneyUnit): string {
  return typeof value === 'number' ? formatFen(value, unit) : '';
}

export function moneyColumn<T>(
  field: string,
  header: string,
  unit: MoneyUnit,
  extra: Partial<ColDef<T>> = {},
): ColDef<T> {
  return {
    field: field as ColDef<T>['field'],
    headerName: `${header} (${UNIT_LABELS[unit]})`,
    type: 'rightAligned',
    filter: 'agNumberColumnFilter',
    width: 140,
    valueFormatter: (p: ValueFormatterParams<T>) => moneyText(p.value, unit),
    context: { money: true },
    ...extra,
  };
}

export function percentColumn<T>(field: string, header: string, extra: Partial<ColDef<T>> = {}): ColDef<T> {
  return {
    field: field as ColDef<T>['field'],
    headerName: header,
    type: 'rightAligned',
    filter: 'agNumberColumnFilter',
    width: 110,
    valueFormatter: (p: ValueFormatterParams<T>) => formatPercent(typeof p.value === 'number' ? p.value : null),
    ...extra,
  };
}

export function textColumn<T>(field: string, header: string, extra: Partial<ColDef<T>> = {}): ColDef<T> {
  return { field: field as ColDef<T>['field'], headerName: header, filter: 'agTextColumnFilter', ...extra };
}

const FORMULA_TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];

/**
 * The CSV text of a cell: money columns (context.money) as 元 with two decimals; text that a spreadsheet would
 * run as a formula gets a leading apostrophe (the rule of warehouse/cell-safety.ts, which every export follows).
 */
export function csvCell(value: unknown, isMoney: boolean): string {
  if (value === null || value === undefined) return '';
  if (isMoney && typeof value === 'number') return formatYuan(value).replaceAll(',', '');
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = String(value);
  return FORMULA_TRIGGERS.includes(text.charAt(0)) ? `'${text}` : text;
}

/** Headers of money columns in a CSV say 元 (the CSV cells are 元, whatever unit the screen shows). */
export function csvHeader(headerName: string, isMoney: boolean): string {
  return isMoney ? headerName.replace(/\((万元|亿元|元)\)$/, '(元)') : headerName;
}

/** Chinese text for the ag-grid menus and filters this dashboard shows. */
export const GRID_LOCALE: Record<string, string> = {
  contains: '包含',
  notContains: '不包含',
  equals: '等于',
  notEqual: '不等于',
  startsWith: '开头是',
  endsWith: '结尾是',
  blank: '为空',
  notBlank: '不为空',
  lessThan: '小于',
  greaterThan: '大于',
  lessThanOrEqual: '小于等于',
  greaterThanOrEqual: '大于等于',
  inRange: '介于',
  inRangeStart: '从',
  inRangeEnd: '到',
  filterOoo: '筛选…',
  andCondition: '且',
  orCondition: '或',
  applyFilter: '应用',
  resetFilter: '重置',
  clearFilter: '清除',
  cancelFilter: '取消',
  noRowsToShow: '没有数据',
  loadingOoo: '加载中…',
  page: '页',
  of: '/',
  to: '至',
  more: '更多',
  first: '首页',
  last: '末页',
  next: '下一页',
  previous: '上一页',
  pageSizeSelectorLabel: '每页:',
  ariaFilterValue: '筛选值',
  sortAscending: '升序',
  sortDescending: '降序',
};
