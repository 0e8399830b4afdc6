import { useMemo } from 'react';
import type { ProjectRow } from '../../../../server/api/api.types.ts';
import { EChart } from '../EChart.tsx';
import { buildLibraryFundingOptions } from './project-funding.options.ts';

export function LibraryFundingChart({ rows, onOpen }: { rows: ProjectRow[]; onOpen?: (code: string) => void }) {
  const chart = useMemo(() => buildLibraryFundingOptions(rows), [rows]);
  return (
    <EChart
      option={chart.options}
      height={Math.max(240, chart.codes.length * 22 + 60)}
      testId="library-funding"
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
