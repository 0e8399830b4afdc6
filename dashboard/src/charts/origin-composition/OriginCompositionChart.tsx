import { useMemo } from 'react';
import { EChart } from '../EChart.tsx';
import { buildOriginCompositionOptions, type OriginRow } from './origin-composition.options.ts';

export function OriginCompositionChart({ rows }: { rows: OriginRow[] }) {
  const option = useMemo(() => buildOriginCompositionOptions(rows), [rows]);
  return <EChart option={option} height={280} testId="origin-composition" />;
}
