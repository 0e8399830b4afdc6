/**
 * `verifyLedger`: re-checks the whole 指标账 from what is stored, trusting nothing the engine decided.
 * - balanced: every document's postings balance per budget year (rule 1);
 * - identity: per region and budget year, credit balance of 4001 = debit balances of
 *   1001 + 5001 + 500201 + 500202 + 500203 + 5101 + 5201 (ledger.md);
 * - chain: the hash chain recomputed from the canonical content (HASH-CHAIN.md), first broken posting named;
 * - orphans: every posting belongs to a document, every document has postings;
 * - interlock: for every T05/T06, Σ imported (T01s and their corrections) ≤ issued (amount + corrections);
 * - remaining: no document has more carved from it than it holds, none is corrected below zero (rules 2, 5);
 * - holdings: per region, year and account, the balance equals what the documents hold there
 *   (ledger.document_balances.held by held_in and money_year), so postings and documents tell the same story.
 */
import type { Warehouse } from '../../warehouse/index.ts';
import { checkChain } from './hash.chain.ts';
import { yuanTextSql } from '../../warehouse/index.ts';

export interface VerifyCheck {
  key: 'balanced' | 'identity' | 'chain' | 'orphans' | 'interlock' | 'remaining' | 'holdings';
  label: string;
  ok: boolean;
  /** how many things failed (documents, region-years, postings…) */
  failures: number;
  /** the first failures, in Chinese */
  details: string[];
  /** chain only: the first posting whose link is broken */
  firstBrokenPostingId?: number | null;
}

export interface VerifyResult {
  ok: boolean;
  documents: number;
  postings: number;
  /** hash of the last posting: record it to detect a later truncation of the journal (HASH-CHAIN.md) */
  headHash: string;
  checks: VerifyCheck[];
}

const DETAIL_LIMIT = 20;

const IDENTITY_ACCOUNTS = ['1001', '5001', '500201', '500202', '500203', '5101', '5201'];
const HOLDING_ACCOUNTS = IDENTITY_ACCOUNTS;

async function sqlCheck(wh: Warehouse, key: VerifyCheck['key'], label: string, sql: string): Promise<VerifyCheck> {
  const rows = await wh.all<{ detail: string; failures: number }>(
    `select detail, count(*) over () as failures from (${sql}) limit ${DETAIL_LIMIT}`,
  );
  const failures = rows[0]?.failures ?? 0;
  return { key, label, ok: failures === 0, failures, details: rows.map((r) => r.detail) };
}

