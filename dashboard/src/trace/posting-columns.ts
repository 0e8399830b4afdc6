/** Columns of a postings grid (a document's entries, or the preview of what a 签报 will post). */
import type { ColDef } from 'ag-grid-community';
import type { PostingRow } from '../../../server/api/api.types.ts';
import type { MoneyUnit } from '../format/money.format.ts';
import { moneyColumn, textColumn } from '../grids/grid-columns.ts';

export function postingColumns(unit: MoneyUnit): ColDef<PostingRow>[] {
  return [
    textColumn<PostingRow>('account_code', '科目', { width: 100 }),
    textColumn<PostingRow>('account_name', '科目名称', { width: 160 }),
    textColumn<PostingRow>('region_code', '区划', { width: 110 }),
    textColumn<PostingRow>('budget_year', '年度', { width: 80 }),
    textColumn<PostingRow>('fund_code', '资金', { width: 90 }),
    moneyColumn<PostingRow>('debit', '借方', unit),
    moneyColumn<PostingRow>('credit', '贷方', unit),
    textColumn<PostingRow>('source_type', '来源类型', { width: 130 }),
  ];
}
