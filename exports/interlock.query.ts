/**
 * 咬合: one row per T05/T06 document. issued = its amount + its T09s; imported = Σ effective amounts of the
 * T01s that import it (what ledger.document_balances calls carved: only T01s are carved from a transfer);
 * in_transit = issued − imported. A transfer is in scope when either end is.
 */
import { EFFECTIVE_DOCUMENTS_CTES } from './effective-documents.sql.ts';
import { QueryParams, inRegion, scopeConditions, type ExportQuery, type ExportScope } from './export-scope.ts';

export function interlockQuery(scope: ExportScope): ExportQuery {
  const params = new QueryParams();
  const where = scopeConditions(
    scope,
    params,
    't',
    (p) => `(${inRegion('t.region_code', p)} or ${inRegion('t.target_region_code', p)})`,
  );
  const sql = `
    with ${EFFECTIVE_DOCUMENTS_CTES},
    transfers as (
      select t.*
      from effective as t
      ${where ? `${where} and` : 'where'} t.txn_code in ('T05', 'T06')
    ),
    first_imports as (
      select source_doc_id as doc_id, min(doc_date) as first_import_date
      from effective
      where txn_code = 'T01' and source_doc_id is not null
      group by source_doc_id
    )
    select
      t.doc_id,
      t.region_code as from_region,
      t.target_region_code as to_region,
      t.budget_year,
      t.effective_amount as issued,
      t.carved as imported,
      (t.effective_amount - t.carved)::bigint as in_transit,
      t.doc_date as issued_date,
      i.first_import_date
    from transfers as t
    left join first_imports as i on i.doc_id = t.doc_id
    order by t.budget_year, t.doc_date, t.doc_id`;
  return { sql, params: params.values };
}
