/**
 * One 签报: the document, the postings it will create, its source and the origin of the money — all shown
 * before anyone signs — then 审核 / 签发 / 退回 as the user's role allows. 签发 posts into the ledger; a refusal
 * shows the engine's reason.
 */
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { PostingRow, SignoffDetailResponse } from '../../../server/api/api.types.ts';
import { ApiError, apiSend } from '../api/api.client.ts';
import { apiPath } from '../api/query-string.builder.ts';
import { useApi } from '../api/use-api.hook.ts';
import { useSession } from '../session/session.context.ts';
import { signoffActions } from '../session/role-permissions.ts';
import { paths } from '../routes/app.routes.ts';
import { Async } from '../components/Async.tsx';
import { Money } from '../components/Money.tsx';
import { DataGrid } from '../grids/DataGrid.tsx';
import { OriginCompositionChart } from '../charts/origin-composition/OriginCompositionChart.tsx';
import { postingColumns } from '../trace/posting-columns.ts';
import { TXN_NAMES, type TxnCode } from '../signoff/signoff-form.validation.ts';

const ACTION_NAMES = { create: '录入', review: '审核', issue: '签发', return: '退回' } as const;

export default function SignoffPage() {
  const { id = '' } = useParams();
  const detail = useApi<SignoffDetailResponse>(apiPath(`/signoffs/${encodeURIComponent(id)}`));
  return (
    <div className="page" data-testid="signoff-page" data-signoff={id}>
      <Async state={detail}>{(d) => <Detail d={d} reload={detail.reload} />}</Async>
    </div>
  );
}

function Detail({ d, reload }: { d: SignoffDetailResponse; reload: () => void }) {
  const { user } = useSession();
  const { signoff, preview } = d;
  const doc = signoff.document;
  const actions = signoffActions(user.role, user.username, signoff);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // a document about to be signed is read to the 分
  const unit = 'yuan';
  const columns = useMemo(() => postingColumns(unit), [unit]);

  const act = async (action: 'review' | 'issue' | 'return'): Promise<void> => {
    if (action === 'return' && !comment.trim()) {
      setMessage({ ok: false, text: '退回须填写意见' });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      await apiSend(
        'POST',
        `/api/signoffs/${signoff.signoff_id}/${action}`,
        comment.trim() ? { comment: comment.trim() } : {},
      );
      setMessage({ ok: true, text: `已${ACTION_NAMES[action]}` });
      setComment('');
      reload();
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiError ? err.message : String(err) });
      reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p>
        <Link to={paths.signoffs()}>← 签报列表</Link>
      </p>
      <h2>
        签报 #{signoff.signoff_id} ·{' '}
        <span className={`status ${signoff.status}`} data-testid="signoff-status" data-status={signoff.status}>
          {signoff.status_name}
        </span>
      </h2>
      <dl className="facts">
        <dt>单据</dt>
        <dd>
          {doc.doc_id} {doc.doc_no ? `(${doc.doc_no})` : ''}
          {signoff.status === 'issued' ? (
            <>
              {' '}
              <Link
                to={paths.document(doc.doc_id, { year: doc.budget_year, region: doc.region_code })}
                data-testid="issued-document"
              >
                查看追溯 →
              </Link>
            </>
          ) : null}
        </dd>
        <dt>交易令</dt>
        <dd>
          {doc.txn_code} {TXN_NAMES[doc.txn_code as TxnCode] ?? ''}
        </dd>
        <dt>区划 / 年度 / 日期</dt>
        <dd>
          {doc.region_code} / {doc.budget_year} / {doc.doc_date}
        </dd>
        <dt>金额</dt>
        <dd>
          <Money fen={doc.amount} unit={unit} />
        </dd>
        <dt>资金 / 项目 / 接收区划</dt>
        <dd>
          {doc.fund_code ?? '—'} / {doc.project_code ?? '—'} / {doc.target_region_code ?? '—'}
        </dd>
        <dt>摘要</dt>
        <dd>{doc.summary ?? '—'}</dd>
        <dt>经办</dt>
        <dd>
          <ol className="steps">
            {signoff.steps.map((s) => (
              <li key={`${s.action}-${s.at}`}>
                {ACTION_NAMES[s.action]} · {s.username} · {s.at.slice(0, 16).replace('T', ' ')}
                {s.comment ? ` · ${s.comment}` : ''}
              </li>
            ))}
          </ol>
        </dd>
      </dl>

      <section
        className={`panel ${preview.ok ? '' : 'warn'}`}
        data-testid="signoff-preview"
        data-ok={preview.ok ? 'true' : 'false'}
      >
        <h3>{signoff.status === 'issued' ? '已记账的分录' : '签发后将生成的记账分录'}</h3>
        {preview.ok ? (
          <p className="ok-text">记账规则校验通过</p>
        ) : (
          <ul className="error-box">
            {preview.reasons.map((r) => (
              <li key={r.code}>
                {r.message} <span className="muted">({r.code})</span>
              </li>
            ))}
          </ul>
        )}
        <DataGrid<PostingRow>
          rows={preview.postings}
          columns={columns}
          exportName={`签报-${signoff.signoff_id}-分录`}
          height={Math.min(320, 96 + preview.postings.length * 42)}
          testId="preview-postings"
        />
      </section>
      <div className="two">
        <section className="panel">
          <h3>来源单据</h3>
          {preview.source ? (
            <p>
              <Link
                to={paths.document(preview.source.doc_id, {
                  year: preview.source.budget_year,
                  region: preview.source.region_code,
                })}
              >
                {preview.source.doc_no ?? preview.source.doc_id}
              </Link>{' '}
              {preview.source.txn_code} {preview.source.txn_name} · {preview.source.region_name} · 余额{' '}
              <Money fen={preview.source.remaining} />
            </p>
          ) : (
            <p className="muted">无 (本级安排或红字更正)</p>
          )}
        </section>
        <section className="panel">
          <h3>资金来源构成</h3>
          {preview.origin.length > 0 ? (
            <OriginCompositionChart rows={preview.origin} />
          ) : (
            <p className="muted">本级安排</p>
          )}
        </section>
      </div>

      {actions.review || actions.issue || actions.return ? (
        <section className="panel actions">
          <label>
            意见
            <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={2} />
          </label>
          {actions.review ? (
            <button type="button" disabled={busy} onClick={() => void act('review')} data-testid="action-review">
              审核通过
            </button>
          ) : null}
          {actions.issue ? (
            <button
              type="button"
              className="primary"
              disabled={busy || !preview.ok}
              onClick={() => void act('issue')}
              data-testid="action-issue"
            >
              签发 (记账)
            </button>
          ) : null}
          {actions.return ? (
            <button type="button" disabled={busy} onClick={() => void act('return')} data-testid="action-return">
              退回
            </button>
          ) : null}
        </section>
      ) : null}
      {message ? (
        <div className={message.ok ? 'ok-box' : 'error-box'} role="status" data-testid="signoff-message">
          {message.text}
        </div>
      ) : null}
    </>
  );
}
