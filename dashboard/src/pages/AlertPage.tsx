/**
 * One alert: what the rule found, its handling history and attachments, and the actions this user may take
 * now (the server lists them): 说明 with a comment and attachments, 办结, 退回 with a reason.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { AlertDetailResponse, AlertRow } from '../../../server/api/api.types.ts';
import { ApiError, apiSend } from '../api/api.client.ts';
import { apiPath, segment } from '../api/query-string.builder.ts';
import { useApi } from '../api/use-api.hook.ts';
import { paths } from '../routes/app.routes.ts';
import { Async } from '../components/Async.tsx';
import { Money } from '../components/Money.tsx';
import { ALERT_LEVEL_NAMES } from '../charts/chart-palette.ts';
import { ALERT_ACTION_NAMES, commentRequired, type AlertAction } from '../drill/alert-columns.ts';

export default function AlertPage() {
  const { id = '' } = useParams();
  const detail = useApi<AlertDetailResponse>(apiPath(`/alerts/${segment(id)}`));
  return (
    <div className="page" data-testid="alert-page">
      <p>
        <Link to={paths.alerts()}>← 预警列表</Link>
      </p>
      <Async state={detail}>{(d) => <Detail d={d} reload={detail.reload} />}</Async>
    </div>
  );
}

async function asAttachment(file: File): Promise<{ name: string; media_type: string; content_base64: string }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { name: file.name, media_type: file.type || 'application/octet-stream', content_base64: btoa(binary) };
}

function Detail({ d, reload }: { d: AlertDetailResponse; reload: () => void }) {
  const a = d.alert;
  const [comment, setComment] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const act = async (action: AlertAction): Promise<void> => {
    if (commentRequired(action) && !comment.trim()) {
      setMessage({ ok: false, text: `${ALERT_ACTION_NAMES[action]}须填写意见` });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const attachments = await Promise.all(files.map(asAttachment));
      await apiSend('POST', `/api/alerts/${a.alert_id}/transition`, {
        action,
        comment: comment.trim() || undefined,
        attachments,
      });
      setMessage({ ok: true, text: `已${ALERT_ACTION_NAMES[action]}` });
      setComment('');
      setFiles([]);
      reload();
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiError ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h2>
        <span className={`status alert-${a.level}`}>{ALERT_LEVEL_NAMES[a.level]}预警</span> {a.rule_code} {a.title} ·{' '}
        {a.status}
      </h2>
      <dl className="facts">
        <dt>说明</dt>
        <dd>{a.detail}</dd>
        <dt>区划</dt>
        <dd>
          {a.region_name ?? ''} ({a.region_code})
        </dd>
        <dt>对象</dt>
        <dd>
          {a.subject_type} · <AlertSubject alert={a} subjectRef={d.subject_ref} />
        </dd>
        <dt>金额</dt>
        <dd>{a.amount === null ? '—' : <Money fen={a.amount} unit="yuan" />}</dd>
        <dt>发现 / 最近 / 消失</dt>
        <dd>
          {a.detected_at.slice(0, 16).replace('T', ' ')} / {a.last_seen_at.slice(0, 16).replace('T', ' ')} /{' '}
          {a.gone_at ? a.gone_at.slice(0, 16).replace('T', ' ') : '仍存在'}
        </dd>
      </dl>
      <section className="panel">
        <h3>处理记录</h3>
        <ol className="steps">
          {d.events.map((e) => (
            <li key={e.event_id}>
              {e.event_at.slice(0, 16).replace('T', ' ')} · {e.actor} · {e.action}: {e.from_status ?? '—'} →{' '}
              {e.to_status}
              {e.comment ? ` · ${e.comment}` : ''}
              {d.attachments
                .filter((f) => f.event_id === e.event_id)
                .map((f) => (
                  <a
                    key={f.attachment_id}
                    className="tag"
                    href={`/api/alerts/${a.alert_id}/attachments/${f.attachment_id}`}
                    download
                  >
                    {f.file_name}
                  </a>
                ))}
            </li>
          ))}
        </ol>
      </section>
      {d.actions.length > 0 ? (
        <section className="panel actions">
          <label>
            意见
            <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={2} />
          </label>
          <label>
            附件
            <input type="file" multiple onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
          </label>
          {d.actions.map((action) => (
            <button
              key={action}
              type="button"
              disabled={busy}
              onClick={() => void act(action)}
              data-testid={`alert-${action}`}
            >
              {ALERT_ACTION_NAMES[action]}
            </button>
          ))}
        </section>
      ) : null}
      {message ? <div className={message.ok ? 'ok-box' : 'error-box'}>{message.text}</div> : null}
    </>
  );
}

/** The alert's subject as a link to the rows behind it: the document, the payment, the person's or account's payments, the region or fund. */
function AlertSubject({ alert: a, subjectRef }: { alert: AlertRow; subjectRef: string | null }) {
  const to = subjectPath(a, subjectRef);
  return to ? (
    <Link to={to} data-testid="alert-subject">
      {a.subject_id}
    </Link>
  ) : (
    <>{a.subject_id}</>
  );
}

function subjectPath(a: AlertRow, subjectRef: string | null): string | undefined {
  switch (a.subject_type) {
    case 'document':
    case 'transfer':
      return paths.document(a.subject_id);
    case 'payment':
      return paths.payments({ payment: a.subject_id });
    case 'person':
      return subjectRef ? paths.payments({ person: subjectRef }) : undefined;
    case 'account':
      return subjectRef ? paths.payments({ account: subjectRef }) : undefined;
    case 'region':
      return paths.region(a.subject_id);
    case 'fund': {
      const [region, fund] = a.subject_id.split('/');
      return region && fund ? paths.fund(region, fund) : undefined;
    }
    default:
      return undefined;
  }
}
