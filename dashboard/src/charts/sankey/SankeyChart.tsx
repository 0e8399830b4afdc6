import { useMemo } from 'react';
import type { SankeyResponse } from '../../../../server/api/api.types.ts';
import { EChart } from '../EChart.tsx';
import { buildSankeyOptions } from './sankey.options.ts';

export function SankeyChart({ data, onNode }: { data: SankeyResponse; onNode?: (name: string) => void }) {
  const option = useMemo(() => buildSankeyOptions(data), [data]);
  const height = Math.max(320, Math.min(900, data.nodes.length * 14));
  return (
    <EChart
      option={option}
      height={height}
      testId="sankey"
      onClick={onNode ? (e) => (e.dataType === 'node' ? onNode(e.name) : undefined) : undefined}
    />
  );
}
