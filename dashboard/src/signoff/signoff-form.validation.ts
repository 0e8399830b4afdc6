/**
 * The 签报 form: what a person types (text fields, amount in 元) checked in the browser with Chinese messages
 * before it reaches the server, which checks again with the ledger engine's eight rules. Amounts are parsed
 * from the typed text into integer 分, never through a float.
 */
import type { SignoffDocument } from '../../../server/api/api.types.ts';

export const TXN_CODES = ['T01', 'T02', 'T03', 'T04', 'T05', 'T06', 'T07', 'T08', 'T09', 'T10'] as const;
export type TxnCode = (typeof TXN_CODES)[number];

export const TXN_NAMES: Record<TxnCode, string> = {
  T01: '接收上级指标',
  T02: '本级安排',
  T03: '登记到专项资金',
  T04: '细化本级支出',
  T05: '转移下级',
  T06: '横向转移',
  T07: '支付计划',
  T08: '实际支付',
  T09: '红字更正',
  T10: '年终结转',
};

export interface SignoffForm {
  doc_id: string;
  txn_code: string;
  region_code: string;
  budget_year: string;
  doc_date: string;
  doc_no: string;
  sup_doc_no: string;
  source_doc_id: string;
  corrects_doc_id: string;
  fund_code: string;
  project_code: string;
  project_name: string;
  func_subject: string;
  econ_subject: string;
  target_region_code: string;
  /** 元, up to two decimals, thousands separators allowed */
  amount: string;
  advance: boolean;
  for_poor: boolean;
  direct: boolean;
  summary: string;
}

export type FormErrors = Partial<Record<keyof SignoffForm, string>>;

/** The date a new document is registered on: today when it falls in the budget year, else the year's last day. */
export function defaultDocDate(year: number, today: string): string {
  return today.startsWith(`${year}-`) ? today : `${year}-12-31`;
}

export function emptySignoffForm(region: string, year: number, today: string): SignoffForm {
  return {
    doc_id: '',
    txn_code: 'T02',
    region_code: region,
    budget_year: String(year),
    doc_date: defaultDocDate(year, today),
    doc_no: '',
    sup_doc_no: '',
    source_doc_id: '',
    corrects_doc_id: '',
    fund_code: '',
    project_code: '',
    project_name: '',
    func_subject: '',
    econ_subject: '',
    target_region_code: '',
    amount: '',
    advance: false,
    for_poor: false,
    direct: false,
    summary: '',
  };
}

/** "1,234.5" 元 → 123450 分; null when the text is not an amount with at most two decimals. */
export function parseYuan(text: string): number | null {
  const clean = text.trim().replaceAll(',', '').replaceAll('，', '');
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(clean);
  if (!m) return null;
  const fen = BigInt(m[2] as string) * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  const signed = m[1] === '-' ? -fen : fen;
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < -BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(signed);
}

function validDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

const REGION = /^\d{6,12}$/;
const orNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

/** The document to send, or the problems with the form (every field's, not only the first). */
export function validateSignoffForm(form: SignoffForm): { document: SignoffDocument | null; errors: FormErrors } {
  const errors: FormErrors = {};
  const txn = form.txn_code as TxnCode;
  if (!form.doc_id.trim()) errors.doc_id = '请填写单据编号';
  else if (form.doc_id.trim().length > 64) errors.doc_id = '单据编号不能超过 64 个字符';
  if (!TXN_CODES.includes(txn)) errors.txn_code = '请选择交易令 (T01–T10)';
  if (!REGION.test(form.region_code.trim())) errors.region_code = '区划代码必须是 6–12 位数字';
  const year = Number(form.budget_year);
  if (!/^\d{4}$/.test(form.budget_year.trim()) || year < 2000 || year > 2100)
    errors.budget_year = '预算年度应在 2000–2100 之间';
  if (!validDate(form.doc_date.trim())) errors.doc_date = '登记日期格式应为 YYYY-MM-DD';
  else if (!errors.budget_year && !form.advance && form.doc_date.trim().slice(0, 4) !== String(year)) {
    errors.doc_date = `登记日期应在预算年度 ${year} 内 (提前下达除外)`;
  }
  const amount = parseYuan(form.amount);
  if (amount === null) errors.amount = '金额应为元, 最多两位小数';
  else if (txn === 'T09' && amount >= 0) errors.amount = '红字更正 (T09) 的金额必须为负数';
  else if (txn !== 'T09' && amount <= 0) errors.amount = '金额必须大于 0 (只有红字更正为负数)';
  if (txn !== 'T02' && txn !== 'T09' && !form.source_doc_id.trim())
    errors.source_doc_id = `${TXN_NAMES[txn] ?? '该单据'}须填写来源单据编号`;
  if (txn === 'T09' && !form.corrects_doc_id.trim()) errors.corrects_doc_id = '红字更正须填写被更正的单据编号';
  if ((txn === 'T05' || txn === 'T06') && !REGION.test(form.target_region_code.trim())) {
    errors.target_region_code = '转移须填写接收区划代码 (6–12 位数字)';
  }
  if (txn === 'T04' && !form.project_code.trim()) errors.project_code = '细化本级支出 (T04) 须填写项目代码';
  if (Object.keys(errors).length > 0 || amount === null) return { document: null, errors };
  return {
    document: {
      doc_id: form.doc_id.trim(),
      txn_code: txn,
      region_code: form.region_code.trim(),
      budget_year: year,
      doc_date: form.doc_date.trim(),
      doc_no: orNull(form.doc_no),
      sup_doc_no: orNull(form.sup_doc_no),
      source_doc_id: orNull(form.source_doc_id),
      corrects_doc_id: orNull(form.corrects_doc_id),
      fund_code: orNull(form.fund_code),
      project_code: orNull(form.project_code),
      project_name: orNull(form.project_name),
      func_subject: orNull(form.func_subject),
      econ_subject: orNull(form.econ_subject),
      target_region_code: orNull(form.target_region_code),
      amount,
      advance: form.advance,
      for_poor: form.for_poor,
      direct: form.direct,
      summary: orNull(form.summary),
    },
    errors,
  };
}
