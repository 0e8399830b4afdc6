/** 采集任务: the tasks the user's region issued or received, and issuing a new one to regions below. */
import { useState } from 'react';
import { Link } from 'react-router';
import { apiSend, ApiError } from '../api/api.client.ts';
import { useApi } from '../api/use-api.hook.ts';
import { useYear } from '../app/use-year.hook.ts';
import type { TaskDetail, TaskSummary } from '../../../server/api/reports.types.ts';

export default function CollectionsPage() {
  const year = useYear();
  const tasks = useApi<{ rows: TaskSummary[] }>('/api/collections');
  const [title, setTitle] = useState(`${year}年扶贫项目实施进度采集`);
  const [template, setTemplate] = useState('project-collection');
  const [regions, setRegions] = useState('');
  const [error, setError] = useState('');

  const issue = async (): Promise<void> => {
    setError('');
    try {
      const list = regions.split(/[,，\s]+/).filter(Boolean);
      await apiSend<TaskDetail>('POST', '/api/collections', { title, template, year, regions: list });
      tasks.reload();
    } catch (e) {
      if (e instanceof ApiError) setError(e.message);
      else throw e;
    }
  };

  return (
    <section className="page" data-testid="collections-page">
      <h2>采集任务</h2>
      <table>
        <thead>
          <tr>
            <th>任务</th>
            <th>模板</th>
            <th>年度</th>
            <th>下发区划</th>
            <th>下发时间</th>
          </tr>
        </thead>
        <tbody>
          {tasks.data?.rows.map((t) => (
            <tr key={t.task_id}>
              <td>
                <Link to={`/collections/${t.task_id}`}>{t.title}</Link>
              </td>
              <td>{t.template_id}</td>
              <td>{t.budget_year}</td>
              <td>{t.issuer_region}</td>
              <td>{t.issued_at}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>下发新任务</h3>
      <div className="filters">
        <input value={title} onChange={(e) => setTitle(e.target.value)} size={30} />
        <input value={template} onChange={(e) => setTemplate(e.target.value)} size={20} />
        <input placeholder="下级区划代码, 逗号分隔" value={regions} onChange={(e) => setRegions(e.target.value)} />
        <button type="button" onClick={() => void issue()}>
          下发
        </button>
        {error && <span className="error">{error}</span>}
      </div>
    </section>
  );
}
