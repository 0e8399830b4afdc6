/** 资金在途: transfers (T05/T06) not yet imported in full, by receiving region, with their age in days. */
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { ColDef } from 'ag-grid-community';
import type { InterlockResponse, InterlockRow } from '../../../server/api/api.types.ts';
import { apiPath, textParam } from '../api/query-string.builder.ts';
import { useApi } from '../api/use-api.hook.ts';
import { useYear } from '../app/use-year.hook.ts';
import { useSession } from '../session/session.context.ts';
import { paths } from '../routes/app.routes.ts';
import { Async } from '../components/Async.tsx';
import { Breadcrumbs } from '../components/Breadcrumbs.tsx';
import { Money } from '../components/Money.tsx';
import { DataGrid } from '../grids/DataGrid.tsx';
import { moneyColumn, textColumn } from '../grids/grid-columns.ts';
import { InterlockAgeChart } from '../charts/interlock-age/InterlockAgeChart.tsx';
import { pickUnit, type MoneyUnit } from '../format/money.format.ts';

const STATUSES = ['未接收', '部分接收', '全部接收'];

function columns(unit: MoneyUnit): ColDef<InterlockRow>[] {
  return [
    textColumn<InterlockRow>('doc_no', '文号', { width: 190, valueFormatter: (p) => p.value ?? p.data?.doc_id ?? '' }),
    textColumn<InterlockRow>('from_region_name', '下达区划', { width: 120 }),
    textColumn<InterlockRow>('to_region_name', '接收区划', { width: 120 }),
    textColumn<InterlockRow>('fund_code', '资金', { width: 90 }),
    moneyColumn<InterlockRow>('issued', '下达', unit),
    moneyColumn<InterlockRow>('imported', '已接收', unit),
    moneyColumn<InterlockRow>('in_transit', '在途', unit),
    textColumn<InterlockRow>('issued_date', '下达日期', { width: 110 }),
    textColumn<InterlockRow>('first_import_date', '首次接收', { width: 110 }),
    {
      field: 'days_in_transit',
      headerName: '在途天数',
      width: 100,
      type: 'rightAligned',
      filter: 'agNumberColumnFilter',
      sort: 'desc',
    },
    textColumn<InterlockRow>('status', '状态', { width: 100 }),
  ];
}

export default function InterlockPage() {
  const { user } = useSession();
  const [search, setSearch] = useSearchParams();
  const year = useYear();
  const region = textParam(search, 'region') ?? user.region_code;
  const status = textParam(search, 'status');
  const data = useApi<InterlockResponse>(apiPath('/interlock', { region, year, status }));
  const setStatus = (value: string): void => {
    const next = new URLSearchParams(search);
    if (value) next.set('status', value);
    else next.delete('status');
    setSearch(next);
  };
  return (
    <div className="page" data-testid="interlock-page">
      <Breadcrumbs year={year} region={region} current="资金在途" />
      <h2>资金在途 (上下级、横向转移的接收情况)</h2>
      <div className="filters">
        <label>
          状态
          <select value={status ?? ''} onChange={(e) => setStatus(e.target.value)}>
            <option value="">全部</option>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </div>
      <Async state={data}>{(d) => <Body d={d} year={year} region={region} />}</Async>
    </div>
  );
}

function Body({ d, year, region }: { d: InterlockResponse; year: number; region: string }) {
  const navigate = useNavigate();
  const unit = pickUnit(d.rows.map((r) => r.issued));
  const cols = useMemo(() => columns(unit), [unit]);
  const inTransit = d.by_region.reduce((s, r) => s + r.in_transit, 0);
  return (
    <>
      <p>
        截至 {d.as_of ?? '—'}, 在途合计 <Money fen={inTransit} /> , {d.total_rows} 笔转移
      </p>
      <section className="panel">
        <h3>按接收区划</h3>
        <InterlockAgeChart rows={d.by_region} onOpen={(code) => navigate(paths.interlock({ region: code, year }))} />
      </section>
      <section className="panel">
        <DataGrid<InterlockRow>
          rows={d.rows}
          columns={cols}
          onRowClick={(row) => navigate(paths.document(row.doc_id, { year, region }))}
          exportName={`资金在途-${region}-${year}`}
          testId="interlock-grid"
          rowId={(r) => r.doc_id}
        />
      </section>
    </>
  );
}
