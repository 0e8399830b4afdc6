import { useMemo } from 'react';
import type { OverviewResponse } from '../../../../server/api/api.types.ts';
import { EChart } from '../EChart.tsx';
import type { AlertLevel } from '../chart-palette.ts';
import { buildAlertsByLevelOptions } from './alerts-by-level.options.ts';

export function AlertsByLevelChart({
  alerts,
  onOpen,
}: {
  alerts: OverviewResponse['alerts'];
  onOpen?: (level: AlertLevel) => void;
}) {
  const chart = useMemo(() => buildAlertsByLevelOptions(alerts), [alerts]);
  return (
    <EChart
      option={chart.options}
      height={220}
      testId="alerts-by-level"
      onClick={
        onOpen
          ? (e) => {
              const level = chart.levels[e.dataIndex];
              if (level) onOpen(level);
            }
          : undefined
      }
    />
  );
}
