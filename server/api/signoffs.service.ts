/**
 * 签报: an indicator document carried through 录入 (entry) → 审核 (review) → 签发 (issue), or 退回 (return) to
 * be entered again. The document is posted at 签发 by the same ledger engine and rules as the batch ingest
 * (ingest/ledger postStagedDocuments) after the red in-flow monitoring rules (models/monitoring); before
 * anyone signs, the preview runs that same engine inside a transaction that is rolled back, so the postings
 * shown are exactly the ones 签发 will create. Steps are appended, never changed; the status is the last step.
 */
import { z } from 'zod';
import { kyselyFor, sqlIdent, type Warehouse } from '../../warehouse/index.ts';
import { createDocumentStage, postStagedDocuments, type PostResult } from '../../ingest/ledger/index.ts';
import { checkDocumentInFlow } from '../../models/monitoring/index.ts';
import type {
  Signoff,
  SignoffDetailResponse,
  SignoffDocument,
  SignoffPreview,
  SignoffStatus,
  SessionUser,
} from './api.types.ts';
import { SIGNOFF_STATUS_NAMES } from './api.types.ts';
import { HttpError, forbidden, notFoundError } from '../http-errors.ts';
import { SIGNOFF_ROLES } from '../auth/roles.ts';
import { postingsOf as postingRows, sourceOf, toRow } from './documents.repository.ts';
import type { RegionScope } from './region.scope.ts';
import { refreshLedgerModels } from './ledger.refresh.ts';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .optional()
    .transform((v) => (v ? v : null));

export const SignoffDocumentSchema = z.object({
  doc_id: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{3,64}$/, '单据编号只能由 3–64 个字母、数字、下划线、点或连字符组成'),
  txn_code: z.enum(['T01', 'T02', 'T03', 'T04', 'T05', 'T06', 'T07', 'T08', 'T09'], { message: '交易令应为 T01–T09' }),
  region_code: z.string().regex(/^\d{6,12}$/, '区划代码必须是 6–12 位数字'),
  budget_year: z.number().int().min(2000).max(2100),
  doc_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
  doc_no: optionalText(100),
  sup_doc_no: optionalText(100),
  source_doc_id: optionalText(64),
  corrects_doc_id: optionalText(64),
  fund_code: optionalText(64),
  project_code: optionalText(64),
  project_name: optionalText(200),
  func_subject: optionalText(20),
  econ_subject: optionalText(20),
  target_region_code: optionalText(12),
  amount: z
    .number()
    .int('金额必须是整数分')
    .refine((v) => v !== 0, '金额不能为 0'),
  advance: z.boolean().default(false),
  for_poor: z.boolean().default(false),
  direct: z.boolean().default(false),
  summary: optionalText(500),
});

export const CreateSignoff = z.object({ document: SignoffDocumentSchema });
export const StepBody = z.object({ comment: z.string().trim().max(1000).optional() });
export const ReturnBody = z.object({ comment: z.string().trim().min(1, '退回时请写明原因').max(1000) });

const STAGE = 'signoff_stage';

/** One writer at a time: 签发 computes the head of the hash chain and appends to it. */
let writer: Promise<unknown> = Promise.resolve();
function serialised<T>(fn: () => Promise<T>): Promise<T> {
  const next = writer.then(fn, fn);
  writer = next.catch(() => undefined);
  return next;
}

const STATUS_OF_ACTION: Record<string, SignoffStatus> = {
  create: 'draft',
  review: 'reviewed',
  issue: 'issued',
  return: 'returned',
  reject: 'rejected',
};

class Rollback extends Error {}

