/**
 * One project: funding by year and origin against the plan, related projects, its documents, and the people
 * (households) it paid, whose 实发 add up to the project's detail payments.
 */
import { useMemo } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { DocumentRow, PersonRow, ProjectDetailResponse } from '../../../server/api/api.types.ts';
import { apiPath, segment } from '../api/query-string.builder.ts';
import { useApi } from '../api/use-api.hook.ts';
import { useYear } from '../app/use-year.hook.ts';
import { drillTrail, paths, readDrill, type DrillContext } from '../routes/app.routes.ts';
import { Async } from '../components/Async.tsx';
import { Breadcrumbs } from '../components/Breadcrumbs.tsx';
import { FigureCard } from '../components/FigureCard.tsx';
import { Money } from '../components/Money.tsx';
import { DataGrid } from '../grids/DataGrid.tsx';
import { InfiniteGrid } from '../grids/InfiniteGrid.tsx';
import { ProjectFundingChart } from '../charts/project-funding/ProjectFundingChart.tsx';
import { documentColumns } from '../drill/drill-columns.ts';
import { PEOPLE_FILTERS, peopleColumns } from '../drill/people-columns.ts';
import { formatCount, pickUnit } from '../format/money.format.ts';

type Related = ProjectDetailResponse['related'][number];

export default function ProjectPage() {
  const { code = '' } = useParams();
  const [search] = useSearchParams();
  const year = useYear();
  const base = readDrill(search);
  const detail = useApi<ProjectDetailResponse>(apiPath(`/projects/${segment(code)}`, { year }));
  return (
    <div className="page" data-testid="project-page" data-project={code}>
      <Async state={detail}>{(d) => <Detail d={d} ctx={{ ...base, year, project: code }} />}</Async>
    </div>
  );
}

function Detail({ d, ctx }: { d: ProjectDetailResponse; ctx: DrillContext }) {
  const navigate = useNavigate();
  const p = d.project;
  const region = ctx.region ?? p.region_code;
  const year = ctx.year as number;
  const unit = pickUnit([p.planned, p.funded]);
  const docColumns = useMemo(() => documentColumns(unit), [unit]);
  const people = useMemo(() => peopleColumns(), []);
  const base = useMemo(() => ({ project: p.project_code, year }), [p.project_code, year]);
  const here: DrillContext = { ...ctx, region };
  return (
    <>
      <Breadcrumbs
        year={year}
        region={region}
        tail={drillTrail({ year, region, fund: ctx.fund, doc: ctx.doc })}
        current={p.project_name ?? p.project_code}
      />
      <h2>
        {p.project_name ?? p.project_code} <span className="muted">{p.project_code}</span>
      </h2>
      <p className="muted">
        {p.region_name} · {p.category ?? '未分类'} · {p.department ?? ''} · {p.status ?? ''} · {p.start_year ?? '?'}–
        {p.end_year ?? '?'}
        {p.parent_project_code ? (
          <>
            {' '}
            · 上级项目 <Link to={paths.project(p.parent_project_code, { year, region })}>{p.parent_project_code}</Link>
          </>
        ) : null}
      </p>
      <div className="cards">
        <FigureCard label="计划投资" value={<Money fen={p.planned} unit={unit} />} />
        <FigureCard label="已安排" value={<Money fen={p.funded} unit={unit} />} />
        <FigureCard label="已支付" value={<Money fen={p.paid} unit={unit} />} />
        <FigureCard label="缺口" value={<Money fen={p.unfunded} unit={unit} />} />
        <FigureCard
          label="发放到人"
          value={<Money fen={d.payments.paid} unit="yuan" testId="project-payments-paid" />}
          note={`${formatCount(d.payments.people)} 人, ${formatCount(d.payments.rows)} 笔`}
          to={paths.payments(here)}
        />
      </div>
      <div className="two">
        <section className="panel">
          <h3>按年度与来源的资金安排</h3>
          <ProjectFundingChart detail={d} />
        </section>
        <section className="panel">
          <h3>相关项目</h3>
          {d.related.length === 0 ? (
            <p className="muted">无</p>
          ) : (
            <table className="plain">
              <thead>
                <tr>
                  <th>关系</th>
                  <th>项目</th>
                  <th>区划</th>
                  <th className="num">金额</th>
                </tr>
              </thead>
              <tbody>
                {d.related.map((r: Related) => (
                  <tr key={`${r.relation}-${r.project_code}-${r.region_code}`}>
                    <td>{r.relation}</td>
                    <td>
                      <Link to={paths.project(r.project_code, { year, region })}>
                        {r.project_name ?? r.project_code}
                      </Link>
                    </td>
                    <td>{r.region_code}</td>
                    <td className="num">
                      <Money fen={r.amount} unit={unit} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      <section className="panel">
        <h3>项目单据</h3>
        <DataGrid<DocumentRow>
          rows={d.documents}
          columns={docColumns}
          onRowClick={(row) => navigate(paths.document(row.doc_id, { year, region, fund: ctx.fund }))}
          exportName={`项目单据-${p.project_code}`}
          rowId={(r) => r.doc_id}
          height={Math.min(360, 96 + d.documents.length * 42)}
        />
      </section>
      <section className="panel">
        <h3>
          受益人员 (户/人) · 实发合计应为 <Money fen={d.payments.paid} unit="yuan" />
        </h3>
        <InfiniteGrid<PersonRow>
          path="/people"
          base={base}
          columns={people}
          filterParams={PEOPLE_FILTERS}
          onRowClick={(row) => navigate(paths.payments({ ...here, person: row.person_ref }))}
          testId="people-grid"
        />
      </section>
    </>
  );
}
