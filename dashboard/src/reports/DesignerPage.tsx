/**
 * 报表设计 (报表分析岗, 管理员): pick a template to start from, add dimensions, measures (with their 总台账 口径),
 * filters and formulas to the YAML text, preview it live against the warehouse (with its check against the
 * 总台账), see validation errors with their paths, and save it as a new version.
 */
import { useEffect, useState } from 'react';
import { apiGet, apiSend, ApiError } from '../api/api.client.ts';
import { useApi } from '../api/use-api.hook.ts';
import { useSession } from '../session/session.context.ts';
import { useYear } from '../app/use-year.hook.ts';
import type { ReportAnswer, TemplateVersion } from '../../../server/api/reports.types.ts';
import { ReportGrid } from './ReportGrid.tsx';

interface Catalogue {
  dimensions: { key: string; label: string }[];
  facts: {
    key: string;
    label: string;
    dimensions: string[];
    measures: { ref: string; label: string; ledger: string }[];
  }[];
}
interface TemplateList {
  standard: { template_id: string; title: string }[];
  saved: TemplateVersion[];
}

export default function DesignerPage() {
  const { user } = useSession();
  const year = useYear();
  const catalogue = useApi<Catalogue>('/api/reports/catalogue');
  const list = useApi<TemplateList>('/api/reports/templates');
  const [text, setText] = useState('');
  const [region, setRegion] = useState(user.region_code);
  const [answer, setAnswer] = useState<ReportAnswer | null>(null);
  const [issues, setIssues] = useState<{ path: string; message: string }[]>([]);
  const [message, setMessage] = useState('');
  const [base, setBase] = useState('allocation-progress');

  useEffect(() => {
    void apiGet<{ text: string }>(`/api/reports/templates/${base}`).then((t) => setText(t.text));
  }, [base]);

  const run = async (save: boolean): Promise<void> => {
    setIssues([]);
    setMessage('');
    try {
      if (save) {
        const v = await apiSend<TemplateVersion>('POST', '/api/reports/templates', { text });
        setMessage(`已保存 ${v.template_id} 第 ${v.version} 版`);
        list.reload();
      }
      setAnswer(await apiSend<ReportAnswer>('POST', '/api/reports/preview', { text, region, year }));
    } catch (e) {
      if (e instanceof ApiError) {
        setIssues(e.issues.length > 0 ? e.issues : [{ path: '', message: e.message }]);
      } else throw e;
    }
  };
  const addColumn = (ref: string, label: string): void => {
    const key = ref.split('.')[1]!.slice(0, 30);
    setText(
      (t) => `${t.trimEnd()}\n  - { key: ${key}, header: [${label.replace(/[:,[\]{}]/g, ' ')}], measure: ${ref} }\n`,
    );
  };

  return (
    <section className="page" data-testid="designer-page">
      <h2>报表设计</h2>
      <div className="filters">
        <label>
          从模板开始
          <select value={base} onChange={(e) => setBase(e.target.value)}>
            {[...(list.data?.standard ?? []), ...(list.data?.saved ?? [])].map((t) => (
              <option key={`${t.template_id}-${'version' in t ? t.version : 0}`} value={t.template_id}>
                {t.title} {'version' in t ? `(第 ${t.version} 版)` : '(标准)'}
              </option>
            ))}
          </select>
        </label>
        <label>
          预览区划
          <input value={region} onChange={(e) => setRegion(e.target.value)} size={8} />
        </label>
        <button type="button" onClick={() => void run(false)}>
          预览
        </button>
        <button type="button" onClick={() => void run(true)}>
          保存新版本
        </button>
        {message && <span>{message}</span>}
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 12 }}>
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={24}
          spellCheck={false}
          style={{ fontFamily: 'monospace', width: '100%' }}
          data-testid="designer-text"
        />
        <div style={{ maxHeight: 480, overflow: 'auto' }}>
          <p className="muted">
            维度 (rows.dimension): {catalogue.data?.dimensions.map((d) => `${d.key} ${d.label}`).join('、')}
          </p>
          {catalogue.data?.facts.map((f) => (
            <details key={f.key}>
              <summary>
                {f.label} (可按: {f.dimensions.join(', ')})
              </summary>
              <ul>
                {f.measures.map((m) => (
                  <li key={m.ref}>
                    <button type="button" className="link" onClick={() => addColumn(m.ref, m.label)}>
                      + {m.label}
                    </button>{' '}
                    <code>{m.ref}</code> <span className="muted">{m.ledger}</span>
                  </li>
                ))}
              </ul>
            </details>
          ))}
          <p className="muted">公式列: {'{ key: rate, header: 进度, formula: paid / available, format: percent }'}</p>
        </div>
      </div>
      {issues.length > 0 && (
        <ul className="error" data-testid="designer-issues">
          {issues.map((i) => (
            <li key={`${i.path}-${i.message}`}>
              <code>{i.path || '(模板)'}</code>: {i.message}
            </li>
          ))}
        </ul>
      )}
      {answer && (
        <>
          <ReportGrid report={answer.report} />
          <h4>与总台账核对</h4>
          <ul>
            {answer.ledger_check.map((l) => (
              <li key={l.columns.join('+')}>
                {l.columns.join('+')} · {l.mapping} ·{' '}
                {l.agrees ? '一致' : `不一致 (报表 ${l.report} 分, 总台账 ${l.ledger} 分)`}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
