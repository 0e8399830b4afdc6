/** 总台账: one row per (budget_year, region_code, fund_code, account_code) with any posting. */
import { QueryParams, scopeConditions, type ExportQuery, type ExportScope } from './export-scope.ts';

export function ledgerQuery(scope: ExportScope): ExportQuery {
  const params = new QueryParams();
  const sql = `
    with postings as (
      select p.budget_year, p.region_code, p.fund_code, p.account_code, p.debit, p.credit
      from ledger.postings as p
      ${scopeConditions(scope, params, 'p')}
    ),
    balances as (
      select
        budget_year, region_code, fund_code, account_code,
        sum(debit)::bigint as debit,
        sum(credit)::bigint as credit
      from postings
      group by budget_year, region_code, fund_code, account_code
    )
    select
      b.budget_year, b.region_code, b.fund_code, b.account_code, a.account_name,
      b.debit, b.credit, b.debit - b.credit as balance
    from balances as b
    left join ledger.accounts as a on a.account_code = b.account_code
    order by b.budget_year, b.region_code, b.fund_code nulls first, b.account_code`;
  return { sql, params: params.values };
}
