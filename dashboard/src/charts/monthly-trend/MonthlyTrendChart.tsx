import { useMemo } from 'react';
import { EChart } from '../EChart.tsx';
import { buildMonthlyTrendOptions, type MonthlyRow } from './monthly-trend.options.ts';

export function MonthlyTrendChart({ rows, onOpen }: { rows: MonthlyRow[]; onOpen?: (month: string) => void }) {
  const option = useMemo(() => buildMonthlyTrendOptions(rows), [rows]);
  const months = useMemo(() => [...rows].map((r) => r.month).sort(), [rows]);
  return (
    <EChart
      option={option}
      testId="monthly-trend"
      onClick={
        onOpen
          ? (e) => {
              const month = months[e.dataIndex];
              if (month) onOpen(month);
            }
          : undefined
      }
    />
  );
}
