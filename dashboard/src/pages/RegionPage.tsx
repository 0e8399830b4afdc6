/**
 * Drill, one region: its child regions and its own level (本级) with the additive figures, the check that they
 * add up to the region's total, their progress, and the region's funds. A child opens its own page; a fund opens
 * its documents and trace.
 */
import { useMemo } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { DrillRegionRow, RegionChildrenResponse, RegionFundsResponse } from '../../../server/api/api.types.ts';
import { apiPath, segment } from '../api/query-string.builder.ts';
import { useApi } from '../api/use-api.hook.ts';
import { useYear } from '../app/use-year.hook.ts';
import { paths } from '../routes/app.routes.ts';
import { Async } from '../components/Async.tsx';
import { Breadcrumbs } from '../components/Breadcrumbs.tsx';
import { AdditiveBadge } from '../components/AdditiveBadge.tsx';
import { FigureCard } from '../components/FigureCard.tsx';
import { Money } from '../components/Money.tsx';
import { DataGrid } from '../grids/DataGrid.tsx';
import { RegionProgressChart } from '../charts/region-progress/RegionProgressChart.tsx';
import { fundColumns, regionColumns, type FundRow } from '../drill/drill-columns.ts';
import { formatPercent, pickUnit } from '../format/money.format.ts';

export default function RegionPage() {
  const { code = '' } = useParams();
  const year = useYear();
  const children = useApi<RegionChildrenResponse>(apiPath(`/regions/${segment(code)}/children`, { year }));
  const funds = useApi<RegionFundsResponse>(apiPath(`/regions/${segment(code)}/funds`, { year }));
  return (
    <div className="page" data-testid="region-page" data-region={code}>
      <Async state={children}>{(c) => <Children data={c} />}</Async>
      <Async state={funds}>{(f) => <Funds data={f} />}</Async>
    </div>
  );
}

function Children({ data }: { data: RegionChildrenResponse }) {
  const navigate = useNavigate();
  const { total, rows, region, year } = data;
  const unit = pickUnit([total.funds]);
  const columns = useMemo(() => regionColumns(unit), [unit]);
  const open = (row: DrillRegionRow): void => {
    if (!row.is_own && row.region.code !== region.code) navigate(paths.region(row.region.code, year));
  };
  return (
    <>
      <Breadcrumbs year={year} path={data.path.filter((r) => r.code !== region.code)} current={region.name} />
      <h2>
        {region.name} · {year} 年度
      </h2>
      <div className="cards">
        <FigureCard label="资金规模" value={<Money fen={total.funds} unit={unit} testId="total-funds" />} />
        <FigureCard
          label="已分配"
          value={<Money fen={total.allocated} unit={unit} testId="total-allocated" />}
          to={paths.projects({ region: region.code, year })}
        />
        <FigureCard
          label="已支付"
          value={<Money fen={total.paid} unit={unit} testId="total-paid" />}
          to={paths.payments({ region: region.code, year })}
        />
        <FigureCard label="未分配" value={<Money fen={total.undistributed} unit={unit} />} />
        <FigureCard label="分配进度" value={formatPercent(total.allocation_progress)} />
        <FigureCard label="支出进度" value={formatPercent(total.spending_progress)} />
      </div>
      <section className="panel">
        <h3>
          下级区划与本级 <AdditiveBadge total={total} rows={rows} />
        </h3>
        <DataGrid<DrillRegionRow>
          rows={rows}
          columns={columns}
          totalRow={{ ...total, region: { code: '', name: '合计', level: '' }, is_own: false }}
          onRowClick={open}
          exportName={`下级区划-${region.code}-${year}`}
          testId="children-grid"
          rowId={(r) => `${r.region.code}${r.is_own ? '-own' : ''}`}
          height={Math.min(480, 96 + rows.length * 42)}
        />
      </section>
      {rows.length > 1 ? (
        <section className="panel">
          <h3>分配与支出进度</h3>
          <RegionProgressChart rows={rows} onOpen={open} />
        </section>
      ) : null}
    </>
  );
}

function Funds({ data }: { data: RegionFundsResponse }) {
  const navigate = useNavigate();
  const unit = pickUnit([data.total.funds]);
  const columns = useMemo(() => fundColumns(unit), [unit]);
  const total: FundRow = { ...data.total, fund_code: null, fund_name: '合计' };
  return (
    <section className="panel">
      <h3>
        按专项资金 (含下级) <AdditiveBadge total={data.total} rows={data.rows} what="各项资金合计" />
      </h3>
      <DataGrid<FundRow>
        rows={data.rows}
        columns={columns}
        totalRow={total}
        onRowClick={(row) => navigate(paths.fund(data.region.code, row.fund_code, data.year))}
        exportName={`专项资金-${data.region.code}-${data.year}`}
        testId="funds-grid"
        rowId={(r) => r.fund_code ?? '_'}
        height={Math.min(420, 96 + data.rows.length * 42)}
      />
    </section>
  );
}
