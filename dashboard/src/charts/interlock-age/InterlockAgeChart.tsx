import { useMemo } from 'react';
import type { InterlockResponse } from '../../../../server/api/api.types.ts';
import { EChart } from '../EChart.tsx';
import { buildInterlockAgeOptions } from './interlock-age.options.ts';

export function InterlockAgeChart({
  rows,
  onOpen,
}: {
  rows: InterlockResponse['by_region'];
  onOpen?: (region: string) => void;
}) {
  const chart = useMemo(() => buildInterlockAgeOptions(rows), [rows]);
  return (
    <EChart
      option={chart.options}
      testId="interlock-age"
      onClick={
        onOpen
          ? (e) => {
              const code = chart.codes[e.dataIndex];
              if (code) onOpen(code);
            }
          : undefined
      }
    />
  );
}