export async function verifyLedger(wh: Warehouse): Promise<VerifyResult> {
  const documents = await wh.value<number>('select count(*) from ledger.documents');
  const checks: VerifyCheck[] = [];

  checks.push(
    await sqlCheck(
      wh,
      'balanced',
      '每张单据借贷平衡 (规则1)',
      `select concat('单据 ', doc_id, ' ', budget_year, ' 年度: 借方 ', ${yuanTextSql('dr')}, ' 元, 贷方 ', ${yuanTextSql('cr')}, ' 元')
         as detail
       from (select doc_id, budget_year, sum(debit)::bigint as dr, sum(credit)::bigint as cr
             from ledger.postings group by doc_id, budget_year)
       where dr <> cr
       order by doc_id, budget_year`,
    ),
  );

  const identityList = IDENTITY_ACCOUNTS.map((a) => `'${a}'`).join(', ');
  checks.push(
    await sqlCheck(
      wh,
      'identity',
      '区划年度恒等式 (4001 = 1001+5001+500201+500202+500203+5101+5201)',
      `select concat('区划 ', region_code, ' ', budget_year, ' 年度: 4001 贷方余额 ', ${yuanTextSql('sources')},
                     ' 元, 指标安排借方余额合计 ', ${yuanTextSql('uses')}, ' 元')
         as detail
       from (select region_code, budget_year,
               sum(case when account_code = '4001' then credit - debit else 0 end)::bigint as sources,
               sum(case when account_code in (${identityList}) then debit - credit else 0 end)::bigint as uses
             from ledger.postings group by region_code, budget_year)
       where sources <> uses
       order by region_code, budget_year`,
    ),
  );

  const chain = await checkChain(wh);
  checks.push({
    key: 'chain',
    label: '哈希链完整',
    ok: chain.broken === 0,
    failures: chain.broken,
    details:
      chain.firstBrokenPostingId === null
        ? []
        : [`第一处断链: 分录 ${chain.firstBrokenPostingId}: ${chain.firstProblem ?? ''}`],
    firstBrokenPostingId: chain.firstBrokenPostingId,
  });

  checks.push(
    await sqlCheck(
      wh,
      'orphans',
      '分录与单据一一对应',
      `select concat('分录 ', min(p.posting_id), ' 等 ', count(*), ' 条属于不存在的单据 ', p.doc_id) as detail
       from ledger.postings as p
       where not exists (select 1 from ledger.documents as d where d.doc_id = p.doc_id)
       group by p.doc_id
       union all
       select concat('单据 ', d.doc_id, ' (', d.txn_code, ') 没有分录') as detail
       from ledger.documents as d
       where not exists (select 1 from ledger.postings as p where p.doc_id = d.doc_id)
       order by detail`,
    ),
  );

  checks.push(
    await sqlCheck(
      wh,
      'interlock',
      '咬合: 接收 ≤ 下达 (T05/T06)',
      `select concat(txn_code, ' ', doc_id, ' (', region_code, ' → ', target_region_code, '): 下达 ',
                     ${yuanTextSql('effective')}, ' 元, 已接收 ', ${yuanTextSql('carved')}, ' 元') as detail
       from ledger.document_balances
       where txn_code in ('T05', 'T06') and carved > effective
       order by doc_id`,
    ),
  );

  checks.push(
    await sqlCheck(
      wh,
      'remaining',
      '单据剩余额度非负 (规则2, 规则5)',
      `select concat('单据 ', doc_id, ' (', txn_code, '): 金额 ', ${yuanTextSql('amount')}, ' 元, 更正 ',
                     ${yuanTextSql('corrected')}, ' 元, 已分出 ', ${yuanTextSql('carved')}, ' 元') as detail
       from ledger.document_balances
       where txn_code <> 'T09' and (remaining < 0 or effective < 0)
       order by doc_id`,
    ),
  );

  const holdingList = HOLDING_ACCOUNTS.map((a) => `'${a}'`).join(', ');
  checks.push(
    await sqlCheck(
      wh,
      'holdings',
      '科目余额与单据余额一致',
      `with posted as (
         select region_code, budget_year, account_code, sum(debit - credit)::bigint as balance
         from ledger.postings where account_code in (${holdingList})
         group by region_code, budget_year, account_code
       ),
       held as (
         select region_code, money_year as budget_year, held_in as account_code, sum(held)::bigint as held
         from ledger.document_balances where held_in is not null
         group by region_code, money_year, held_in
       )
       select concat('区划 ', coalesce(p.region_code, h.region_code), ' ', coalesce(p.budget_year, h.budget_year),
                     ' 年度 科目 ', coalesce(p.account_code, h.account_code), ': 余额 ',
                     ${yuanTextSql('coalesce(p.balance, 0)')}, ' 元, 单据余额合计 ', ${yuanTextSql('coalesce(h.held, 0)')}, ' 元')
         as detail
       from posted as p
       full join held as h
         on h.region_code = p.region_code and h.budget_year = p.budget_year and h.account_code = p.account_code
       where coalesce(p.balance, 0) <> coalesce(h.held, 0)
       order by detail`,
    ),
  );

  return { ok: checks.every((c) => c.ok), documents, postings: chain.postings, headHash: chain.headHash, checks };
}

/** The human report of `fundtrail verify`: a short table, then what failed. */
export function formatVerifyReport(result: VerifyResult): string[] {
  const width = Math.max(...result.checks.map((c) => displayWidth(c.label)));
  const lines = [
    `指标账复核: ${result.documents} 张单据, ${result.postings} 条分录, 链头哈希 ${result.headHash.slice(0, 16)}…`,
    ...result.checks.map(
      (c) => `  ${c.label}${' '.repeat(width - displayWidth(c.label))}  ${c.ok ? '通过' : `未通过 (${c.failures})`}`,
    ),
  ];
  for (const c of result.checks.filter((x) => !x.ok)) {
    lines.push(`${c.label}:`);
    for (const d of c.details) lines.push(`  - ${d}`);
    if (c.failures > c.details.length) lines.push(`  … 另有 ${c.failures - c.details.length} 项`);
  }
  lines.push(result.ok ? '结论: 全部通过' : '结论: 复核未通过');
  return lines;
}

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** Terminal columns of a string: CJK characters take two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += WIDE.test(ch) ? 2 : 1;
  return w;
}
