/**
 * The drill's breadcrumbs: the region path from the user's own region down (from the API), then the fund,
 * document, project and person steps the URL carries. Every crumb links back to its level.
 */
import { Fragment } from 'react';
import { Link } from 'react-router';
import type { RegionRef, RegionChildrenResponse } from '../../../server/api/api.types.ts';
import { apiPath, segment } from '../api/query-string.builder.ts';
import { useApi } from '../api/use-api.hook.ts';
import { paths, type Crumb } from '../routes/app.routes.ts';

interface Props {
  year: number;
  /** the region whose path to show; the API's path when the page has it already */
  region?: string | undefined;
  path?: RegionRef[] | undefined;
  tail?: Crumb[];
  current?: string;
}

export function Breadcrumbs({ year, region, path, tail = [], current }: Props) {
  const fetched = useApi<RegionChildrenResponse>(
    path || !region ? null : apiPath(`/regions/${segment(region)}/children`, { year }),
  );
  const regions = path ?? fetched.data?.path ?? [];
  const crumbs: Crumb[] = [...regions.map((r) => ({ label: r.name, to: paths.region(r.code, year) })), ...tail];
  return (
    <nav className="crumbs" aria-label="breadcrumbs" data-testid="breadcrumbs">
      <Link to={paths.overview({ year })}>总览</Link>
      {crumbs.map((c) => (
        <Fragment key={c.to}>
          <span className="sep">›</span>
          <Link to={c.to}>{c.label}</Link>
        </Fragment>
      ))}
      {current ? (
        <>
          <span className="sep">›</span>
          <span className="here">{current}</span>
        </>
      ) : null}
    </nav>
  );
}
