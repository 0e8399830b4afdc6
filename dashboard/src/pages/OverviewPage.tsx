/**
 * 总览: 下达, 资金规模, 已分配, 已支付, 分配进度, 支出进度; the Sankey of the flow; progress by child region;
 * the monthly trend of payments; open alerts by level. Every figure and every bar opens the rows behind it.
 */
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { OverviewResponse, SankeyResponse } from '../../../server/api/api.types.ts';
import { apiPath, textParam } from '../api/query-string.builder.ts';
import { useApi } from '../api/use-api.hook.ts';
import { useYear } from '../app/use-year.hook.ts';
import { useSession } from '../session/session.context.ts';
import { paths } from '../routes/app.routes.ts';
import { Async } from '../components/Async.tsx';
import { FigureCard } from '../components/FigureCard.tsx';
import { Money } from '../components/Money.tsx';
import { formatPercent, pickUnit } from '../format/money.format.ts';
import { SankeyChart } from '../charts/sankey/SankeyChart.tsx';
import { sankeyNodeRegion } from '../charts/sankey/sankey.options.ts';
import { RegionProgressChart } from '../charts/region-progress/RegionProgressChart.tsx';
import { MonthlyTrendChart } from '../charts/monthly-trend/MonthlyTrendChart.tsx';
import { AlertsByLevelChart } from '../charts/alerts-by-level/AlertsByLevelChart.tsx';

export function OverviewPage() {
  const { user } = useSession();
  const [search] = useSearchParams();
  const year = useYear();
  const region = textParam(search, 'region') ?? user.region_code;
  const overview = useApi<OverviewResponse>(apiPath('/overview', { year, region }));
  const sankey = useApi<SankeyResponse>(apiPath('/sankey', { year, region }));

  return (
    <div className="page" data-testid="overview">
      <Async state={overview}>{(o) => <OverviewBody o={o} sankey={sankey.data} sankeyError={sankey.error} />}</Async>
    </div>
  );
}

function OverviewBody({
  o,
  sankey,
  sankeyError,
}: {
  o: OverviewResponse;
  sankey: SankeyResponse | undefined;
  sankeyError: Error | undefined;
}) {
  const navigate = useNavigate();
  const year = o.year;
  const code = o.region.code;
  const unit = useMemo(() => pickUnit([o.figures.funds, o.consolidated.from_outside]), [o]);
  const received = [
    ['中央下达', o.received.central],
    ['省级下达', o.received.province],
    ['市级下达', o.received.city],
    ['县级下达', o.received.county],
    ['横向转入', o.received.lateral],
  ] as const;

  return (
    <>
      <h2>
        {o.region.name} · {year} 年度总览
      </h2>
      <div className="cards">
        <FigureCard
          label="下达 (来自上级与横向)"
          value={<Money fen={o.consolidated.from_outside} unit={unit} />}
          to={paths.region(code, year)}
          testId="card-from-outside"
        />
        <FigureCard
          label="资金规模"
          value={<Money fen={o.figures.funds} unit={unit} testId="overview-funds" />}
          to={paths.region(code, year)}
          testId="card-funds"
        />
        <FigureCard
          label="已分配"
          value={<Money fen={o.figures.allocated} unit={unit} />}
          to={paths.projects({ region: code, year })}
          testId="card-allocated"
        />
        <FigureCard
          label="已支付"
          value={<Money fen={o.figures.paid} unit={unit} />}
          to={paths.payments({ region: code, year })}
          testId="card-paid"
        />
        <FigureCard
          label="分配进度"
          value={formatPercent(o.figures.allocation_progress)}
          to={paths.region(code, year)}
          note="已分配 ÷ 资金规模"
        />
        <FigureCard
          label="支出进度"
          value={formatPercent(o.figures.spending_progress)}
          to={paths.region(code, year)}
          note="已支付 ÷ 资金规模"
        />
      </div>
      <div className="received">
        {received.map(([label, fen]) => (
          <span key={label}>
            {label} <Money fen={fen} unit={unit} />
          </span>
        ))}
        <span>
          在途 <Money fen={o.consolidated.in_transit} unit={unit} />
        </span>
      </div>
      <section className="panel">
        <h3>资金流向 (中央 → 省 → 市 → 县 → 项目)</h3>
        {sankeyError ? <div className="error-box">{sankeyError.message}</div> : null}
        {sankey ? (
          <SankeyChart
            data={sankey}
            onNode={(name) => {
              const region = sankeyNodeRegion(name, sankey.nodes);
              void navigate(region ? paths.region(region, year) : paths.projects({ region: code, year }));
            }}
          />
        ) : null}
      </section>
      <div className="two">
        <section className="panel">
          <h3>下级区划进度</h3>
          <RegionProgressChart rows={o.children} onOpen={(row) => navigate(paths.region(row.region.code, year))} />
        </section>
        <section className="panel">
          <h3>月度支付趋势</h3>
          <MonthlyTrendChart
            rows={o.monthly}
            onOpen={(month) => navigate(paths.payments({ region: code, year, month }))}
          />
        </section>
      </div>
      <section className="panel">
        <h3>未处理预警</h3>
        <AlertsByLevelChart
          alerts={o.alerts}
          onOpen={(level) => navigate(paths.alerts({ level, region: code, status: '待核实,已说明' }))}
        />
      </section>
    </>
  );
}
