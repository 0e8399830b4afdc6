/** 项目库: projects of a scope across years, their funding by origin (stacked bars), a search kept in the URL. */
import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { ProjectRow, ProjectsResponse } from '../../../server/api/api.types.ts';
import { apiPath, intParam, textParam } from '../api/query-string.builder.ts';
import { useApi } from '../api/use-api.hook.ts';
import { useYear } from '../app/use-year.hook.ts';
import { useSession } from '../session/session.context.ts';
import { paths } from '../routes/app.routes.ts';
import { Async } from '../components/Async.tsx';
import { Breadcrumbs } from '../components/Breadcrumbs.tsx';
import { Pager } from '../components/Pager.tsx';
import { DataGrid } from '../grids/DataGrid.tsx';
import { LibraryFundingChart } from '../charts/project-funding/LibraryFundingChart.tsx';
import { projectColumns } from '../drill/people-columns.ts';
import { pickUnit } from '../format/money.format.ts';

const PAGE_SIZE = 500;

export default function ProjectsPage() {
  const { user } = useSession();
  const [search, setSearch] = useSearchParams();
  const year = useYear();
  const region = textParam(search, 'region') ?? user.region_code;
  const q = textParam(search, 'q');
  const page = intParam(search, 'page') ?? 1;
  const [text, setText] = useState(q ?? '');
  const projects = useApi<ProjectsResponse>(apiPath('/projects', { region, year, q, page, page_size: PAGE_SIZE }));
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const next = new URLSearchParams(search);
    if (text.trim()) next.set('q', text.trim());
    else next.delete('q');
    next.delete('page');
    setSearch(next);
  };
  return (
    <div className="page" data-testid="projects-page">
      <Breadcrumbs year={year} region={region} current="项目库" />
      <h2>项目库</h2>
      <form className="filters" onSubmit={submit}>
        <input placeholder="项目名称或代码" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit">查询</button>
      </form>
      <Async state={projects}>{(p) => <Library data={p} year={year} region={region} page={page} />}</Async>
    </div>
  );
}

function Library({ data, year, region, page }: { data: ProjectsResponse; year: number; region: string; page: number }) {
  const navigate = useNavigate();
  const unit = pickUnit(data.rows.map((r) => r.planned));
  const columns = useMemo(() => projectColumns(unit), [unit]);
  const open = (code: string): void => {
    void navigate(paths.project(code, { year, region }));
  };
  return (
    <>
      <section className="panel">
        <h3>资金安排最多的项目 (按来源)</h3>
        <LibraryFundingChart rows={data.rows} onOpen={open} />
      </section>
      <section className="panel">
        <Pager page={page} pageSize={PAGE_SIZE} total={data.total_rows} />
        <DataGrid<ProjectRow>
          rows={data.rows}
          columns={columns}
          onRowClick={(row) => open(row.project_code)}
          exportName={`项目库-${region}-${year}`}
          testId="projects-grid"
          rowId={(r) => r.project_code}
        />
      </section>
    </>
  );
}
