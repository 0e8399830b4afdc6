/**
 * The SQL of the engine's checks, each over a whole batch or a whole level (never per document):
 * - classify: rule 7 (same doc_id: unchanged, conflict, repeat within the batch),
 * - field checks that need no source document (amount sign, rule 8, rule 6, required fields, region tree),
 * - levels of the batch's document tree (a document carved from one of the same batch comes a level later),
 * - source checks of one level (rule 3, source kinds, years, funds, rule 4).
 * Every check yields a rejection struct {code, col, body}; the first failing check of a document wins.
 */
import { DOCUMENT_CONTENT_HASH_SQL } from './canonical.content.ts';
import { LEDGER_CODES as C, rejection as rej, yuanSql } from './ledger.codes.ts';

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
  hashBlocks: '_ldg_hblk',
  hashes: '_ldg_hash',
} as const;

/**
 * Every stage row (`rid` = its rowid in the stage), with its content hash and what rule 7 makes of it: new,
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
with s as (select st.*, st.rowid as rid, ${DOCUMENT_CONTENT_HASH_SQL} as content_hash from ${stage} as st)
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

const regionBody = (label: string, code: string, year: string, check: string): string =>
  `case when not ${check}.known then concat('规则6: ${label} ', ${code}, ' 不存在')
        else concat('规则6: ${label} ', ${code}, ' 在 ', ${year}, ' 年度未启用 (已撤销或尚未设立)') end`;

/**
 * New documents (first occurrence of a doc_id not yet in the ledger), narrow (the wide columns stay in the
 * input table, joined back by rid), with their field-check result `s_rej`.
 */
export const CANDIDATES_SQL = `
create or replace temp table ${T.cand} as
with b as (
  select i.rid, i.seq, i.doc_id, i.txn_code, i.region_code, i.budget_year, i.doc_date, i.source_doc_id,
    i.corrects_doc_id, i.fund_code, i.project_code, i.target_region_code, i.amount, i.advance,
    case when i.txn_code = 'T09' then i.corrects_doc_id when i.txn_code = 'T02' then null else i.source_doc_id end
      as parent_id
  from ${T.input} as i
  where i.kind = 'new'
)
select b.*,
  coalesce(b.parent_id in (select doc_id from b), false) as parent_in_batch,
  case
    when b.txn_code not in (${TXN_LIST}) then ${rej(C.TXN_CODE, 'txn_code', `concat('交易令 ', b.txn_code, ' 无效 (应为 T01–T10)')`)}
    when b.txn_code = 'T09' and b.amount >= 0 then ${rej(C.AMOUNT_SIGN, 'amount', `concat('T09 红字更正的金额必须为负数 (本单 ', ${yuanSql('b.amount')}, ' 元)')`)}
    when b.txn_code <> 'T09' and b.amount <= 0 then ${rej(C.AMOUNT_SIGN, 'amount', `concat(b.txn_code, ' 的金额必须大于 0 (本单 ', ${yuanSql('b.amount')}, ' 元; 只有 T09 红字更正为负数)')`)}
    when b.txn_code in ('T02', 'T09') and b.source_doc_id is not null then ${rej(C.SOURCE_NOT_ALLOWED, 'source_doc_id', `concat(b.txn_code, ' 没有来源单据, 不能填写来源单据编号 ', b.source_doc_id, case when b.txn_code = 'T09' then ' (被更正的单据填在 更正单据编号)' else '' end)`)}
    when b.txn_code not in ('T02', 'T09') and b.source_doc_id is null then ${rej(C.SOURCE_REQUIRED, 'source_doc_id', `concat(b.txn_code, ' 必须填写来源单据编号')`)}
    when b.txn_code = 'T09' and b.corrects_doc_id is null then ${rej(C.CORRECTS_REQUIRED, 'corrects_doc_id', `'T09 红字更正必须填写被更正的单据编号'`)}
    when b.txn_code <> 'T09' and b.corrects_doc_id is not null then ${rej(C.CORRECTS_NOT_ALLOWED, 'corrects_doc_id', `concat('只有 T09 红字更正填写更正单据编号, 本单是 ', b.txn_code)`)}
    when b.txn_code in ('T05', 'T06') and b.target_region_code is null then ${rej(C.TARGET_REQUIRED, 'target_region_code', `concat(b.txn_code, ' 必须填写接收区划代码')`)}
    when b.txn_code not in ('T05', 'T06') and b.target_region_code is not null then ${rej(C.TARGET_NOT_ALLOWED, 'target_region_code', `concat('只有 T05/T06 填写接收区划代码, 本单是 ', b.txn_code)`)}
    when b.txn_code = 'T04' and b.project_code is null then ${rej(C.PROJECT_REQUIRED, 'project_code', `'T04 细化本级支出必须填写项目代码'`)}
    when b.txn_code = 'T03' and b.fund_code is null then ${rej(C.FUND_REQUIRED, 'fund_code', `'T03 登记到专项资金必须填写资金代码'`)}
    when not (year(b.doc_date) = b.budget_year
              or (b.advance and b.txn_code <> 'T10'
                  and b.doc_date between make_date(b.budget_year - 1, 10, 1) and make_date(b.budget_year - 1, 12, 31)))
      then ${rej(
        C.R8_DATE,
        'doc_date',
        `case when b.txn_code = 'T10' then concat('规则8: 年终结转的登记日期 ', b.doc_date, ' 须在预算年度 ', b.budget_year, ' 内')
              when b.advance then concat('规则8: 登记日期 ', b.doc_date, ' 既不在预算年度 ', b.budget_year, ' 内, 也不在 ', b.budget_year - 1, ' 年第四季度 (提前下达)')
              else concat('规则8: 登记日期 ', b.doc_date, ' 不在预算年度 ', b.budget_year, ' 内 (未标记提前下达)') end`,
      )}
    when not rc.in_use then ${rej(C.R6_REGION, 'region_code', regionBody('区划', 'b.region_code', 'b.budget_year', 'rc'))}
    when b.txn_code = 'T10' and not rn.in_use then ${rej(C.R6_REGION, 'region_code', regionBody('区划', 'b.region_code', 'b.budget_year + 1', 'rn'))}
    when b.target_region_code is not null and not rt.in_use then ${rej(C.R6_REGION, 'target_region_code', regionBody('接收区划', 'b.target_region_code', 'b.budget_year', 'rt'))}
    when b.txn_code = 'T05' and not coalesce(a.depth > 0, false) then ${rej(C.TARGET_NOT_DESCENDANT, 'target_region_code', `concat('T05 转移下级: 接收区划 ', b.target_region_code, ' 不是区划 ', b.region_code, ' 的下级 (横向转移用 T06)')`)}
    when b.txn_code = 'T06' and a.depth is not null then ${rej(C.TARGET_IS_DESCENDANT, 'target_region_code', `concat('T06 横向转移: 接收区划 ', b.target_region_code, ' 是区划 ', b.region_code, ' 本身或其下级 (转移下级用 T05)')`)}
    when b.txn_code in ('T01', 'T02', 'T03') and b.fund_code is not null and f.fund_code is null then ${rej(C.FUND_UNKNOWN, 'fund_code', `concat('资金 ', b.fund_code, ' 未在区划 ', b.region_code, ' 的专项资金中登记')`)}
  end as s_rej
from b
left join ${T.regionCheck} as rc on rc.code = b.region_code and rc.year = b.budget_year
left join ${T.regionCheck} as rn on rn.code = b.region_code and rn.year = b.budget_year + 1
left join ${T.regionCheck} as rt on rt.code = b.target_region_code and rt.year = b.budget_year
left join ${T.anc} as a on a.ancestor_code = b.region_code and a.code = b.target_region_code
left join raw.funds as f on f.region_code = b.region_code and f.fund_code = b.fund_code`;

