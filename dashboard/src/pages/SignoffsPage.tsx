/** 签报 list: every sign-off the user may see, by status; 指标录入岗 starts a new one here. */
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { SignoffStatus, SignoffsResponse } from '../../../server/api/api.types.ts';
import { apiPath, textParam } from '../api/query-string.builder.ts';
import { useApi } from '../api/use-api.hook.ts';
import { useSession } from '../session/session.context.ts';
import { canCreateSignoff } from '../session/role-permissions.ts';
import { paths } from '../routes/app.routes.ts';
import { Async } from '../components/Async.tsx';
import { Money } from '../components/Money.tsx';

const STATUS_NAMES: Record<SignoffStatus, string> = {
  draft: '已录入',
  reviewed: '已审核',
  issued: '已签发',
  returned: '已退回',
  rejected: '记账被拒',
};

export default function SignoffsPage() {
  const { user } = useSession();
  const [search, setSearch] = useSearchParams();
  const status = textParam(search, 'status');
  const list = useApi<SignoffsResponse>(apiPath('/signoffs', { status }));
  const navigate = useNavigate();
  return (
    <div className="page" data-testid="signoffs-page">
      <h2>签报 (录入 → 审核 → 签发)</h2>
      <div className="filters">
        <label>
          状态
          <select
            value={status ?? ''}
            onChange={(e) =>
              setSearch(e.target.value ? new URLSearchParams({ status: e.target.value }) : new URLSearchParams())
            }
          >
            <option value="">全部</option>
            {(Object.keys(STATUS_NAMES) as SignoffStatus[]).map((s) => (
              <option key={s} value={s}>
                {STATUS_NAMES[s]}
              </option>
            ))}
          </select>
        </label>
        {canCreateSignoff(user.role) ? (
          <Link className="button primary" to={paths.newSignoff()} data-testid="new-signoff">
            新建签报
          </Link>
        ) : null}
      </div>
      <Async state={list}>
        {(l) =>
          l.rows.length === 0 ? (
            <p className="muted">没有签报</p>
          ) : (
            <table className="plain rows">
              <thead>
                <tr>
                  <th>编号</th>
                  <th>状态</th>
                  <th>单据</th>
                  <th>交易令</th>
                  <th>区划</th>
                  <th className="num">金额</th>
                  <th>录入</th>
                </tr>
              </thead>
              <tbody>
                {l.rows.map((s) => (
                  <tr
                    key={s.signoff_id}
                    className="clickable"
                    onClick={() => navigate(paths.signoff(s.signoff_id))}
                    data-signoff={s.signoff_id}
                  >
                    <td>
                      <Link to={paths.signoff(s.signoff_id)}>#{s.signoff_id}</Link>
                    </td>
                    <td>
                      <span className={`status ${s.status}`}>{s.status_name}</span>
                    </td>
                    <td>{s.document.doc_no ?? s.document.doc_id}</td>
                    <td>{s.document.txn_code}</td>
                    <td>{s.document.region_code}</td>
                    <td className="num">
                      <Money fen={s.document.amount} />
                    </td>
                    <td>
                      {s.created_by} · {s.created_at.slice(0, 16).replace('T', ' ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Async>
    </div>
  );
}
