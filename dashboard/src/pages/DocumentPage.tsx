/**
 * One document: what it is, where its money came from (origin composition of its root), its tree from the root
 * down to the payments, the postings it made, and the individual payments under it.
 */
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { DocumentDetailResponse, PostingRow } from '../../../server/api/api.types.ts';
import { apiPath, segment } from '../api/query-string.builder.ts';
import { useApi } from '../api/use-api.hook.ts';
import { useYear } from '../app/use-year.hook.ts';
import { drillTrail, paths, readDrill, type DrillContext } from '../routes/app.routes.ts';
import { Async } from '../components/Async.tsx';
import { Breadcrumbs } from '../components/Breadcrumbs.tsx';
import { Money } from '../components/Money.tsx';
import { DataGrid } from '../grids/DataGrid.tsx';
import { OriginCompositionChart } from '../charts/origin-composition/OriginCompositionChart.tsx';
import { TraceTree } from '../trace/TraceTree.tsx';
import { postingColumns } from '../trace/posting-columns.ts';
import { formatCount, pickUnit } from '../format/money.format.ts';

export default function DocumentPage() {
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const year = useYear();
  const base = readDrill(search);
  const detail = useApi<DocumentDetailResponse>(apiPath(`/documents/${segment(id)}`));
  return (
    <div className="page" data-testid="document-page" data-doc={id}>
      <Async state={detail}>{(d) => <Detail d={d} ctx={{ ...base, year: base.year ?? year }} />}</Async>
    </div>
  );
}

function Detail({ d, ctx }: { d: DocumentDetailResponse; ctx: DrillContext }) {
  const doc = d.document;
  const region = ctx.region ?? doc.region_code;
  const here: DrillContext = {
    year: ctx.year ?? doc.budget_year,
    region,
    fund: ctx.fund === undefined ? doc.fund_code : ctx.fund,
    doc: doc.doc_id,
  };
  const tail = drillTrail({ year: here.year, region, fund: here.fund });
  const unit = pickUnit([doc.amount]);
  const columns = useMemo(
    () => postingColumns(pickUnit(d.postings.map((p) => Math.max(p.debit, p.credit)))),
    [d.postings],
  );
  const nodes = useMemo(() => [...d.ancestors, ...d.descendants], [d]);
  return (
    <>
      <Breadcrumbs year={here.year ?? doc.budget_year} region={region} tail={tail} current={doc.doc_no ?? doc.doc_id} />
      <h2>
        {doc.txn_code} {doc.txn_name} · {doc.doc_no ?? doc.doc_id}
      </h2>
      <dl className="facts">
        <dt>单据编号</dt>
        <dd>{doc.doc_id}</dd>
        <dt>区划</dt>
        <dd>
          <Link to={paths.region(doc.region_code, doc.budget_year)}>
            {doc.region_name} ({doc.region_code})
          </Link>
        </dd>
        <dt>年度 / 日期</dt>
        <dd>
          {doc.budget_year} / {doc.doc_date}
        </dd>
        <dt>资金</dt>
        <dd>{doc.fund_code ?? '—'}</dd>
        <dt>金额</dt>
        <dd>
          <Money fen={doc.amount} unit={unit} /> (有效 <Money fen={doc.effective} unit={unit} />, 已下拨{' '}
          <Money fen={doc.carved} unit={unit} />, 余额 <Money fen={doc.remaining} unit={unit} />)
        </dd>
        {doc.project_code ? (
          <>
            <dt>项目</dt>
            <dd>
              <Link to={paths.project(doc.project_code, here)}>{doc.project_name ?? doc.project_code}</Link>
            </dd>
          </>
        ) : null}
        {doc.target_region_code ? (
          <>
            <dt>接收区划</dt>
            <dd>
              <Link to={paths.region(doc.target_region_code, doc.budget_year)}>{doc.target_region_code}</Link>
            </dd>
          </>
        ) : null}
        <dt>科目</dt>
        <dd>
          {doc.func_subject ?? '—'} / {doc.econ_subject ?? '—'}
        </dd>
        <dt>摘要</dt>
        <dd>{doc.summary ?? '—'}</dd>
        <dt>发放明细</dt>
        <dd>
          {d.payments.rows > 0 ? (
            <Link to={paths.payments(here)} data-testid="document-payments">
              {formatCount(d.payments.rows)} 笔, 实发 <Money fen={d.payments.paid} unit="yuan" /> →
            </Link>
          ) : (
            '无'
          )}
        </dd>
      </dl>
      <div className="two">
        <section className="panel">
          <h3>资金来源</h3>
          <p className="muted" data-testid="document-origin">
            本单据资金源自{d.origin.map((o) => o.origin_kind).join('、')} (每张单据只有一个来源根单据)
          </p>
          <h3>
            {doc.region_name} · 资金 {doc.fund_code ?? '(未登记)'} · {doc.budget_year} 年来源构成 (中央/省/市/本级)
          </h3>
          <OriginCompositionChart rows={d.fund_origin} />
        </section>
        <section className="panel">
          <h3>追溯树</h3>
          <TraceTree
            nodes={nodes}
            current={doc.doc_id}
            ctx={{ year: here.year, region, fund: here.fund }}
            truncated={d.children_truncated}
            openDepth={8}
          />
        </section>
      </div>
      <section className="panel">
        <h3>记账分录</h3>
        <DataGrid<PostingRow>
          rows={d.postings}
          columns={columns}
          exportName={`分录-${doc.doc_id}`}
          testId="postings-grid"
          height={Math.min(360, 96 + d.postings.length * 42)}
          rowId={(p) => String(p.posting_id)}
        />
      </section>
    </>
  );
}
