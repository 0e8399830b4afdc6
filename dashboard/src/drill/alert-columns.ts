/** Columns of the alert list and the names of levels, statuses and handling actions as people read them. */
import type { ColDef } from 'ag-grid-community';
import type { AlertDetailResponse, AlertRow } from '../../../server/api/api.types.ts';
import { ALERT_LEVEL_NAMES } from '../charts/chart-palette.ts';
import { moneyColumn, textColumn } from '../grids/grid-columns.ts';

export const ALERT_STATUSES = ['待核实', '已说明', '已办结', '已消除'] as const;

export type AlertAction = AlertDetailResponse['actions'][number];

export const ALERT_ACTION_NAMES: Record<AlertAction, string> = { explain: '说明', settle: '办结', return: '退回' };

/** What the engine asks of each action: 说明 and 退回 need a comment (the server says so too). */
export function commentRequired(action: AlertAction): boolean {
  return action === 'explain' || action === 'return';
}

export function alertColumns(): ColDef<AlertRow>[] {
  return [
    {
      field: 'level',
      headerName: '级别',
      width: 90,
      valueFormatter: (p) => (p.value ? ALERT_LEVEL_NAMES[p.value as AlertRow['level']] : ''),
      cellClass: (p) => (p.value ? `alert-${String(p.value)}` : ''),
    },
    textColumn<AlertRow>('rule_code', '规则', { width: 80 }),
    textColumn<AlertRow>('title', '预警', { width: 200 }),
    textColumn<AlertRow>('region_name', '区划', { width: 110 }),
    textColumn<AlertRow>('detail', '说明', { width: 420, tooltipField: 'detail' }),
    moneyColumn<AlertRow>('amount', '金额', 'yuan', { width: 130 }),
    textColumn<AlertRow>('status', '状态', { width: 90 }),
    textColumn<AlertRow>('detected_at', '发现时间', {
      width: 150,
      valueFormatter: (p) =>
        String(p.value ?? '')
          .slice(0, 16)
          .replace('T', ' '),
    }),
  ];
}