const parentCol = `case when d.txn_code = 'T09' then 'corrects_doc_id' else 'source_doc_id' end`;

/**
 * One level: each candidate with its source (or corrected) document, its effective fund, and `rej`, the first
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
            from ${T.prev} where rej is null)`,
          `c.parent_id in (select doc_id from ${T.prev})`,
        ];
  return `
create or replace temp table ${T.level} as
with d as (
  select c.* exclude (fund_code), c.fund_code as given_fund,
    p.doc_id is not null as p_found, p.txn_code as p_txn, p.region_code as p_region, p.budget_year as p_year,
    p.budget_year + case when p.txn_code = 'T10' then 1 else 0 end as p_money_year,
    p.fund_code as p_fund, p.target_region_code as p_target, p.source_doc_id as p_source, p.amount as p_amount,
    case when c.txn_code in ('T01', 'T02', 'T03') then c.fund_code else coalesce(c.fund_code, p.fund_code) end
      as fund_code,
    f.upper_fund_code, f.upper_region_code
  from ${T.cand} as c
  left join ${parents} as p on p.doc_id = c.parent_id
  left join raw.funds as f
    on c.txn_code = 'T01' and f.region_code = c.region_code and f.fund_code = c.fund_code
  where ${members}
)
select d.*,
  case
    when d.s_rej is not null then d.s_rej
    when d.parent_id is not null and not d.p_found and d.parent_in_batch then {'code': '${C.SOURCE_REJECTED}', 'col': ${parentCol}, 'body': concat(case when d.txn_code = 'T09' then '被更正的单据 ' else '来源单据 ' end, d.parent_id, ' 被拒绝, 本单随之拒绝')}
    when d.parent_id is not null and not d.p_found then {'code': '${C.SOURCE_UNKNOWN}', 'col': ${parentCol}, 'body': concat(case when d.txn_code = 'T09' then '被更正的单据 ' else '来源单据 ' end, d.parent_id, ' 不存在 (未登记, 也不在本批中)')}
    when d.txn_code = 'T01' and d.p_txn not in ('T05', 'T06') then ${rej(C.R3_SOURCE, 'source_doc_id', `concat('规则3: T01 只能接收 T05/T06 下达的指标, 来源单据 ', d.parent_id, ' 是 ', d.p_txn)`)}
    when d.txn_code = 'T01' and d.p_target is distinct from d.region_code then ${rej(C.R3_SOURCE, 'source_doc_id', `concat('规则3: 来源单据 ', d.parent_id, ' 下达给区划 ', d.p_target, ', 不是本区划 ', d.region_code)`)}
    when d.txn_code = 'T01' and d.p_year <> d.budget_year then ${rej(C.R3_SOURCE, 'budget_year', `concat('规则3: 预算年度 ', d.budget_year, ' 与来源单据 ', d.parent_id, ' 的预算年度 ', d.p_year, ' 不一致')`)}
    when d.txn_code = 'T03' and not (d.p_txn in ('T01', 'T02') and d.p_fund is null) then ${rej(C.SOURCE_KIND, 'source_doc_id', `concat('T03 的来源单据须为未登记资金的 T01/T02 (指标在 1001 总指标), ', d.parent_id, ' 是 ', d.p_txn, case when d.p_fund is not null then concat(' (已登记资金 ', d.p_fund, ')') else '' end)`)}
    when d.txn_code in ('T04', 'T05', 'T06', 'T10')
      and not ((d.p_txn in ('T01', 'T02') and d.p_fund is not null) or d.p_txn in ('T03', 'T10'))
      then ${rej(C.SOURCE_KIND, 'source_doc_id', `concat(d.txn_code, ' 的来源单据须为已登记资金的 T01/T02、T03 或 T10 (指标在 5001 待分配指标), ', d.parent_id, ' 是 ', d.p_txn, case when d.p_txn in ('T01', 'T02') then ' (未登记资金)' else '' end)`)}
    when d.txn_code = 'T07' and d.p_txn <> 'T04' then ${rej(C.SOURCE_KIND, 'source_doc_id', `concat('T07 支付计划的来源单据须为 T04, ', d.parent_id, ' 是 ', d.p_txn)`)}
    when d.txn_code = 'T08' and d.p_txn <> 'T07' then ${rej(C.SOURCE_KIND, 'source_doc_id', `concat('T08 实际支付的来源单据须为 T07, ', d.parent_id, ' 是 ', d.p_txn)`)}
    when d.txn_code = 'T09' and d.p_txn = 'T09' then ${rej(C.CORRECTS_KIND, 'corrects_doc_id', `concat('不能更正红字更正单据 ', d.parent_id)`)}
    when d.txn_code = 'T09' and (d.p_region <> d.region_code or d.p_year <> d.budget_year) then ${rej(C.CORRECTS_MISMATCH, 'corrects_doc_id', `concat('T09 的区划和预算年度须与被更正单据 ', d.parent_id, ' 相同 (', d.p_region, ' ', d.p_year, ' 年度; 本单 ', d.region_code, ' ', d.budget_year, ' 年度)')`)}
    when d.txn_code in ('T03', 'T04', 'T05', 'T06', 'T07', 'T08', 'T10') and d.p_region <> d.region_code then ${rej(C.SOURCE_REGION, 'source_doc_id', `concat('来源单据 ', d.parent_id, ' 属于区划 ', d.p_region, ', 不是本区划 ', d.region_code)`)}
    when d.txn_code in ('T03', 'T04', 'T05', 'T06', 'T07', 'T08', 'T10') and d.budget_year <> d.p_money_year then ${rej(C.SOURCE_YEAR, 'budget_year', `concat('预算年度 ', d.budget_year, ' 与来源单据 ', d.parent_id, ' 的指标所在年度 ', d.p_money_year, ' 不一致')`)}
    when d.txn_code not in ('T01', 'T02', 'T03') and d.given_fund is not null and d.given_fund is distinct from d.p_fund then ${rej(C.FUND_MISMATCH, 'fund_code', `concat('资金 ', d.given_fund, ' 与', case when d.txn_code = 'T09' then '被更正' else '来源' end, '单据 ', d.parent_id, ' 的资金 ', coalesce(d.p_fund, '(无)'), ' 不一致 (可留空以沿用)')`)}
    when d.txn_code = 'T01' and d.fund_code is not null and d.upper_fund_code is null then ${rej(C.R4_DESIGNATION, 'fund_code', `concat('规则4: 资金 ', d.fund_code, ' 没有指定对应上级资金 (指定关联), 不能用于接收上级指标')`)}
    when d.txn_code = 'T01' and d.fund_code is not null
      and (d.upper_fund_code is distinct from d.p_fund or d.upper_region_code is distinct from d.p_region)
      then ${rej(C.R3_FUND, 'fund_code', `concat('规则3: 资金 ', d.fund_code, ' 的对应上级资金是 ', coalesce(d.upper_region_code, '?'), '/', d.upper_fund_code, ', 来源单据 ', d.parent_id, ' 的资金是 ', d.p_region, '/', coalesce(d.p_fund, '(无)'))`)}
  end as rej
from d`;
}
