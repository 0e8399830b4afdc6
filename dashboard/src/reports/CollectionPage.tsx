/**
 * One collection task: every region's status, the report (own or 汇总), filling the user's department's cells,
 * handing in the part, forwarding down, reviewing a lower region (通过 / 退回), Excel downloads (blank / filled).
 */
import { useState } from 'react';
import { useParams } from 'react-router';
import { apiSend, ApiError } from '../api/api.client.ts';
import { useApi } from '../api/use-api.hook.ts';
import type { TaskDetail, TaskReport } from '../../../server/api/reports.types.ts';
import { ReportGrid } from './ReportGrid.tsx';

export default function CollectionPage() {
  const { id = '' } = useParams();
  const detail = useApi<TaskDetail>(`/api/collections/${id}`);
  const [aggregate, setAggregate] = useState(true);
  const report = useApi<TaskReport>(`/api/collections/${id}/report?aggregate=${aggregate}`);
  const [department, setDepartment] = useState('');
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const [target, setTarget] = useState('');

  const act = async (path: string, body: unknown): Promise<void> => {
    setNote('');
    try {
      await apiSend('POST', `/api/collections/${id}/${path}`, body);
      setNote('已完成');
      detail.reload();
      report.reload();
    } catch (e) {
      if (e instanceof ApiError) setNote(e.message);
      else throw e;
    }
  };
  const dept = department || detail.data?.departments[0] || '';
  const fillCols =
    report.data?.report.columns.filter((c) => c.source === 'fill' && (c.department ?? '本单位') === dept) ?? [];
  const rows = report.data?.report.rows.filter((r) => r.kind === 'detail') ?? [];
  const divisor = report.data?.report.unit === '万元' ? 1e6 : 100;
  const shown = (v: string | number | null, format: string): string =>
    v === null ? '' : typeof v === 'number' && format === 'amount' ? String(v / divisor) : String(v);
  const save = (): Promise<void> =>
    act('cells', {
      department: dept,
      cells: Object.entries(edits).map(([k, v]) => {
        const [row_key = '', column_key = ''] = k.split('\u0000');
        const col = fillCols.find((c) => c.key === column_key);
        const n = Number(v);
        return {
          row_key,
          column_key,
          value: col?.format === 'amount' ? Math.round(n * (report.data?.report.unit === '万元' ? 1e6 : 100)) : n,
        };
      }),
    });

  return (
    <section className="page" data-testid="collection-page">
      <h2>{detail.data?.task.title ?? '采集任务'}</h2>
      <table>
        <thead>
          <tr>
            <th>区划</th>
            <th>状态</th>
            <th>分配自</th>
            <th>已提交部门</th>
            <th>转发</th>
          </tr>
        </thead>
        <tbody>
          {detail.data?.assignments.map((a) => (
            <tr key={a.region_code}>
              <td>
                {a.region_name} ({a.region_code})
              </td>
              <td>{a.status}</td>
              <td>{a.assigned_by_region}</td>
              <td>{a.departments_done.join('、')}</td>
              <td>{a.forwarded ? '是' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="filters">
        <label>
          <input type="checkbox" checked={aggregate} onChange={(e) => setAggregate(e.target.checked)} />{' '}
          汇总已通过的下级
        </label>
        <a href={`/api/collections/${id}/report?format=xlsx&blank=true`}>下载空表</a>
        <a href={`/api/collections/${id}/report?format=xlsx&aggregate=${aggregate}`}>下载已填报表</a>
        <input placeholder="区划代码" value={target} onChange={(e) => setTarget(e.target.value)} size={10} />
        <button
          type="button"
          onClick={() => void act('forward', { regions: target.split(/[,，\s]+/).filter(Boolean) })}
        >
          转发
        </button>
        <button type="button" onClick={() => void act('review', { region: target, decision: '通过' })}>
          审核通过
        </button>
        <button
          type="button"
          onClick={() =>
            void act('review', { region: target, decision: '退回', comment: window.prompt('退回理由') ?? '' })
          }
        >
          退回
        </button>
        {note && <span>{note}</span>}
      </div>
      {report.data && <ReportGrid report={report.data.report} height={360} />}
      <h3>填报</h3>
      <div className="filters">
        <select value={dept} onChange={(e) => setDepartment(e.target.value)}>
          {detail.data?.departments.map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
        <button type="button" onClick={() => void save()}>
          保存
        </button>
        <button type="button" onClick={() => void act('submit', { department: dept })}>
          提交本部门
        </button>
      </div>
      <table>
        <thead>
          <tr>
            <th>行</th>
            {fillCols.map((c) => (
              <th key={c.key}>{c.header.join('·')}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>{r.label}</td>
              {fillCols.map((c) => (
                <td key={c.key}>
                  <input
                    size={8}
                    defaultValue={shown(r.values[c.key] ?? null, c.format)}
                    onChange={(e) => setEdits((x) => ({ ...x, [`${r.key}\u0000${c.key}`]: e.target.value }))}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
