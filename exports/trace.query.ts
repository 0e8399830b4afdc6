/**
 * 追溯: one row per document, placed in its tree (ledger.md: every document but T02 and T09 is carved from
 * one source; a T09 hangs under the document it corrects). A recursive CTE walks down from the roots, so the
 * root of a document in scope is found even when it lies outside the scope. Rows come in tree order (each
 * subtree contiguous).
 *
 * carved and remaining are the ledger's own (ledger.document_balances): carved = Σ effective amounts (amount
 * + their T09s) of the documents whose source is it; remaining = amount + Σ its T09s − carved, 0 for a T09.
 */
import { EFFECTIVE_DOCUMENTS_CTES } from './effective-documents.sql.ts';
import { QueryParams, scopeConditions, type ExportQuery, type ExportScope } from './export-scope.ts';

/**
 * Documents are registered only after their source, so the tree has no cycles; the bound only stops a
 * corrupted warehouse from recursing without end (real chains are about ten levels deep).
 */
const MAX_DEPTH = 200;

export function traceQuery(scope: ExportScope): ExportQuery {
  const params = new QueryParams();
  const sql = `
    with recursive ${EFFECTIVE_DOCUMENTS_CTES},
    nodes as (
      select e.*, case when e.txn_code = 'T09' then e.corrects_doc_id else e.source_doc_id end as parent_doc_id
      from effective as e
    ),
    tree(doc_id, root_doc_id, depth, path) as (
      select n.doc_id, n.doc_id, 0, [n.doc_id]
      from nodes as n
      where n.parent_doc_id is null or n.parent_doc_id not in (select doc_id from documents)
      union all
      select n.doc_id, t.root_doc_id, t.depth + 1, list_append(t.path, n.doc_id)
      from tree as t
      join nodes as n on n.parent_doc_id = t.doc_id
      where t.depth < ${MAX_DEPTH}
    )
    select
      n.doc_id,
      n.parent_doc_id,
      t.root_doc_id,
      r.region_code as root_region,
      n.region_code,
      n.fund_code,
      n.txn_code,
      n.amount,
      n.carved,
      n.remaining,
      t.depth
    from tree as t
    join nodes as n on n.doc_id = t.doc_id
    join documents as r on r.doc_id = t.root_doc_id
    ${scopeConditions(scope, params, 'n')}
    order by t.path`;
  return { sql, params: params.values };
}
