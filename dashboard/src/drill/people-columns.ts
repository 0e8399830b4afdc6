/**
 * Columns of the big grids (sortable where the server sorts: PEOPLE_SORTS / PAYMENT_SORTS of the API) and the server's filter parameters behind them (people: name → q; payments: month).
 * Payments are shown in 元: one payment is a few hundred 元, 万元 would read as zero.
 */
import type { ColDef } from 'ag-grid-community';
import type { PaymentRow, PersonRow, ProjectRow } from '../../../server/api/api.types.ts';
import type { FilterParams } from '../grids/grid-query.builder.ts';
import type { MoneyUnit } from '../format/money.format.ts';
import { moneyColumn, textColumn } from '../grids/grid-columns.ts';

const serverText = { filter: 'agTextColumnFilter', filterParams: { filterOptions: ['contains'], maxNumConditions: 1 } };

export const PEOPLE_FILTERS: FilterParams = { name: 'q' };
export const PAYMENT_FILTERS: FilterParams = { pay_month: 'month' };

export function peopleColumns(): ColDef<PersonRow>[] {
  return [
    textColumn<PersonRow>('name', '姓名', { ...serverText, width: 110 }),
    textColumn<PersonRow>('person_id', '身份证号', { width: 190, filter: false }),
    textColumn<PersonRow>('household_id', '户编号', { width: 150, filter: false, sortable: false }),
    textColumn<PersonRow>('village_name', '村', { width: 140, filter: false, sortable: false }),
    {
      field: 'registered',
      headerName: '建档立卡',
      width: 100,
      sortable: false,
      valueFormatter: (p) => (p.value === true ? '是' : p.value === false ? '否' : '—'),
    },
    { field: 'payments', headerName: '笔数', width: 80, type: 'rightAligned' },
    moneyColumn<PersonRow>('payable', '应发', 'yuan', { filter: false }),
    moneyColumn<PersonRow>('paid', '实发', 'yuan', { filter: false }),
    textColumn<PersonRow>('first_month', '首月', { width: 100, filter: false }),
    textColumn<PersonRow>('last_month', '末月', { width: 100, filter: false }),
  ];
}

export function paymentColumns(): ColDef<PaymentRow>[] {
  return [
    textColumn<PaymentRow>('pay_month', '发放月份', {
      ...serverText,
      filterParams: { filterOptions: ['equals'], maxNumConditions: 1 },
      width: 120,
    }),
    textColumn<PaymentRow>('name', '姓名', { width: 100, filter: false }),
    textColumn<PaymentRow>('person_id', '身份证号', { width: 190, filter: false }),
    textColumn<PaymentRow>('village_code', '村编码', { width: 130, filter: false }),
    moneyColumn<PaymentRow>('payable', '应发', 'yuan', { filter: false }),
    moneyColumn<PaymentRow>('paid', '实发', 'yuan', { filter: false }),
    textColumn<PaymentRow>('account_no', '收款账号', { width: 180, filter: false, sortable: false }),
    textColumn<PaymentRow>('bank', '开户行', { width: 150, filter: false, sortable: false }),
    textColumn<PaymentRow>('doc_id', '支付单据', { width: 150, filter: false }),
    textColumn<PaymentRow>('project_code', '项目', { width: 120, filter: false }),
    textColumn<PaymentRow>('payment_id', '明细编号', { width: 150, filter: false }),
  ];
}

export function projectColumns(unit: MoneyUnit): ColDef<ProjectRow>[] {
  return [
    textColumn<ProjectRow>('project_name', '项目名称', { pinned: 'left', width: 220 }),
    textColumn<ProjectRow>('project_code', '项目代码', { width: 130 }),
    textColumn<ProjectRow>('region_name', '区划', { width: 110 }),
    textColumn<ProjectRow>('category', '类别', { width: 100 }),
    textColumn<ProjectRow>('status', '状态', { width: 80 }),
    {
      colId: 'years',
      headerName: '年度',
      width: 110,
      valueGetter: (p) => (p.data ? `${p.data.start_year ?? '?'}–${p.data.end_year ?? '?'}` : ''),
    },
    moneyColumn<ProjectRow>('planned', '计划', unit),
    moneyColumn<ProjectRow>('funded', '已安排', unit),
    moneyColumn<ProjectRow>('paid', '已支付', unit),
    moneyColumn<ProjectRow>('unfunded', '缺口', unit),
    moneyColumn<ProjectRow>('funded_central', '中央', unit),
    moneyColumn<ProjectRow>('funded_province', '省', unit),
    moneyColumn<ProjectRow>('funded_city', '市', unit),
    moneyColumn<ProjectRow>('funded_county', '县', unit),
    moneyColumn<ProjectRow>('funded_own', '本级', unit),
  ];
}
