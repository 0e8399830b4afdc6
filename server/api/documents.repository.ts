/**
 * Documents as the drill and the trace show them: marts.document_trace (one row per document, with its place
 * in the document tree) named through marts.regions and marts.project_library. Every list is limited to the
 * scope's regions; a document's tree shows only the parts inside the scope.
 */
import { sql } from 'kysely';
import { kyselyFor, type Warehouse } from '../../warehouse/index.ts';
import type { DocumentRow, PostingRow, TraceNode } from './api.types.ts';
import { below } from './region.scope.ts';
import { txnName } from './txn.names.ts';

function baseQuery(wh: Warehouse) {
  return kyselyFor(wh)
    .selectFrom('marts.document_trace as t')
    .innerJoin('marts.regions as r', 'r.code', 't.region_code')
    .leftJoin('marts.project_library as p', 'p.project_code', 't.project_code');
}

const nodeColumns = [
  't.doc_id',
  't.doc_no',
  't.txn_code',
  't.region_code',
  'r.name as region_name',
  't.budget_year',
  't.doc_date',
  't.fund_code',
  't.project_code',
  'p.project_name',
  't.target_region_code',
  't.amount',
  't.effective',
  't.carved',
  't.remaining',
  't.origin_kind',
  't.parent_doc_id',
  't.root_doc_id',
  't.depth',
  't.is_leaf',
] as const;

type NodeRecord = {
  doc_id: string;
  doc_no: string | null;
  txn_code: string;
  region_code: string;
  region_name: string;
  budget_year: number;
  doc_date: string;
  fund_code: string | null;
  project_code: string | null;
  project_name: string | null;
  target_region_code: string | null;
  amount: number;
  effective: number | null;
  carved: number | null;
  remaining: number | null;
  origin_kind: string | null;
  parent_doc_id: string | null;
  root_doc_id: string;
  depth: number;
  is_leaf: boolean | null;
};

export function toNode(r: NodeRecord): TraceNode {
  return {
    doc_id: r.doc_id,
    doc_no: r.doc_no,
    txn_code: r.txn_code,
    txn_name: txnName(r.txn_code),
    region_code: r.region_code,
    region_name: r.region_name,
    budget_year: r.budget_year,
    doc_date: r.doc_date,
    fund_code: r.fund_code,
    project_code: r.project_code,
    project_name: r.project_name,
    target_region_code: r.target_region_code,
    amount: Number(r.amount),
    effective: Number(r.effective ?? r.amount),
    carved: Number(r.carved ?? 0),
    remaining: Number(r.remaining ?? 0),
    origin_kind: r.origin_kind,
    parent_doc_id: r.parent_doc_id,
    root_doc_id: r.root_doc_id,
    depth: r.depth,
    is_leaf: r.is_leaf ?? true,
  };
}

export function toRow(n: TraceNode): DocumentRow {
  const { parent_doc_id: _p, root_doc_id: _r, depth: _d, is_leaf: _l, ...row } = n;
  return row;
}

export interface DocumentFilter {
  region: string;
  year?: number | undefined;
  fund?: string | undefined;
  txn?: string | undefined;
  project?: string | undefined;
}

