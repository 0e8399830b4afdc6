/** 预警 list of the user's scope: by level, rule, status and region (all in the URL), paged by the server. */
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { AlertRow, AlertsResponse } from '../../../server/api/api.types.ts';
import { apiPath, intParam, textParam } from '../api/query-string.builder.ts';
import { useApi } from '../api/use-api.hook.ts';
import { useSession } from '../session/session.context.ts';
import { paths } from '../routes/app.routes.ts';
import { Async } from '../components/Async.tsx';
import { Breadcrumbs } from '../components/Breadcrumbs.tsx';
import { Pager } from '../components/Pager.tsx';
import { DataGrid } from '../grids/DataGrid.tsx';
import { ALERT_STATUSES, alertColumns } from '../drill/alert-columns.ts';
import { ALERT_LEVELS, ALERT_LEVEL_NAMES } from '../charts/chart-palette.ts';
import { useYear } from '../app/use-year.hook.ts';

const PAGE_SIZE = 200;

export default function AlertsPage() {
  const { user } = useSession();
  const year = useYear();
  const [search, setSearch] = useSearchParams();
  const level = textParam(search, 'level');
  const status = textParam(search, 'status');
  const rule = textParam(search, 'rule');
  const region = textParam(search, 'region') ?? user.region_code;
  const page = intParam(search, 'page') ?? 1;
  const list = useApi<AlertsResponse>(apiPath('/alerts', { level, rule, status, region, page, page_size: PAGE_SIZE }));
  const columns = useMemo(() => alertColumns(), []);
  const navigate = useNavigate();
  const set = (key: string, value: string): void => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('page');
    setSearch(next);
  };
  return (
    <div className="page" data-testid="alerts-page">
      <Breadcrumbs year={year} region={region} current="预警" />
      <h2>预警</h2>
      <div className="filters">
        <label>
          级别
          <select value={level ?? ''} onChange={(e) => set('level', e.target.value)}>
            <option value="">全部</option>
            {ALERT_LEVELS.map((l) => (
              <option key={l} value={l}>
                {ALERT_LEVEL_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <label>
          状态
          <select value={status ?? ''} onChange={(e) => set('status', e.target.value)}>
            <option value="">全部</option>
            <option value="待核实,已说明">未处理 (待核实、已说明)</option>
            {ALERT_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          规则
          <input
            defaultValue={rule ?? ''}
            placeholder="如 P02"
            size={6}
            onBlur={(e) => set('rule', e.target.value.trim().toUpperCase())}
          />
        </label>
      </div>
      <Async state={list}>
        {(l) => (
          <section className="panel">
            <Pager page={page} pageSize={PAGE_SIZE} total={l.total_rows} />
            <DataGrid<AlertRow>
              rows={l.rows}
              columns={columns}
              onRowClick={(row) => navigate(paths.alert(row.alert_id))}
              exportName={`预警-${region}`}
              testId="alerts-grid"
              rowId={(r) => String(r.alert_id)}
              height={600}
            />
          </section>
        )}
      </Async>
    </div>
  );
}
