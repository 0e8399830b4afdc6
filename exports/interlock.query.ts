/**
 * 咬合: one row per T05/T06 document, read from marts.interlock: issued (its amount with its red corrections),
 * imported (Σ effective amounts of the T01s that import it), in_transit = issued − imported. A transfer is in
 * scope when either end is.
 */
import { QueryParams, inRegion, scopeConditions, type ExportQuery, type ExportScope } from './export-scope.ts';

export const INTERLOCK_MART = 'marts.interlock';

export function interlockQuery(scope: ExportScope): ExportQuery {
  const params = new QueryParams();
  const where = scopeConditions(
    scope,
    params,
    'i',
    (p) => `(${inRegion('i.from_region', p)} or ${inRegion('i.to_region', p)})`,
  );
  const sql = `
    select
      i.doc_id, i.from_region, i.to_region, i.budget_year, i.issued, i.imported, i.in_transit, i.issued_date,
      i.first_import_date
    from marts.interlock as i
    ${where}
    order by i.budget_year, i.issued_date, i.doc_id`;
  return { sql, params: params.values };
}
