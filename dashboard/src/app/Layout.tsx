/** The frame of every signed-in page: navigation, the budget year (kept in the URL), the user and sign-out. */
import { NavLink, Outlet, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../session/session.context.ts';
import { paths } from '../routes/app.routes.ts';
import { useYear } from './use-year.hook.ts';
import { canAudit } from '../audit/audit-job.format.ts';

export function Layout() {
  const { user, years, signOut } = useSession();
  const year = useYear();
  const [search] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();

  const changeYear = (value: string): void => {
    const next = new URLSearchParams(search);
    next.set('year', value);
    navigate(`${location.pathname}?${next.toString()}`);
  };

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">Fundtrail 财政扶贫资金动态监控</div>
        <nav>
          <NavLink to={paths.overview({ year })} end>
            总览
          </NavLink>
          <NavLink to={paths.region(user.region_code, year)}>区划钻取</NavLink>
          <NavLink to={paths.projects({ year })}>项目库</NavLink>
          <NavLink to={paths.interlock({ year })}>资金在途</NavLink>
          <NavLink to={paths.signoffs()}>签报</NavLink>
          <NavLink to={paths.alerts()}>预警</NavLink>
          <NavLink to={`/reports/designer?year=${year}`}>报表设计</NavLink>
          <NavLink to={`/collections?year=${year}`}>采集任务</NavLink>
          {canAudit(user.role) && <NavLink to={`/audit?year=${year}`}>审计</NavLink>}
        </nav>
        <label className="year">
          预算年度
          <select value={year} onChange={(e) => changeYear(e.target.value)} data-testid="year-select">
            {years.years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <div className="user" data-testid="user">
          {user.display_name} · {user.role_name} · {user.region_name}
          <button type="button" className="link" onClick={() => void signOut()}>
            退出
          </button>
        </div>
      </header>
      <main>
        <Outlet />
      </main>
      <footer className="muted">数据截至 {years.as_of ?? '—'} · 金额单位见各处标注</footer>
    </div>
  );
}
