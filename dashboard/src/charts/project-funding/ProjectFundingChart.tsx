import { useMemo } from 'react';
import type { ProjectDetailResponse } from '../../../../server/api/api.types.ts';
import { EChart } from '../EChart.tsx';
import { buildProjectFundingOptions } from './project-funding.options.ts';

export function ProjectFundingChart({ detail }: { detail: ProjectDetailResponse }) {
  const option = useMemo(() => buildProjectFundingOptions(detail.funding, detail.by_year), [detail]);
  return <EChart option={option} height={300} testId="project-funding" />;
}
