/**
 * The SQL of the engine's checks, each over a whole batch or a whole level (never per document):
 * - classify: rule 7 (same doc_id: unchanged, conflict, repeat within the batch),
 * - field checks that need no source document (amount sign, rule 8, rule 6, required fields, region tree),
 * - levels of the batch's document tree (a document carved from one of the same batch comes a level later),
 * - source checks of one level (rule 3, source kinds, years, funds, rule 4).
 * Every check yields a reason key (rejection.reasons.ts renders the messages once per batch); the first failing
 * check of a document wins.
 */
import { DOCUMENT_CONTENT_HASH_SQL } from './canonical.content.ts';
import { reason as R } from './rejection.reasons.ts';

export const TXN_CODES = ['T01', 'T02', 'T03', 'T04', 'T05', 'T06', 'T07', 'T08', 'T09', 'T10'] as const;
const TXN_LIST = TXN_CODES.map((t) => `'${t}'`).join(', ');

/** The names of the engine's temp tables (one session posts one batch at a time). */
export const T = {
  input: '_ldg_in',
  repeats: '_ldg_repeats',
  accepted: '_ldg_acc',
  anc: '_ldg_anc',
  regionCheck: '_ldg_regchk',
  prev: '_ldg_prev',
  cand: '_ldg_cand',
  level: '_ldg_lv',
  srcLines: '_ldg_srcl',
  levelPostings: '_ldg_lvpost',
  newPostings: '_ldg_newpost',
  cons: '_ldg_cons',
  rej: '_ldg_rej',
  messages: '_ldg_msg',
  hashBlocks: '_ldg_hblk',
  hashes: '_ldg_hash',
} as const;

/**
 * Every stage row (`rid` = its rowid in the stage; the wide columns stay in the stage), with its content hash
 * and what rule 7 makes of it: new,
 * unchanged (same id and content already in the ledger), conflict_existing, repeat (same id and content as an
 * earlier row of the batch), conflict_batch. Only doc_ids that occur more than once go through a window.
 */
export function classifySql(stage: string): string {
  return `
create or replace temp table ${T.repeats} as
select st.rowid as rid, st.doc_id, coalesce(st.row_no, st.seq) as row_ref, ${DOCUMENT_CONTENT_HASH_SQL} as content_hash,
  row_number() over (partition by st.doc_id order by st.seq, st.rowid) as occurrence
from ${stage} as st
where st.doc_id in (select doc_id from ${stage} group by doc_id having count(*) > 1);

create or replace temp table ${T.input} as
with s as (
  select st.rowid as rid, st.seq, st.row_no, st.doc_id, st.txn_code, st.region_code, st.budget_year, st.doc_date,
    st.source_doc_id, st.corrects_doc_id, st.fund_code, st.project_code, st.target_region_code, st.amount,
    st.advance, ${DOCUMENT_CONTENT_HASH_SQL} as content_hash
  from ${stage} as st
)
select s.*, f.rid as first_rid, f.row_ref as first_row,
  case
    when e.doc_id is not null and e.content_hash = s.content_hash then 'unchanged'
    when e.doc_id is not null then 'conflict_existing'
    when f.rid is null or f.rid = s.rid then 'new'
    when s.content_hash = f.content_hash then 'repeat'
    else 'conflict_batch'
  end as kind
from s
left join (select * from ${T.repeats} where occurrence = 1) as f on f.doc_id = s.doc_id
left join ledger.documents as e on e.doc_id = s.doc_id`;
}

/** Region ancestry of the batch's transfer targets (raw.region_closure, latest version of each code). */
export const ANCESTRY_SQL = `
create or replace temp table ${T.anc} as
select ancestor_code, code, min(depth) as depth from raw.region_closure
where code in (select target_region_code from ${T.input} where kind = 'new' and target_region_code is not null)
group by ancestor_code, code`;

/** Rule 6 for every (region, year) the batch needs: the code exists, and is in use that year. */
export const REGION_CHECK_SQL = `
create or replace temp table ${T.regionCheck} as
with need as (
  select region_code as code, budget_year as year from ${T.input} where kind = 'new'
  union
  select region_code, budget_year + 1 from ${T.input} where kind = 'new' and txn_code = 'T10'
  union
  select target_region_code, budget_year from ${T.input} where kind = 'new' and target_region_code is not null
)
select n.code, n.year,
  exists (select 1 from raw.regions as r
          where r.code = n.code and r.valid_from <= n.year and n.year < coalesce(r.valid_to, 9999)) as in_use,
  exists (select 1 from raw.regions as r where r.code = n.code) as known
from need as n`;