export async function listDocuments(
  wh: Warehouse,
  f: DocumentFilter,
  page: number,
  pageSize: number,
): Promise<{ rows: DocumentRow[]; total_rows: number; total_effective: number }> {
  const rows = await listed(wh, f)
    .select('s.row')
    // the totals of the whole filter in the same pass (windows are computed before the limit)
    .select([
      sql<number>`count(*) over ()`.as('total_rows'),
      sql<number>`coalesce(sum(s.effective) over (), 0)`.as('total_effective'),
    ])
    .orderBy('s.doc_date')
    .orderBy('s.doc_id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const first = rows[0];
  // a page past the end has no rows to carry the totals: a query of their own
  const total = first
    ? { n: first.total_rows, s: first.total_effective }
    : await listed(wh, f)
        .select([sql<number>`count(*)::bigint`.as('n'), sql<number>`coalesce(sum(s.effective), 0)::bigint`.as('s')])
        .executeTakeFirstOrThrow();
  return {
    rows: rows.map((r) => toRow(toNode(JSON.parse(r.row) as NodeRecord))),
    total_rows: Number(total.n),
    total_effective: Number(total.s),
  };
}

/**
 * The documents of a list's filter: one scope's range of marts.scope_documents (every document of the region
 * `f.region`, which must have passed RegionScope.region(), and of the regions below it).
 */
function listed(wh: Warehouse, f: DocumentFilter) {
  let q = kyselyFor(wh)
    .selectFrom('marts.scope_documents as s')
    .where('s.scope_key', '=', Number(f.region))
    .where('s.scope_code', '=', f.region);
  if (f.year !== undefined) q = q.where('s.budget_year', '=', f.year);
  if (f.fund !== undefined) q = q.where('s.fund_code', '=', f.fund);
  if (f.txn !== undefined) q = q.where('s.txn_code', '=', f.txn);
  if (f.project !== undefined) q = q.where('s.project_code', '=', f.project);
  return q;
}

/** Where a document sits in tree order (marts.document_cards): its subtree is (tree_pos, subtree_end]. */
export interface TreePlace {
  tree_pos: number;
  subtree_end: number;
  root_pos: number;
}

/**
 * One document in scope (or undefined) from its card (marts.document_cards): the node, its place in tree order,
 * its text fields and postings, and the payment detail citing it (marts.document_payments), in one query.
 */
export async function findDocumentDetail(
  wh: Warehouse,
  docId: string,
  scopeRoot: string,
): Promise<
  | {
      node: TraceNode;
      place: TreePlace;
      text: { summary: string | null; func_subject: string | null; econ_subject: string | null };
      postings: PostingRow[];
      payments: { rows: number; paid: number; payable: number };
    }
  | undefined
> {
  const row = await kyselyFor(wh)
    .selectFrom('marts.document_cards as c')
    .leftJoin('marts.document_payments as dp', 'dp.doc_id', 'c.doc_id')
    .select(['c.node', 'c.detail', 'c.tree_pos', 'c.subtree_end', 'c.root_pos'])
    .select(['dp.payments', 'dp.detail_paid', 'dp.detail_payable'])
    .where('c.doc_id', '=', docId)
    .where((eb) => below(eb, 'c.region_code', scopeRoot))
    .executeTakeFirst();
  if (!row) return undefined;
  const detail = JSON.parse(row.detail) as {
    summary: string | null;
    func_subject: string | null;
    econ_subject: string | null;
    postings: PostingRow[];
  };
  return {
    node: toNode(JSON.parse(row.node) as NodeRecord),
    place: { tree_pos: row.tree_pos, subtree_end: row.subtree_end, root_pos: row.root_pos },
    text: { summary: detail.summary, func_subject: detail.func_subject, econ_subject: detail.econ_subject },
    postings: detail.postings,
    payments: {
      rows: Number(row.payments ?? 0),
      paid: Number(row.detail_paid ?? 0),
      payable: Number(row.detail_payable ?? 0),
    },
  };
}

/**
 * A document's place in its tree, in one scan of marts.document_cards: the chain of its sources (the documents
 * from its root down to itself) and the documents below it (at most `cap`), both within the scope, in tree
 * order. In tree order a subtree is contiguous, so the rows of [root_pos, subtree_end] whose own subtree reaches
 * the document are exactly its sources, itself and its subtree.
 */
export async function treeOf(
  wh: Warehouse,
  node: TraceNode,
  place: TreePlace,
  scopeRoot: string,
  cap: number,
): Promise<{ ancestors: TraceNode[]; descendants: TraceNode[]; truncated: boolean }> {
  const rows = await kyselyFor(wh)
    .selectFrom('marts.document_cards as c')
    .select(['c.node', 'c.tree_pos'])
    .where('c.tree_pos', '>=', place.root_pos)
    .where('c.tree_pos', '<=', place.subtree_end)
    .where('c.subtree_end', '>=', place.tree_pos)
    .where((eb) => below(eb, 'c.region_code', scopeRoot))
    .orderBy('c.tree_pos')
    // the sources and the document itself (at most depth + 1 rows), then one more than the cap below it
    .limit(node.depth + 1 + cap + 1)
    .execute();
  const under = rows.filter((r) => r.tree_pos > place.tree_pos);
  const nodes = (list: typeof rows): TraceNode[] => list.map((r) => toNode(JSON.parse(r.node) as NodeRecord));
  return {
    ancestors: nodes(rows.filter((r) => r.tree_pos <= place.tree_pos)),
    descendants: nodes(under.slice(0, cap)),
    truncated: under.length > cap,
  };
}

/**
 * The source of a document being registered: in scope, or addressed to the scope (the upper level's T05/T06
 * that a T01 imports), with the level its money started at.
 */
export async function sourceOf(
  wh: Warehouse,
  docId: string,
  scopeRoot: string,
): Promise<{ node: TraceNode; rootLevel: string | null; rootRegion: string | null } | undefined> {
  const row = await baseQuery(wh)
    .select(nodeColumns)
    .select(['t.root_level', 't.root_region'])
    .where('t.doc_id', '=', docId)
    .where((eb) => eb.or([below(eb, 't.region_code', scopeRoot), below(eb, 't.target_region_code', scopeRoot)]))
    .executeTakeFirst();
  return row ? { node: toNode(row), rootLevel: row.root_level, rootRegion: row.root_region } : undefined;
}

export async function postingsOf(wh: Warehouse, docId: string): Promise<PostingRow[]> {
  const rows = await kyselyFor(wh)
    .selectFrom('ledger.postings as p')
    .innerJoin('ledger.accounts as a', 'a.account_code', 'p.account_code')
    .select([
      'p.posting_id',
      'p.account_code',
      'a.account_name',
      'p.region_code',
      'p.budget_year',
      'p.fund_code',
      'p.debit',
      'p.credit',
      'p.source_type',
    ])
    .where('p.doc_id', '=', docId)
    .orderBy('p.posting_id')
    .execute();
  return rows.map((r) => ({ ...r, debit: Number(r.debit), credit: Number(r.credit) }));
}

/** 中央/省/市/本级 of a region's fund in a year (marts.origin_composition). */
export async function originOf(
  wh: Warehouse,
  region: string,
  fund: string | null,
  year: number,
): Promise<{ origin_kind: string; amount: number; share: number | null }[]> {
  let q = kyselyFor(wh)
    .selectFrom('marts.origin_composition')
    .select(['origin_kind', sql<number>`sum(amount)::bigint`.as('amount')])
    .where('region_code', '=', region)
    .where('budget_year', '=', year);
  q = fund === null ? q.where('fund_code', 'is', null) : q.where('fund_code', '=', fund);
  const rows = await q.groupBy('origin_kind').orderBy('amount', 'desc').execute();
  const total = rows.reduce((s, r) => s + Number(r.amount), 0);
  return rows.map((r) => ({
    origin_kind: r.origin_kind ?? '未知',
    amount: Number(r.amount),
    share: total === 0 ? null : Number(r.amount) / total,
  }));
}
