/**
 * 追溯: one row per document placed in its tree, read from marts.document_trace (every document but T02 and
 * T09 is carved from one source; a T09 hangs under the document it corrects). The root of a document in scope
 * is found even when it lies outside the scope. Rows come in tree order (each subtree contiguous).
 */
import { QueryParams, scopeConditions, type ExportQuery, type ExportScope } from './export-scope.ts';

export const TRACE_MART = 'marts.document_trace';

export function traceQuery(scope: ExportScope): ExportQuery {
  const params = new QueryParams();
  const sql = `
    select
      t.doc_id, t.parent_doc_id, t.root_doc_id, t.root_region, t.region_code, t.fund_code, t.txn_code,
      t.amount, t.carved, t.remaining, t.depth
    from marts.document_trace as t
    ${scopeConditions(scope, params, 't')}
    order by t.sort_path`;
  return { sql, params: params.values };
}
