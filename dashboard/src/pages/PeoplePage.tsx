/** 受益人员 of a project or a region (server-side grid); a person opens his or her individual payments. */
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { PersonRow } from '../../../server/api/api.types.ts';
import { useYear } from '../app/use-year.hook.ts';
import { useSession } from '../session/session.context.ts';
import { drillTrail, paths, readDrill } from '../routes/app.routes.ts';
import { Breadcrumbs } from '../components/Breadcrumbs.tsx';
import { InfiniteGrid } from '../grids/InfiniteGrid.tsx';
import { PEOPLE_FILTERS, peopleColumns } from '../drill/people-columns.ts';
import { peopleSubject } from '../drill/grid-subject.builder.ts';

export default function PeoplePage() {
  const { user } = useSession();
  const [search] = useSearchParams();
  const year = useYear();
  const ctx = { ...readDrill(search), year };
  const navigate = useNavigate();
  const columns = useMemo(() => peopleColumns(), []);
  // the grid refetches when the query changes, so the subject is kept while the URL stays the same
  const key = `${search.toString()}|${year}`;
  const base = useMemo(() => peopleSubject(ctx, user.region_code), [key, user.region_code]);
  return (
    <div className="page" data-testid="people-page">
      <Breadcrumbs year={year} region={ctx.region ?? user.region_code} tail={drillTrail(ctx)} current="受益人员" />
      <h2>受益人员</h2>
      <InfiniteGrid<PersonRow>
        path="/people"
        base={base}
        columns={columns}
        filterParams={PEOPLE_FILTERS}
        onRowClick={(row) => navigate(paths.payments({ ...ctx, person: row.person_ref }))}
        testId="people-grid"
      />
    </div>
  );
}
