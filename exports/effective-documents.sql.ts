/**
 * Shared CTEs of interlock and trace: every document with its effective amount (its own amount plus the
 * red corrections, T09, that name it).
 */
export const EFFECTIVE_DOCUMENTS_CTES = `
    documents as (
      select
        doc_id, txn_code, region_code, target_region_code, fund_code, budget_year, doc_date,
        source_doc_id, corrects_doc_id, amount
      from ledger.documents
    ),
    corrections as (
      select corrects_doc_id as doc_id, sum(amount)::bigint as corrected
      from documents
      where txn_code = 'T09' and corrects_doc_id is not null
      group by corrects_doc_id
    ),
    effective as (
      select d.*, coalesce(c.corrected, 0) as corrected, d.amount + coalesce(c.corrected, 0) as effective_amount
      from documents as d
      left join corrections as c on c.doc_id = d.doc_id
    )`;
