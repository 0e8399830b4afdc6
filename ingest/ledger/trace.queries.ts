/**
 * Tracing over the document tree (ledger.md): every document but T02 and T09 has one source, so the origin of
 * any amount is found by walking up to the root (a T02, money a level arranged itself), with no proportional
 * guessing; and consolidation across levels counts only the roots (本级安排, plus 上年结转), eliminating what
 * merely passed through. Small SQL helpers until the models of a later issue take over. Amounts in 分.
 */
import type { Warehouse } from '../../warehouse/index.ts';

/** Walks up from `start_id`s (a SQL query returning one column start_id) to their roots. */
function walkUpSql(startQuery: string): string {
  return `
with recursive up(start_id, doc_id, source_doc_id, depth) as (
  select d.doc_id, d.doc_id, d.source_doc_id, 0
  from ledger.documents as d where d.doc_id in (${startQuery})
  union all
  select u.start_id, p.doc_id, p.source_doc_id, u.depth + 1
  from up as u join ledger.documents as p on p.doc_id = u.source_doc_id
  where u.depth < 100
)`;
}

export type DocumentPathStep = {
  doc_id: string;
  txn_code: string;
  region_code: string;
  fund_code: string | null;
  budget_year: number;
  amount: number;
  depth: number;
};

/** The document and its ancestors, itself first and the root last. */
export async function documentPath(wh: Warehouse, docId: string): Promise<DocumentPathStep[]> {
  return wh.all<DocumentPathStep>(
    `${walkUpSql('select $1')}
     select d.doc_id, d.txn_code, d.region_code, d.fund_code, d.budget_year, d.amount, u.depth
     from up as u join ledger.documents as d on d.doc_id = u.doc_id
     order by u.depth`,
    [docId],
  );
}

export type OriginRow = {
  root_doc_id: string;
  root_txn_code: string;
  root_region_code: string;
  root_fund_code: string | null;
  root_budget_year: number;
  /** Σ effective amounts of the fund's inflow documents that come from this root (分) */
  amount: number;
  documents: number;
};

export interface OriginScope {
  regionCode: string;
  fundCode: string;
  /** only the inflows of this budget year (T10s carried into it count as inflows of it) */
  budgetYear?: number;
}

/**
 * Where the money of one local fund came from: its inflow documents (T01/T02/T03 registering money into the
 * fund, and T10s carrying it into the year) traced to their roots, summed per root.
 */
export async function traceOrigins(wh: Warehouse, scope: OriginScope): Promise<OriginRow[]> {
  const year = scope.budgetYear ?? null;
  return wh.all<OriginRow>(
    `${walkUpSql(`
       select doc_id from ledger.document_balances
       where region_code = $1 and fund_code = $2
         and ((txn_code in ('T01', 'T02', 'T03') and ($3::integer is null or budget_year = $3::integer))
              or (txn_code = 'T10' and $3::integer is not null and money_year = $3::integer))`)},
     roots as (select start_id, doc_id as root_id from up where source_doc_id is null)
     select r.root_id as root_doc_id, root.txn_code as root_txn_code, root.region_code as root_region_code,
       root.fund_code as root_fund_code, root.budget_year as root_budget_year,
       sum(b.effective)::bigint as amount, count(*)::bigint as documents
     from roots as r
     join ledger.documents as root on root.doc_id = r.root_id
     join ledger.document_balances as b on b.doc_id = r.start_id
     group by all
     order by amount desc, root_doc_id`,
    [scope.regionCode, scope.fundCode, year],
  );
}

export interface ConsolidatedSources {
  budgetYear: number;
  /** the region whose subtree is consolidated; null = every region */
  regionCode: string | null;
  /** Σ 4001 credit balances of every level in scope (double counts what passed through) */
  summed: number;
  /** 本级安排 of every level in scope */
  own: number;
  /** 上年结转 of every level in scope */
  carried: number;
  /** 上级/横向 transfers whose issuing region is outside the scope */
  fromOutside: number;
  /** consolidated sources = own + carried + fromOutside */
  total: number;
}

/** Consolidated sources of a budget year across levels: interlocked transfers inside the scope eliminated. */
export async function consolidatedSources(
  wh: Warehouse,
  options: { budgetYear: number; regionCode?: string },
): Promise<ConsolidatedSources> {
  const region = options.regionCode ?? null;
  const row = await wh.one<{ summed: number; own: number; carried: number; from_outside: number }>(
    `with scope as (
       select code from raw.region_current where $2::varchar is null
       union
       select code from raw.region_closure where ancestor_code = $2::varchar
     ),
     sources as (
       select p.source_type, p.credit - p.debit as amount, s.region_code as issuer
       from ledger.postings as p
       left join ledger.documents as s on s.doc_id = p.source_doc_id
       where p.account_code = '4001' and p.budget_year = $1
         and p.region_code in (select code from scope)
     )
     select coalesce(sum(amount), 0)::bigint as summed,
       coalesce(sum(amount) filter (where source_type = '本级安排'), 0)::bigint as own,
       coalesce(sum(amount) filter (where source_type = '上年结转'), 0)::bigint as carried,
       coalesce(sum(amount) filter (where source_type in ('上级转移支付', '横向转移支付')
                                    and (issuer is null or issuer not in (select code from scope))), 0)::bigint
         as from_outside
     from sources`,
    [options.budgetYear, region],
  );
  const r = row ?? { summed: 0, own: 0, carried: 0, from_outside: 0 };
  return {
    budgetYear: options.budgetYear,
    regionCode: region,
    summed: r.summed,
    own: r.own,
    carried: r.carried,
    fromOutside: r.from_outside,
    total: r.own + r.carried + r.from_outside,
  };
}
