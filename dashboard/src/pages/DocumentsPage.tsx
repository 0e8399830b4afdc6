/** 单据 list of a scope: filter by fund and 交易令, paged by the server; a row opens the document's trace. */
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { DocumentRow, DocumentsResponse } from '../../../server/api/api.types.ts';
import { apiPath, intParam, textParam } from '../api/query-string.builder.ts';
import { useApi } from '../api/use-api.hook.ts';
import { useYear } from '../app/use-year.hook.ts';
import { useSession } from '../session/session.context.ts';
import { paths, readDrill } from '../routes/app.routes.ts';
import { Async } from '../components/Async.tsx';
import { Breadcrumbs } from '../components/Breadcrumbs.tsx';
import { Money } from '../components/Money.tsx';
import { Pager } from '../components/Pager.tsx';
import { DataGrid } from '../grids/DataGrid.tsx';
import { documentColumns } from '../drill/drill-columns.ts';
import { TXN_CODES, TXN_NAMES } from '../signoff/signoff-form.validation.ts';
import { pickUnit } from '../format/money.format.ts';

const PAGE_SIZE = 200;

export default function DocumentsPage() {
  const { user } = useSession();
  const [search, setSearch] = useSearchParams();
  const year = useYear();
  const ctx = readDrill(search);
  const region = ctx.region ?? user.region_code;
  const txn = textParam(search, 'txn');
  const page = intParam(search, 'page') ?? 1;
  const docs = useApi<DocumentsResponse>(
    apiPath('/documents', { region, year, fund: ctx.fund === null ? '_' : ctx.fund, txn, page, page_size: PAGE_SIZE }),
  );
  const setTxn = (value: string): void => {
    const next = new URLSearchParams(search);
    if (value) next.set('txn', value);
    else next.delete('txn');
    next.delete('page');
    setSearch(next);
  };
  return (
    <div className="page" data-testid="documents-page">
      <Breadcrumbs year={year} region={region} tail={[]} current="单据" />
      <h2>单据 (文号)</h2>
      <div className="filters">
        <label>
          交易令
          <select value={txn ?? ''} onChange={(e) => setTxn(e.target.value)}>
            <option value="">全部</option>
            {TXN_CODES.map((t) => (
              <option key={t} value={t}>
                {t} {TXN_NAMES[t]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Async state={docs}>{(d) => <List data={d} page={page} ctx={{ year, region, fund: ctx.fund }} />}</Async>
    </div>
  );
}

function List({
  data,
  page,
  ctx,
}: {
  data: DocumentsResponse;
  page: number;
  ctx: { year: number; region: string; fund: string | null | undefined };
}) {
  const navigate = useNavigate();
  const unit = pickUnit(data.rows.map((r) => r.amount));
  const columns = useMemo(() => documentColumns(unit), [unit]);
  return (
    <section className="panel">
      <h3>
        有效金额合计 <Money fen={data.total_effective} unit={unit} />
      </h3>
      <Pager page={page} pageSize={PAGE_SIZE} total={data.total_rows} />
      <DataGrid<DocumentRow>
        rows={data.rows}
        columns={columns}
        onRowClick={(row) => navigate(paths.document(row.doc_id, ctx))}
        exportName={`单据-${ctx.region}-${ctx.year}-第${page}页`}
        rowId={(r) => r.doc_id}
      />
    </section>
  );
}
