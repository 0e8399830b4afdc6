/**
 * Shared CTEs of interlock and trace: every document with what ledger.document_balances (migration 003, the
 * ledger's own definition, also used by the engine's rules 2/5 and by `verify`) says of it — corrected,
 * effective (its amount plus the red corrections, T09, that name it), carved (Σ effective amounts of the
 * documents carved from it) and remaining — plus its date.
 */
export const EFFECTIVE_DOCUMENTS_CTES = `
    documents as (
      select doc_id, region_code, doc_date from ledger.documents
    ),
    effective as (
      select b.*, b.effective as effective_amount, d.doc_date
      from ledger.document_balances as b
      join documents as d on d.doc_id = b.doc_id
    )`;