async function stageDocument(tx: Warehouse, doc: SignoffDocument): Promise<void> {
  await createDocumentStage(tx, STAGE);
  const cols = Object.keys(doc) as (keyof SignoffDocument)[];
  await tx.run(
    `insert into ${sqlIdent(STAGE)} (seq, row_no, ${cols.map((c) => sqlIdent(c)).join(', ')})
     values (1, null, ${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
    cols.map((c) => doc[c]),
  );
}

async function newLoad(tx: Warehouse, signoffId: number): Promise<number> {
  const loadId = await tx.value<number>(`select nextval('meta.load_id_seq')`);
  await tx.run(
    `insert into meta.loads (load_id, entity, file_name, file_format, status, rows_read, rows_accepted, rows_unchanged,
       rows_rejected, started_at, finished_at)
     values ($1, 'indicators', $2, 'signoff', 'done', 1, 0, 0, 0, current_timestamp, current_timestamp)`,
    [loadId, `签报:${signoffId}`],
  );
  return loadId;
}

/** Runs the engine over the document; with `keep` false everything is rolled back (the preview). */
async function post(
  wh: Warehouse,
  signoffId: number,
  doc: SignoffDocument,
  keep: boolean,
): Promise<{ result: PostResult; postings: SignoffPreview['postings'] }> {
  let out: { result: PostResult; postings: SignoffPreview['postings'] } | undefined;
  try {
    await wh.transaction(async (tx) => {
      await stageDocument(tx, doc);
      const loadId = await newLoad(tx, signoffId);
      const result = await postStagedDocuments(tx, STAGE, { loadId, recordRejects: false });
      await tx.run(`drop table if exists ${sqlIdent(STAGE)}`);
      const postings = await postingRows(tx, doc.doc_id);
      out = { result, postings };
      if (!keep || result.rejected.length > 0) throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  } finally {
    await wh.run(`drop table if exists ${sqlIdent(STAGE)}`).catch(() => undefined);
  }
  if (!out) throw new Error('the ledger engine returned nothing');
  return out;
}

async function readSignoff(wh: Warehouse, id: number, scope: RegionScope): Promise<Signoff> {
  const db = kyselyFor(wh);
  const row = await db.selectFrom('meta.signoffs').selectAll().where('signoff_id', '=', id).executeTakeFirst();
  if (!row || !(await scope.contains(row.region_code))) throw notFoundError(`签报 ${id} 不存在或不在本人可见的区划内`);
  const steps = await db
    .selectFrom('meta.signoff_steps')
    .select(['action', 'username', 'comment'])
    .select((eb) => eb.cast<string>('acted_at', 'varchar').as('at'))
    .where('signoff_id', '=', id)
    .orderBy('step_no')
    .execute();
  const last = steps.at(-1)?.action ?? 'create';
  const status = STATUS_OF_ACTION[last] ?? 'draft';
  return {
    signoff_id: Number(row.signoff_id),
    status,
    status_name: SIGNOFF_STATUS_NAMES[status],
    document: JSON.parse(row.document) as SignoffDocument,
    created_by: row.created_by,
    created_at: String(row.created_at),
    steps: steps.map((s) => ({ ...s, action: s.action as Signoff['steps'][number]['action'] })),
  };
}

async function addStep(
  wh: Warehouse,
  id: number,
  action: string,
  user: SessionUser,
  comment: string | null,
): Promise<void> {
  await wh.run(
    `insert into meta.signoff_steps (signoff_id, step_no, action, username, acted_at, comment)
     select $1, coalesce(max(step_no), 0) + 1, $2, $3, current_timestamp, $4 from meta.signoff_steps where signoff_id = $1`,
    [id, action, user.username, comment],
  );
}

const LEVEL_KIND: Record<string, string> = {
  central: '中央',
  province: '省',
  city: '市',
  county: '县',
  township: '乡',
};

/** The source document and where the money started, as seen from the document's region. */
async function sourceAndOrigin(
  wh: Warehouse,
  doc: SignoffDocument,
  scope: RegionScope,
): Promise<Pick<SignoffPreview, 'source' | 'origin'>> {
  if (!doc.source_doc_id) {
    return {
      source: null,
      origin: doc.txn_code === 'T02' ? [{ origin_kind: '本级', amount: doc.amount, share: 1 }] : [],
    };
  }
  const found = await sourceOf(wh, doc.source_doc_id, scope.root);
  if (!found) return { source: null, origin: [] };
  const kind =
    found.rootRegion === doc.region_code
      ? '本级'
      : (LEVEL_KIND[found.rootLevel ?? ''] ?? found.node.origin_kind ?? '未知');
  return { source: toRow(found.node), origin: [{ origin_kind: kind, amount: doc.amount, share: 1 }] };
}

export async function previewOf(wh: Warehouse, signoff: Signoff, scope: RegionScope): Promise<SignoffPreview> {
  const doc = signoff.document;
  const { source, origin } = await sourceAndOrigin(wh, doc, scope);
  const inFlow = await checkDocumentInFlow(wh, doc);
  const { result, postings } = await serialised(() => post(wh, signoff.signoff_id, doc, false));
  const reasons = [
    ...result.rejected.map((r) => ({ code: r.code, message: r.message })),
    ...inFlow.map((r) => ({ code: r.code, message: r.message })),
  ];
  return { ok: reasons.length === 0, reasons, postings, source, origin };
}

function requireRole(user: SessionUser, action: keyof typeof SIGNOFF_ROLES): void {
  if (!(SIGNOFF_ROLES[action] as readonly string[]).includes(user.role)) {
    throw forbidden(
      `${user.role_name}不能${{ create: '录入', review: '审核', issue: '签发', return: '退回' }[action]}签报`,
    );
  }
}

export async function createSignoff(
  wh: Warehouse,
  user: SessionUser,
  scope: RegionScope,
  doc: SignoffDocument,
): Promise<SignoffDetailResponse> {
  requireRole(user, 'create');
  await scope.region(doc.region_code);
  const db = kyselyFor(wh);
  const taken =
    (await db.selectFrom('ledger.documents').select('doc_id').where('doc_id', '=', doc.doc_id).executeTakeFirst()) ??
    (await db.selectFrom('meta.signoffs').select('doc_id').where('doc_id', '=', doc.doc_id).executeTakeFirst());
  if (taken) throw new HttpError(409, 'DOC_ID_TAKEN', `单据编号 ${doc.doc_id} 已被使用`);
  const id = await wh.transaction(async (tx) => {
    const next = await tx.value<number>(`select nextval('meta.signoff_ids')`);
    await tx.run(
      `insert into meta.signoffs (signoff_id, doc_id, region_code, document, created_by, created_at)
       values ($1, $2, $3, $4, $5, current_timestamp)`,
      [next, doc.doc_id, doc.region_code, JSON.stringify(doc), user.username],
    );
    await addStep(tx, next, 'create', user, null);
    return Number(next);
  });
  return signoffDetail(wh, id, scope);
}

export async function signoffDetail(wh: Warehouse, id: number, scope: RegionScope): Promise<SignoffDetailResponse> {
  const signoff = await readSignoff(wh, id, scope);
  const preview =
    signoff.status === 'issued' ? await issuedPreview(wh, signoff, scope) : await previewOf(wh, signoff, scope);
  return { signoff, preview };
}

/** An issued 签报 shows the postings it created. */
async function issuedPreview(wh: Warehouse, signoff: Signoff, scope: RegionScope): Promise<SignoffPreview> {
  const doc = signoff.document;
  const postings = await postingRows(wh, doc.doc_id);
  return {
    ok: true,
    reasons: [],
    postings,
    ...(await sourceAndOrigin(wh, doc, scope)),
  };
}

export async function listSignoffs(wh: Warehouse, scope: RegionScope, status?: SignoffStatus): Promise<Signoff[]> {
  const ids = await kyselyFor(wh)
    .selectFrom('meta.signoffs')
    .select('signoff_id')
    .where((eb) =>
      eb(
        'region_code',
        'in',
        eb.selectFrom('marts.region_closure').select('code').where('ancestor_code', '=', scope.root),
      ),
    )
    .orderBy('signoff_id', 'desc')
    .limit(500)
    .execute();
  const all = await Promise.all(ids.map((r) => readSignoff(wh, Number(r.signoff_id), scope)));
  return status ? all.filter((s) => s.status === status) : all;
}

type Action = 'review' | 'issue' | 'return';

const ALLOWED_FROM: Record<Action, SignoffStatus[]> = {
  review: ['draft'],
  issue: ['reviewed'],
  return: ['draft', 'reviewed', 'rejected'],
};

const ACTION_NAMES: Record<Action, string> = { review: '审核', issue: '签发', return: '退回' };

export async function actOnSignoff(
  wh: Warehouse,
  user: SessionUser,
  scope: RegionScope,
  id: number,
  action: Action,
  comment: string | null,
): Promise<SignoffDetailResponse> {
  requireRole(user, action);
  const signoff = await readSignoff(wh, id, scope);
  if (!ALLOWED_FROM[action].includes(signoff.status)) {
    throw new HttpError(
      409,
      'SIGNOFF_STATE',
      `签报 ${id} 当前为「${signoff.status_name}」, 不能${ACTION_NAMES[action]}`,
    );
  }
  if (action !== 'return' && signoff.created_by === user.username) {
    throw forbidden(`录入人不能${ACTION_NAMES[action]}自己录入的签报`);
  }
  if (action === 'issue') {
    const inFlow = await checkDocumentInFlow(wh, signoff.document);
    const outcome = inFlow.length > 0 ? undefined : await serialised(() => post(wh, id, signoff.document, true));
    const reasons = [...inFlow.map((r) => r.message), ...(outcome?.result.rejected ?? []).map((r) => r.message)];
    if (reasons.length > 0) {
      await addStep(wh, id, 'reject', user, reasons.join('; '));
      const code = inFlow[0]?.code ?? outcome?.result.rejected[0]?.code ?? 'LEDGER_REJECTED';
      throw new HttpError(422, code, `记账被拒: ${reasons.join('; ')}`);
    }
    await addStep(wh, id, 'issue', user, comment);
    await serialised(() => refreshLedgerModels(wh));
  } else {
    await addStep(wh, id, action, user, comment);
  }
  return signoffDetail(wh, id, scope);
}
