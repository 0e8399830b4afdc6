/**
 * Postings of one level, set-based:
 * - T01–T08 and T10's next-year half: one join of the documents with ledger.txn_templates
 *   (applies always / with_fund / without_fund; fund_from doc / source; year_offset; sign; 'by_source' =
 *   上级转移支付 when the T01's source is a T05, 横向转移支付 when a T06);
 * - T09: the corrected document's own lines with the T09 amount (negative), same region, year, fund;
 * - T10's year-Y half: the red mirror of the carried part of its source's lines in that year — for a source
 *   T03 also of the T03's own source (its Dr 1001 / Cr 4001), so that the carried amount leaves year Y whole
 *   (4001 and 5001 fall, 1001 keeps matching its documents).
 * Rule 1 is then checked on what was generated: per document and budget year Σ debit = Σ credit, and at least
 * one line. It only fails when the template table is misconfigured.
 */
import type { Warehouse } from '../../warehouse/index.ts';
import { reason } from './rejection.reasons.ts';
import type { Profile } from './ledger.profile.ts';
import { T } from './rule-checks.sql.ts';

/** The columns of ledger.postings from doc_id to corrects_doc_id (all but posting_id and the hashes). */
export const POSTING_COLUMN_LIST = `doc_id, txn_code, region_code, budget_year, doc_date, fund_code, account_code, debit,
  credit, source_type, project_code, target_region_code, source_doc_id, corrects_doc_id`;

const POSTING_COLUMN_TYPES = `doc_id varchar, txn_code varchar, region_code varchar, budget_year integer,
  doc_date date, fund_code varchar, account_code varchar, debit bigint, credit bigint, source_type varchar,
  project_code varchar, target_region_code varchar, source_doc_id varchar, corrects_doc_id varchar`;

/** The batch's accepted postings, numbered, in posting order; the hashes come last (hash.chain.ts). */
export const NEW_POSTING_COLUMNS = `posting_id bigint, ${POSTING_COLUMN_TYPES}`;

/** A level's generated postings: `seq`, `rid` and `ord` give their order (document, then line). */
const LEVEL_POSTING_COLUMNS = `seq bigint, rid bigint, ord bigint, ${POSTING_COLUMN_TYPES}`;

const PART = 100_000_000_000_000; // line-order parts: mirror of source, mirror of the T03's source, template

const lineColumns = `doc_id, posting_id as ord, region_code, budget_year, fund_code, account_code, debit, credit,
  source_type, project_code, target_region_code, source_doc_id`;

const redOf = (amount: string, side: string): string =>
  `case when s.${side} <> 0 then ${amount} * sign(s.${side}) else 0 end`;

/** `derived`: how many documents of the level still in play are T09/T10 (their lines copy other lines). */
export async function buildLevelPostings(wh: Warehouse, derived: number, profile?: Profile): Promise<void> {
  await wh.run(`create or replace temp table ${T.levelPostings} (${LEVEL_POSTING_COLUMNS})`);
  await wh.run(`
insert into ${T.levelPostings}
select d.seq, d.rid, ${2 * PART} + t.line_no, d.doc_id, d.txn_code, d.region_code, d.budget_year + t.year_offset,
  d.doc_date, case when t.fund_from = 'source' then d.p_fund else d.fund_code end, t.account_code,
  case when t.side = 'D' then d.amount * t.sign else 0 end,
  case when t.side = 'C' then d.amount * t.sign else 0 end,
  case when t.source_type = 'by_source'
       then case d.p_txn when 'T05' then '上级转移支付' when 'T06' then '横向转移支付' end
       else t.source_type end,
  d.project_code, d.target_region_code, d.source_doc_id, d.corrects_doc_id
from ${T.level} as d
join ledger.txn_templates as t
  on t.txn_code = d.txn_code
 and (t.applies = 'always'
      or (t.applies = 'with_fund' and d.fund_code is not null)
      or (t.applies = 'without_fund' and d.fund_code is null))
where d.reason is null and d.txn_code <> 'T09'`);
  profile?.mark('level: template postings');

  if (derived > 0) {
    // The lines T09 and T10 copy: the corrected/carried document's, and for a T10 of a T03 the T03's source's.
    await wh.run(`
create or replace temp table ${T.srcLines} as
with need as (
  select parent_id as doc_id from ${T.level} where reason is null and txn_code in ('T09', 'T10')
  union
  select p_source from ${T.level} where reason is null and txn_code = 'T10' and p_txn = 'T03'
)
select ${lineColumns} from ledger.postings where doc_id in (select doc_id from need)
union all
select ${lineColumns} from ${T.newPostings} where doc_id in (select doc_id from need)`);
    await wh.run(`
insert into ${T.levelPostings}
select d.seq, d.rid, s.ord, d.doc_id, 'T09', s.region_code, s.budget_year, d.doc_date, s.fund_code, s.account_code,
  ${redOf('d.amount', 'debit')}, ${redOf('d.amount', 'credit')}, s.source_type, s.project_code,
  s.target_region_code, s.source_doc_id, d.corrects_doc_id
from ${T.level} as d join ${T.srcLines} as s on s.doc_id = d.parent_id
where d.reason is null and d.txn_code = 'T09'
union all
select d.seq, d.rid, s.ord, d.doc_id, 'T10', s.region_code, s.budget_year, d.doc_date, s.fund_code, s.account_code,
  ${redOf('-d.amount', 'debit')}, ${redOf('-d.amount', 'credit')}, s.source_type, d.project_code,
  d.target_region_code, d.source_doc_id, d.corrects_doc_id
from ${T.level} as d join ${T.srcLines} as s on s.doc_id = d.parent_id and s.budget_year = d.budget_year
where d.reason is null and d.txn_code = 'T10'
union all
select d.seq, d.rid, ${PART} + s.ord, d.doc_id, 'T10', s.region_code, s.budget_year, d.doc_date, s.fund_code,
  s.account_code, ${redOf('-d.amount', 'debit')}, ${redOf('-d.amount', 'credit')}, s.source_type, d.project_code,
  d.target_region_code, d.source_doc_id, d.corrects_doc_id
from ${T.level} as d join ${T.srcLines} as s on s.doc_id = d.p_source and s.budget_year = d.budget_year
where d.reason is null and d.txn_code = 'T10' and d.p_txn = 'T03'`);
    profile?.mark('level: T09/T10 postings');
  }

  // Rule 1: balanced per document and budget year, and not empty.
  await wh.run(`
update ${T.level} set reason = ${reason('R1')}, r1_year = r.budget_year, r1_dr = r.dr, r1_cr = r.cr
from (
  select rid, budget_year, dr, cr
  from (select rid, budget_year, sum(debit)::bigint as dr, sum(credit)::bigint as cr
        from ${T.levelPostings} group by rid, budget_year)
  where dr <> cr
  qualify row_number() over (partition by rid order by budget_year) = 1
  union all
  select rid, null, null, null from ${T.level}
  where reason is null and rid not in (select rid from ${T.levelPostings})
) as r
where r.rid = ${T.level}.rid`);
  profile?.mark('level: rule 1');
}
