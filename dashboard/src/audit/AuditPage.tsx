/**
 * 专员办审计: start an audit package of a region and budget year (an asynchronous job on the server: counted
 * first, then written with progress), download its files when done, and read the access log.
 */
import { useEffect, useState } from 'react';
import type { AccessLogResponse, AuditJob, AuditJobsResponse } from '../../../server/api/api.types.ts';
import { apiGet, apiSend } from '../api/api.client.ts';
import { useApi } from '../api/use-api.hook.ts';
import { useYear } from '../app/use-year.hook.ts';
import { useSession } from '../session/session.context.ts';
import { Async } from '../components/Async.tsx';
import { JOB_STATUS_NAMES, canAudit, fileUrl, jobPercent, sizeText } from './audit-job.format.ts';

const ACTION_NAMES = { export: '导出', download: '下载', unmasked_view: '未脱敏查看' } as const;

function JobView({ job }: { job: AuditJob }) {
  return (
    <section className="panel" data-testid="audit-job">
      <h3>
        {job.region_name} ({job.region_code}) {job.budget_year} 年度 · {JOB_STATUS_NAMES[job.status]}
      </h3>
      {(job.status === 'counting' || job.status === 'writing') && (
        <p>
          <progress max={100} value={jobPercent(job)} /> {jobPercent(job)}% · {job.rows_done}/{job.rows_total} 行
          {job.current ? ` · 正在写出 ${job.current}` : ''}
        </p>
      )}
      {job.error && <p className="error">{job.error}</p>}
      {job.tables.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>表</th>
              <th>行数</th>
            </tr>
          </thead>
          <tbody>
            {job.tables.map((t) => (
              <tr key={t.name}>
                <td>
                  {t.title} ({t.name})
                </td>
                <td>{t.rows.toLocaleString('zh-CN')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {job.status === 'done' && (
        <>
          <p className="muted">序时账链头: {job.head_hash}</p>
          <ul>
            <li>
              <a href={fileUrl(job.id, 'manifest.json')} download>
                manifest.json
              </a>
            </li>
            {job.files.map((f) => (
              <li key={f.path}>
                <a href={fileUrl(job.id, f.path)} download>
                  {f.path}
                </a>{' '}
                <span className="muted">{sizeText(f.bytes)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function AccessLog() {
  const log = useApi<AccessLogResponse>('/api/audit/access-log?page_size=50');
  return (
    <section className="panel">
      <h3>访问日志 (最近 50 条)</h3>
      <Async state={log}>
        {(data) => (
          <table data-testid="access-log">
            <thead>
              <tr>
                <th>时间 (UTC)</th>
                <th>用户</th>
                <th>动作</th>
                <th>对象</th>
                <th>区划</th>
                <th>行数</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.log_id}>
                  <td>{r.logged_at}</td>
                  <td>{r.username}</td>
                  <td>{ACTION_NAMES[r.action]}</td>
                  <td>{r.target}</td>
                  <td>{r.region_code ?? '全部'}</td>
                  <td>{r.row_count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Async>
    </section>
  );
}

export default function AuditPage() {
  const { user } = useSession();
  const year = useYear();
  const [region, setRegion] = useState(user.region_code);
  const [job, setJob] = useState<AuditJob | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    void apiGet<AuditJobsResponse>('/api/audit/exports').then((r) => setJob(r.rows.at(-1)));
  }, []);
  useEffect(() => {
    if (!job || job.status === 'done' || job.status === 'failed' || job.status === 'expired') return;
    const timer = setTimeout(() => {
      apiGet<AuditJob>(`/api/audit/exports/${job.id}`).then(setJob, (e: unknown) => setError(String(e)));
    }, 1000);
    return () => clearTimeout(timer);
  }, [job]);

  if (!canAudit(user.role)) return <p className="page">只有管理员和专员办审计可以导出审计数据包。</p>;
  const start = (): void => {
    setError(undefined);
    apiSend<AuditJob>('POST', '/api/audit/exports', { region, year: Number(year) }).then(setJob, (e: unknown) =>
      setError(e instanceof Error ? e.message : String(e)),
    );
  };
  const busy = job !== undefined && (job.status === 'counting' || job.status === 'writing');
  return (
    <div className="page" data-testid="audit-page">
      <h2>专员办审计数据包</h2>
      <div className="filters">
        <label>
          区划代码 <input value={region} onChange={(e) => setRegion(e.target.value.trim())} name="region" />
        </label>
        <span>预算年度 {year}</span>
        <button type="button" onClick={start} disabled={busy}>
          生成数据包
        </button>
      </div>
      <p className="muted">
        序时账、总台账、追溯、咬合、告警及处理记录、发放明细、人员、账户、项目库; 每表 CSV、XLSX、Parquet, 附数据字典和
        manifest.json (文件哈希、行数、链头)。身份证号和账号未脱敏, 导出和下载均记入访问日志。
      </p>
      {error && <p className="error">{error}</p>}
      {job && <JobView job={job} />}
      <AccessLog />
    </div>
  );
}
