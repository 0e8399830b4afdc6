/**
 * 总台账: one row per (budget_year, region_code, fund_code, account_code) with any posting, read from
 * marts.general_ledger (which keeps 4001's source types apart; the export sums over them).
 */
import { QueryParams, scopeConditions, type ExportQuery, type ExportScope } from './export-scope.ts';

export const LEDGER_MART = 'marts.general_ledger';

export function ledgerQuery(scope: ExportScope): ExportQuery {
  const params = new QueryParams();
  const sql = `
    select
      g.budget_year, g.region_code, g.fund_code, g.account_code, g.account_name,
      sum(g.debit)::bigint as debit,
      sum(g.credit)::bigint as credit,
      sum(g.balance)::bigint as balance
    from marts.general_ledger as g
    ${scopeConditions(scope, params, 'g')}
    group by g.budget_year, g.region_code, g.fund_code, g.account_code, g.account_name
    order by g.budget_year, g.region_code, g.fund_code nulls first, g.account_code`;
  return { sql, params: params.values };
}