/**
 * New documents (first occurrence of a doc_id not yet in the ledger), with `s_reason`, the first failing field
 * check, and `s_flag` (for rule 6: whether the code exists at all). The named fund's designation
 * (upper_fund_code, upper_region_code: rules 3 and 4) is looked up here once for all levels; content_hash rides
 * along for the ledger.documents insert.
 */
export const CANDIDATES_SQL = `
create or replace temp table ${T.cand} as
with b as (
  select i.rid, i.seq, i.doc_id, i.txn_code, i.region_code, i.budget_year, i.doc_date, i.source_doc_id,
    i.corrects_doc_id, i.fund_code, i.project_code, i.target_region_code, i.amount, i.advance, i.content_hash,
    case when i.txn_code = 'T09' then i.corrects_doc_id when i.txn_code = 'T02' then null else i.source_doc_id end
      as parent_id
  from ${T.input} as i
  where i.kind = 'new'
),
checked as (
  select b.*, f.upper_fund_code, f.upper_region_code,
    coalesce(b.parent_id in (select doc_id from b), false) as parent_in_batch,
    case
      when b.txn_code not in (${TXN_LIST}) then ${R('TXN_CODE')}
      when b.txn_code = 'T09' and b.amount >= 0 then ${R('AMOUNT_T09')}
      when b.txn_code <> 'T09' and b.amount <= 0 then ${R('AMOUNT_POSITIVE')}
      when b.txn_code in ('T02', 'T09') and b.source_doc_id is not null then ${R('SOURCE_NOT_ALLOWED')}
      when b.txn_code not in ('T02', 'T09') and b.source_doc_id is null then ${R('SOURCE_REQUIRED')}
      when b.txn_code = 'T09' and b.corrects_doc_id is null then ${R('CORRECTS_REQUIRED')}
      when b.txn_code <> 'T09' and b.corrects_doc_id is not null then ${R('CORRECTS_NOT_ALLOWED')}
      when b.txn_code in ('T05', 'T06') and b.target_region_code is null then ${R('TARGET_REQUIRED')}
      when b.txn_code not in ('T05', 'T06') and b.target_region_code is not null then ${R('TARGET_NOT_ALLOWED')}
      when b.txn_code = 'T04' and b.project_code is null then ${R('PROJECT_REQUIRED')}
      when b.txn_code = 'T03' and b.fund_code is null then ${R('FUND_REQUIRED')}
      when not (year(b.doc_date) = b.budget_year
                or (b.advance and b.txn_code <> 'T10'
                    and b.doc_date between make_date(b.budget_year - 1, 10, 1) and make_date(b.budget_year - 1, 12, 31)))
        then ${R('R8_DATE')}
      when not rc.in_use then ${R('R6_REGION')}
      when b.txn_code = 'T10' and not rn.in_use then ${R('R6_REGION_NEXT')}
      when b.target_region_code is not null and not rt.in_use then ${R('R6_TARGET')}
      when b.txn_code = 'T05' and not coalesce(a.depth > 0, false) then ${R('TARGET_NOT_DESCENDANT')}
      when b.txn_code = 'T06' and a.depth is not null then ${R('TARGET_IS_DESCENDANT')}
      when b.txn_code in ('T01', 'T02', 'T03') and b.fund_code is not null and f.fund_code is null then ${R('FUND_UNKNOWN')}
    end as s_reason,
    rc.known as region_known, rn.known as next_known, rt.known as target_known
  from b
  left join ${T.regionCheck} as rc on rc.code = b.region_code and rc.year = b.budget_year
  left join ${T.regionCheck} as rn on rn.code = b.region_code and rn.year = b.budget_year + 1
  left join ${T.regionCheck} as rt on rt.code = b.target_region_code and rt.year = b.budget_year
  left join ${T.anc} as a on a.ancestor_code = b.region_code and a.code = b.target_region_code
  left join raw.funds as f on f.region_code = b.region_code and f.fund_code = b.fund_code
)
select * exclude (region_known, next_known, target_known),
  case s_reason when 'R6_REGION' then region_known when 'R6_REGION_NEXT' then next_known
                when 'R6_TARGET' then target_known end as s_flag
from checked`;

