import { useMemo } from 'react';
import type { DrillRegionRow } from '../../../../server/api/api.types.ts';
import { EChart } from '../EChart.tsx';
import { buildRegionProgressOptions } from './region-progress.options.ts';

export function RegionProgressChart({
  rows,
  onOpen,
}: {
  rows: DrillRegionRow[];
  onOpen?: (row: DrillRegionRow) => void;
}) {
  const chart = useMemo(() => buildRegionProgressOptions(rows), [rows]);
  return (
    <EChart
      option={chart.options}
      testId="region-progress"
      onClick={
        onOpen
          ? (e) => {
              const row = chart.rows[e.dataIndex];
              if (row && !row.is_own) onOpen(row);
            }
          : undefined
      }
    />
  );
}
