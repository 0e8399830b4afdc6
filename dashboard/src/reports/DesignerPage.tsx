/**
 * 报表设计 (报表分析岗, 管理员): start from a template, edit it in the form (rows and levels, measure columns with
 * filters, formula columns, order) or as YAML — the text is the source of truth, the form reads and rewrites it —
 * with a live preview on the warehouse (and its check against the 总台账), validation errors beside the field
 * whose path they name and all in a list, and saving as a new version.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { apiGet, apiSend, ApiError } from '../api/api.client.ts';
import { useApi } from '../api/use-api.hook.ts';
import { useSession } from '../session/session.context.ts';
import { useYear } from '../app/use-year.hook.ts';
import type { ReportAnswer, TemplateVersion } from '../../../server/api/reports.types.ts';
import type { Catalogue } from './filter-values.probe.ts';
import type { DraftEdit, PathIssue } from './template-draft.editor.ts';
import { editText, readDraft } from './template-yaml.codec.ts';
import { DesignerForm } from './DesignerForm.tsx';
import { PreviewPanel } from './PreviewPanel.tsx';
import { VersionList } from './VersionList.tsx';

interface TemplateList {
  standard: { template_id: string; title: string }[];
  saved: TemplateVersion[];
}

/** The server's issues by path; a standard form's id, refused on saving, belongs to the id field. */
const issuesOf = (e: ApiError): PathIssue[] =>
  e.issues.length > 0 ? e.issues : [{ path: e.code === 'TEMPLATE_STANDARD' ? 'id' : '', message: e.message }];

export default function DesignerPage() {
  const { user } = useSession();
  const year = useYear();
  const catalogue = useApi<Catalogue>('/api/reports/catalogue');
  const list = useApi<TemplateList>('/api/reports/templates');
  const [text, setText] = useState('');
  const [region, setRegion] = useState(user.region_code);
  const [answer, setAnswer] = useState<ReportAnswer | null>(null);
  const [issues, setIssues] = useState<PathIssue[]>([]);
  const [message, setMessage] = useState('');
  const [base, setBase] = useState('allocation-progress');
  const [view, setView] = useState<'form' | 'yaml'>('form');
  const sequence = useRef(0);
  const read = useMemo(() => readDraft(text), [text]);

  useEffect(() => {
    void apiGet<{ text: string }>(`/api/reports/templates/${base}`).then((t) => setText(t.text));
  }, [base]);

  // the live preview: half a second after the last change; an older answer never replaces a newer one
  useEffect(() => {
    if (!text.trim()) return;
    const mine = ++sequence.current;
    const timer = setTimeout(() => {
      apiSend<ReportAnswer>('POST', '/api/reports/preview', { text, region, year }).then(
        (a) => {
          if (mine !== sequence.current) return;
          setAnswer(a);
          setIssues([]);
        },
        (e: unknown) => {
          if (mine !== sequence.current) return;
          setIssues(e instanceof ApiError ? issuesOf(e) : [{ path: '', message: String(e) }]);
        },
      );
    }, 500);
    return () => clearTimeout(timer);
  }, [text, region, year]);

  const save = async (): Promise<void> => {
    setMessage('');
    try {
      const v = await apiSend<TemplateVersion>('POST', '/api/reports/templates', { text });
      setMessage(`已保存 ${v.template_id} 第 ${v.version} 版`);
      list.reload();
    } catch (e) {
      if (e instanceof ApiError) setIssues(issuesOf(e));
      else throw e;
    }
  };
  const onEdit = (edit: DraftEdit): void => setText((t) => editText(t, edit));

  return (
    <section className="page" data-testid="designer-page">
      <h2>报表设计</h2>
      <div className="filters">
        <label>
          从模板开始
          <select data-testid="designer-base" value={base} onChange={(e) => setBase(e.target.value)}>
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
        <button type="button" onClick={() => setView(view === 'form' ? 'yaml' : 'form')}>
          {view === 'form' ? '编辑 YAML' : '表单编辑'}
        </button>
        <button type="button" data-testid="designer-save" onClick={() => void save()}>
          保存新版本
        </button>
        {message && <span data-testid="designer-message">{message}</span>}
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
      <div style={{ display: 'grid', gridTemplateColumns: '3fr 2fr', gap: 12 }}>
        {view === 'form' && read.draft && catalogue.data ? (
          <DesignerForm
            draft={read.draft}
            catalogue={catalogue.data}
            issues={issues}
            region={region}
            year={year}
            onEdit={onEdit}
          />
        ) : (
          <div>
            {read.problem && <p className="error">{read.problem}</p>}
            <textarea
              value={text}
              onChange={(e) => setText(e.target.value)}
              rows={28}
              spellCheck={false}
              style={{ fontFamily: 'monospace', width: '100%' }}
              data-testid="designer-text"
            />
          </div>
        )}
        <div>
          <VersionList id={read.draft?.id ?? ''} saved={list.data?.saved ?? []} />
          <details open={view === 'form'}>
            <summary>YAML (只读, 由表单写入)</summary>
            <pre data-testid="designer-yaml" style={{ fontSize: 12, maxHeight: 360, overflow: 'auto' }}>
              {text}
            </pre>
          </details>
        </div>
      </div>
      {answer && <PreviewPanel answer={answer} stale={issues.length > 0} />}
    </section>
  );
}