/**
 * One level: each candidate with its source (or corrected) document, its effective fund, and `reason`, the first
 * failing check (field checks first, then the source checks). Level 0 = the documents whose source is not in
 * the batch (in ledger.documents, or unknown, or none); level k = those whose source is in level k − 1 (T.prev),
 * and of those only the accepted ones can be sources. A source of level k − 1 has nothing carved from it yet.
 */
export function levelSql(level: number): string {
  if (!Number.isInteger(level)) throw new Error(`level 必须是整数: ${level}`);
  const [parents, members] =
    level === 0
      ? [
          `(select doc_id, txn_code, region_code, budget_year, fund_code, target_region_code, source_doc_id, amount
            from ledger.documents)`,
          'not c.parent_in_batch',
        ]
      : [
          `(select doc_id, txn_code, region_code, budget_year, fund_code, target_region_code, source_doc_id, amount
            from ${T.prev} where reason is null)`,
          `c.parent_id in (select doc_id from ${T.prev})`,
        ];
  // Members first (an inner join with the level's ids), then the equi-joins; a non-equi join condition would
  // make DuckDB fall back to a nested-loop join over the whole batch.
  return `
create or replace temp table ${T.level} as
with d as (
  select c.* exclude (fund_code, s_flag), c.s_flag, c.fund_code as given_fund,
    p.doc_id is not null as p_found, p.txn_code as p_txn, p.region_code as p_region, p.budget_year as p_year,
    p.budget_year + case when p.txn_code = 'T10' then 1 else 0 end as p_money_year,
    p.fund_code as p_fund, p.target_region_code as p_target, p.source_doc_id as p_source, p.amount as p_amount,
    case when c.txn_code in ('T01', 'T02', 'T03') then c.fund_code else coalesce(c.fund_code, p.fund_code) end
      as fund_code
  from (select * from ${T.cand} as c where ${members}) as c
  left join ${parents} as p on p.doc_id = c.parent_id
)
select d.*,
  coalesce(d.s_reason, case
    when d.parent_id is not null and not d.p_found and d.parent_in_batch then ${R('SOURCE_REJECTED')}
    when d.parent_id is not null and not d.p_found then ${R('SOURCE_UNKNOWN')}
    when d.txn_code = 'T01' and d.p_txn not in ('T05', 'T06') then ${R('R3_KIND')}
    when d.txn_code = 'T01' and d.p_target is distinct from d.region_code then ${R('R3_TARGET')}
    when d.txn_code = 'T01' and d.p_year <> d.budget_year then ${R('R3_YEAR')}
    when d.txn_code = 'T03' and not (d.p_txn in ('T01', 'T02') and d.p_fund is null) then ${R('T03_KIND')}
    when d.txn_code in ('T04', 'T05', 'T06', 'T10')
      and not ((d.p_txn in ('T01', 'T02') and d.p_fund is not null) or d.p_txn in ('T03', 'T10')) then ${R('CARVE_KIND')}
    when d.txn_code = 'T07' and d.p_txn <> 'T04' then ${R('T07_KIND')}
    when d.txn_code = 'T08' and d.p_txn <> 'T07' then ${R('T08_KIND')}
    when d.txn_code = 'T09' and d.p_txn = 'T09' then ${R('CORRECTS_KIND')}
    when d.txn_code = 'T09' and (d.p_region <> d.region_code or d.p_year <> d.budget_year) then ${R('CORRECTS_MISMATCH')}
    when d.txn_code in ('T03', 'T04', 'T05', 'T06', 'T07', 'T08', 'T10') and d.p_region <> d.region_code
      then ${R('SOURCE_REGION')}
    when d.txn_code in ('T03', 'T04', 'T05', 'T06', 'T07', 'T08', 'T10') and d.budget_year <> d.p_money_year
      then ${R('SOURCE_YEAR')}
    when d.txn_code not in ('T01', 'T02', 'T03') and d.given_fund is not null and d.given_fund is distinct from d.p_fund
      then ${R('FUND_MISMATCH')}
    when d.txn_code = 'T01' and d.fund_code is not null and d.upper_fund_code is null then ${R('R4_DESIGNATION')}
    when d.txn_code = 'T01' and d.fund_code is not null
      and (d.upper_fund_code is distinct from d.p_fund or d.upper_region_code is distinct from d.p_region)
      then ${R('R3_FUND')}
  end) as reason,
  d.s_flag as flag, null::bigint as seen, null::integer as r1_year, null::bigint as r1_dr, null::bigint as r1_cr
from d`;
}
