/** Columns of the drill's grids (region children, funds, documents), money in the unit the page chose. */
import type { ColDef } from 'ag-grid-community';
import type { DocumentRow, DrillRegionRow, RegionFundsResponse } from '../../../server/api/api.types.ts';
import type { MoneyUnit } from '../format/money.format.ts';
import { moneyColumn, percentColumn, textColumn } from '../grids/grid-columns.ts';

export type FundRow = RegionFundsResponse['rows'][number];

const LEVEL_NAMES: Record<string, string> = {
  central: '中央',
  province: '省',
  city: '市',
  county: '县',
  township: '乡',
  village: '村',
};

export function levelLabel(level: string): string {
  return LEVEL_NAMES[level] ?? level;
}

function figureColumns<T>(unit: MoneyUnit): ColDef<T>[] {
  return [
    moneyColumn<T>('funds', '资金规模', unit),
    moneyColumn<T>('allocated', '已分配', unit),
    moneyColumn<T>('paid', '已支付', unit),
    moneyColumn<T>('undistributed', '未分配', unit),
    percentColumn<T>('allocation_progress', '分配进度'),
    percentColumn<T>('spending_progress', '支出进度'),
  ];
}

export function regionColumns(unit: MoneyUnit): ColDef<DrillRegionRow>[] {
  return [
    {
      colId: 'region',
      headerName: '区划',
      filter: 'agTextColumnFilter',
      pinned: 'left',
      width: 180,
      valueGetter: (p) => (p.data ? (p.data.is_own ? `${p.data.region.name} (本级)` : p.data.region.name) : ''),
    },
    textColumn<DrillRegionRow>('region.code', '代码', { width: 110 }),
    {
      colId: 'level',
      headerName: '级次',
      width: 80,
      valueGetter: (p) => (p.data ? levelLabel(p.data.region.level) : ''),
    },
    ...figureColumns<DrillRegionRow>(unit),
    moneyColumn<DrillRegionRow>('from_outside', '外部下达', unit, { headerTooltip: '从范围外下达到该区划 (不可相加)' }),
  ];
}

export function fundColumns(unit: MoneyUnit): ColDef<FundRow>[] {
  return [
    textColumn<FundRow>('fund_name', '专项资金', { pinned: 'left', width: 220 }),
    textColumn<FundRow>('fund_code', '资金代码', { width: 110 }),
    ...figureColumns<FundRow>(unit),
  ];
}

export function documentColumns(unit: MoneyUnit): ColDef<DocumentRow>[] {
  return [
    textColumn<DocumentRow>('doc_no', '文号', { width: 200, valueFormatter: (p) => p.value ?? p.data?.doc_id ?? '' }),
    textColumn<DocumentRow>('doc_id', '单据编号', { width: 150 }),
    textColumn<DocumentRow>('txn_name', '交易令', {
      width: 120,
      valueGetter: (p) => (p.data ? `${p.data.txn_code} ${p.data.txn_name}` : ''),
    }),
    textColumn<DocumentRow>('region_name', '区划', { width: 120 }),
    textColumn<DocumentRow>('doc_date', '日期', { width: 110 }),
    textColumn<DocumentRow>('fund_code', '资金', { width: 90 }),
    textColumn<DocumentRow>('project_name', '项目', { width: 160 }),
    moneyColumn<DocumentRow>('amount', '金额', unit),
    moneyColumn<DocumentRow>('effective', '有效金额', unit, { headerTooltip: '扣除红字更正后' }),
    moneyColumn<DocumentRow>('carved', '已下拨', unit),
    moneyColumn<DocumentRow>('remaining', '余额', unit),
    textColumn<DocumentRow>('origin_kind', '来源', { width: 90 }),
  ];
}
