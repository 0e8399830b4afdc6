/**
 * Drill, one fund in one region's scope: where its money came from (中央/省/市/本级), its document tree, and the
 * documents (文号) of the fund in the scope. A document opens its own trace.
 */
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { DocumentRow, DocumentsResponse, FundTraceResponse } from '../../../server/api/api.types.ts';
import { apiPath } from '../api/query-string.builder.ts';
import { useApi } from '../api/use-api.hook.ts';
import { useYear } from '../app/use-year.hook.ts';
import { fundOfSegment, paths, type DrillContext } from '../routes/app.routes.ts';
import { Async } from '../components/Async.tsx';
import { Breadcrumbs } from '../components/Breadcrumbs.tsx';
import { Money } from '../components/Money.tsx';
import { DataGrid } from '../grids/DataGrid.tsx';
import { documentColumns } from '../drill/drill-columns.ts';
import { OriginCompositionChart } from '../charts/origin-composition/OriginCompositionChart.tsx';
import { TraceTree } from '../trace/TraceTree.tsx';
import { formatCount, pickUnit } from '../format/money.format.ts';

const PAGE_SIZE = 500;

export default function FundPage() {
  const { code = '', fund: fundSegment = '_' } = useParams();
  const fund = fundOfSegment(fundSegment);
  const year = useYear();
  const trace = useApi<FundTraceResponse>(apiPath('/trace/fund', { region: code, fund: fund ?? undefined, year }));
  const docs = useApi<DocumentsResponse>(
    apiPath('/documents', { region: code, year, fund: fund ?? undefined, page: 1, page_size: PAGE_SIZE }),
  );
  const ctx: DrillContext = { year, region: code, fund };
  return (
    <div className="page" data-testid="fund-page">
      <Breadcrumbs
        year={year}
        region={code}
        current={trace.data?.fund_name ?? (fund ? `资金 ${fund}` : '未指定资金')}
      />
      <Async state={trace}>
        {(t) => (
          <>
            <h2>
              {t.fund_name} <span className="muted">{t.fund_code ?? ''}</span> · {t.region.name} · {t.year} 年度
            </h2>
            <div className="two">
              <section className="panel">
                <h3>资金来源构成</h3>
                <OriginCompositionChart rows={t.origin} />
                <table className="plain">
                  <tbody>
                    {t.origin.map((o) => (
                      <tr key={o.origin_kind}>
                        <td>{o.origin_kind}</td>
                        <td className="num">
                          <Money fen={o.amount} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <section className="panel">
                <h3>单据追溯 (从来源到支付)</h3>
                <TraceTree nodes={t.roots} ctx={ctx} openDepth={1} />
              </section>
            </div>
          </>
        )}
      </Async>
      <Async state={docs}>{(d) => <Documents data={d} ctx={ctx} />}</Async>
    </div>
  );
}

function Documents({ data, ctx }: { data: DocumentsResponse; ctx: DrillContext }) {
  const navigate = useNavigate();
  const unit = pickUnit(data.rows.map((r) => r.amount));
  const columns = useMemo(() => documentColumns(unit), [unit]);
  return (
    <section className="panel">
      <h3>
        单据 (文号) · 共 {formatCount(data.total_rows)} 张, 有效金额合计{' '}
        <Money fen={data.total_effective} unit={unit} testId="documents-total" />
      </h3>
      {data.total_rows > data.rows.length ? (
        <p className="muted">
          只显示前 {data.rows.length} 张,{' '}
          <Link to={paths.documents({ region: ctx.region, year: ctx.year, fund: ctx.fund })}>查看全部 →</Link>
        </p>
      ) : null}
      <DataGrid<DocumentRow>
        rows={data.rows}
        columns={columns}
        onRowClick={(row) => navigate(paths.document(row.doc_id, ctx))}
        exportName={`单据-${ctx.region ?? ''}-${ctx.year ?? ''}`}
        testId="documents-grid"
        rowId={(r) => r.doc_id}
      />
    </section>
  );
}
