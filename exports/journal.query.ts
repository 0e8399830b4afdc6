/** 序时账: one row per posting, in the order of the hash chain. */
import { QueryParams, scopeConditions, type ExportQuery, type ExportScope } from './export-scope.ts';

export function journalQuery(scope: ExportScope): ExportQuery {
  const params = new QueryParams();
  const sql = `
    select
      p.posting_id, p.doc_id, p.txn_code, p.region_code, p.budget_year, p.doc_date, p.fund_code,
      p.account_code, p.debit, p.credit, p.source_type, p.project_code, p.target_region_code,
      p.source_doc_id, p.corrects_doc_id, p.hash
    from ledger.postings as p
    ${scopeConditions(scope, params, 'p')}
    order by p.posting_id`;
  return { sql, params: params.values };
}
