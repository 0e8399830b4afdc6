/**
 * 新建签报: the indicator document as a form, checked in the browser (Chinese messages per field) and again by
 * the server; once saved, the 签报 page shows the postings it will make before anyone signs.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { SignoffDetailResponse } from '../../../server/api/api.types.ts';
import { ApiError, apiSend } from '../api/api.client.ts';
import { textParam } from '../api/query-string.builder.ts';
import { useYear } from '../app/use-year.hook.ts';
import { useSession } from '../session/session.context.ts';
import { canCreateSignoff } from '../session/role-permissions.ts';
import { paths } from '../routes/app.routes.ts';
import {
  TXN_CODES,
  TXN_NAMES,
  emptySignoffForm,
  validateSignoffForm,
  type FormErrors,
  type SignoffForm,
} from '../signoff/signoff-form.validation.ts';

type TextField = Exclude<keyof SignoffForm, 'advance' | 'for_poor' | 'direct'>;

export default function SignoffNewPage() {
  const { user } = useSession();
  const year = useYear();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const [form, setForm] = useState<SignoffForm>(() => ({
    ...emptySignoffForm(user.region_code, year, new Date().toISOString().slice(0, 10)),
    source_doc_id: textParam(search, 'source') ?? '',
    txn_code: textParam(search, 'txn') ?? 'T02',
  }));
  const [errors, setErrors] = useState<FormErrors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!canCreateSignoff(user.role)) return <div className="page error-box">只有指标录入岗可以新建签报</div>;

  const set = (field: keyof SignoffForm, value: string | boolean): void => setForm((f) => ({ ...f, [field]: value }));

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const checked = validateSignoffForm(form);
    setErrors(checked.errors);
    setServerError(null);
    if (!checked.document) return;
    setBusy(true);
    try {
      const created = await apiSend<SignoffDetailResponse>('POST', '/api/signoffs', { document: checked.document });
      navigate(paths.signoff(created.signoff.signoff_id));
    } catch (err) {
      if (err instanceof ApiError) {
        const fieldErrors: FormErrors = {};
        for (const issue of err.issues) {
          const field = issue.path.replace(/^document\./, '') as keyof SignoffForm;
          if (field in form) fieldErrors[field] = issue.message;
        }
        setErrors(fieldErrors);
        setServerError(err.message);
      } else setServerError(String(err));
    } finally {
      setBusy(false);
    }
  };

  const text = (field: TextField, label: string, hint?: string): ReactNode => (
    <label className={errors[field] ? 'invalid' : undefined}>
      {label}
      <input name={field} value={form[field]} onChange={(e) => set(field, e.target.value)} placeholder={hint} />
      {errors[field] ? <span className="field-error">{errors[field]}</span> : null}
    </label>
  );

  return (
    <div className="page" data-testid="signoff-new">
      <h2>新建签报</h2>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        {text('doc_id', '单据编号 *', '唯一且稳定, 如 QS-2020-0001')}
        <label className={errors.txn_code ? 'invalid' : undefined}>
          交易令 *
          <select name="txn_code" value={form.txn_code} onChange={(e) => set('txn_code', e.target.value)}>
            {TXN_CODES.map((t) => (
              <option key={t} value={t}>
                {t} {TXN_NAMES[t]}
              </option>
            ))}
          </select>
          {errors.txn_code ? <span className="field-error">{errors.txn_code}</span> : null}
        </label>
        {text('region_code', '登记区划代码 *')}
        {text('budget_year', '预算年度 *')}
        {text('doc_date', '登记日期 *', 'YYYY-MM-DD')}
        {text('amount', '金额 (元) *', '如 1,000,000.00')}
        {text('doc_no', '指标文号', '如 黔财农〔2020〕12号')}
        {text('sup_doc_no', '上级指标文号')}
        {text('source_doc_id', '来源单据编号', 'T02、T09 以外必填')}
        {text('corrects_doc_id', '更正单据编号', 'T09 必填')}
        {text('fund_code', '资金代码')}
        {text('target_region_code', '接收区划代码', 'T05/T06 必填')}
        {text('project_code', '项目代码', 'T04 必填')}
        {text('project_name', '项目名称')}
        {text('func_subject', '功能分类科目', '如 2130505')}
        {text('econ_subject', '经济分类科目')}
        {text('summary', '摘要')}
        <div className="checks">
          <label>
            <input type="checkbox" checked={form.advance} onChange={(e) => set('advance', e.target.checked)} /> 提前下达
          </label>
          <label>
            <input type="checkbox" checked={form.for_poor} onChange={(e) => set('for_poor', e.target.checked)} />{' '}
            全部用于贫困人员
          </label>
          <label>
            <input type="checkbox" checked={form.direct} onChange={(e) => set('direct', e.target.checked)} /> 直达资金
          </label>
        </div>
        {serverError ? (
          <div className="error-box" role="alert">
            {serverError}
          </div>
        ) : null}
        {Object.keys(errors).length > 0 && !serverError ? <div className="error-box">请修改标出的字段</div> : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? '保存中…' : '保存并预览'}
        </button>
      </form>
    </div>
  );
}
