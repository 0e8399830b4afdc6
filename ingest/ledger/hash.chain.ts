/**
 * The hash chain of ledger.postings (HASH-CHAIN.md): hash = SHA-256(prev_hash + '|' + canonical content),
 * in posting_id order, the first prev_hash being 64 zeros. DuckDB computes the canonical content
 * (POSTING_CANONICAL_SQL, the one definition) and hands it over in blocks of a few thousand postings; the
 * chain itself is sequential, so it is computed here with node:crypto.
 */
import type { Warehouse } from '../../warehouse/index.ts';
import { GENESIS_HASH, POSTING_CANONICAL_SQL, chainHash } from './canonical.content.ts';
import type { Profile } from './ledger.profile.ts';
import { T } from './rule-checks.sql.ts';

const BLOCK = 4096;

/** The hash of the last posting (the head of the chain), or the genesis hash of an empty journal. */
export async function chainHead(wh: Warehouse): Promise<{ postingId: number; hash: string }> {
  const row = await wh.one<{ posting_id: number; hash: string }>(
    'select posting_id, hash from ledger.postings order by posting_id desc limit 1',
  );
  return row ? { postingId: row.posting_id, hash: row.hash } : { postingId: 0, hash: GENESIS_HASH };
}

/**
 * Chains the batch's new postings (T.newPostings: numbered after `head`, in posting order) and appends them to
 * ledger.postings. Returns how many were written.
 *
 * `alongside` is DuckDB work that does not need the hashes (the engine's ledger.documents insert): it is
 * started once the canonical texts are read, and runs on DuckDB's threads while the chain, which is
 * sequential, is hashed here on the JS thread. It must start its query synchronously (a statement without
 * bound values does: a prepared one would wait for this loop to yield).
 */
export async function appendPostings(
  wh: Warehouse,
  head: { postingId: number; hash: string },
  profile?: Profile,
  alongside?: () => Promise<unknown>,
): Promise<number> {
  const total = await wh.value<number>(`select count(*) from ${T.newPostings}`);
  if (total === 0) {
    await alongside?.();
    return 0;
  }

  const texts: string[] = [];
  for await (const batch of wh.stream<{ canon: string }>(
    `select string_agg(canon, chr(10) order by posting_id) as canon
     from (select posting_id, ${POSTING_CANONICAL_SQL} as canon from ${T.newPostings})
     group by (posting_id - ${head.postingId + 1}) // ${BLOCK}
     order by min(posting_id)`,
  )) {
    for (const { canon } of batch) texts.push(canon);
  }
  profile?.mark('hash chain: canonical text');
  const running = alongside?.();
  let blocks: [string, string][];
  try {
    blocks = chainBlocks(head.hash, texts);
  } catch (err) {
    await running?.catch(() => undefined);
    throw err;
  }
  await running;
  profile?.mark(alongside ? 'hash chain: SHA-256, alongside it the insert of ledger.documents' : 'hash chain: SHA-256');
  await wh.run(`create or replace temp table ${T.hashBlocks} (prev_hashes varchar, hashes varchar)`);
  await wh.append(T.hashBlocks, blocks);
  await wh.run(
    `create or replace temp table ${T.hashes} as
     select unnest(string_split(prev_hashes, ',')) as prev_hash, unnest(string_split(hashes, ',')) as hash
     from ${T.hashBlocks}`,
  );
  profile?.mark('hash chain: hashes back');
  // Both tables are in posting order (insertion order is preserved), so a positional join pairs them; a
  // count mismatch would leave a null hash and fail the insert.
  await wh.run(
    `insert into ledger.postings (posting_id, doc_id, txn_code, region_code, budget_year, doc_date, fund_code,
       account_code, debit, credit, source_type, project_code, target_region_code, source_doc_id, corrects_doc_id,
       prev_hash, hash)
     select f.posting_id, f.doc_id, f.txn_code, f.region_code, f.budget_year, f.doc_date, f.fund_code,
       f.account_code, f.debit, f.credit, f.source_type, f.project_code, f.target_region_code, f.source_doc_id,
       f.corrects_doc_id, h.prev_hash, h.hash
     from ${T.newPostings} as f positional join ${T.hashes} as h`,
  );
  profile?.mark('insert ledger.postings');
  return total;
}

/**
 * The chain over blocks of canonical texts (one per line), from `prev`: per block, its prev_hashes and hashes,
 * comma-joined, in posting order (they go back to DuckDB as one row per block).
 */
function chainBlocks(prev: string, texts: readonly string[]): [string, string][] {
  const blocks: [string, string][] = [];
  for (const canon of texts) {
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (const content of canon.split('\n')) {
      prevs.push(prev);
      prev = chainHash(prev, content);
      hashes.push(prev);
    }
    blocks.push([prevs.join(','), hashes.join(',')]);
  }
  return blocks;
}

export interface ChainCheck {
  postings: number;
  /** postings whose link is broken: prev_hash ≠ the previous posting's hash, or hash ≠ recomputed */
  broken: number;
  firstBrokenPostingId: number | null;
  /** what is wrong with the first broken posting */
  firstProblem: string | null;
  /** the stored hash of the last posting (the genesis hash of an empty journal) */
  headHash: string;
}

/** Recomputes the whole chain from ledger.postings in posting_id order. */
export async function checkChain(wh: Warehouse): Promise<ChainCheck> {
  let expectedPrev = GENESIS_HASH;
  let postings = 0;
  let broken = 0;
  let firstBrokenPostingId: number | null = null;
  let firstProblem: string | null = null;
  for await (const batch of wh.stream<{ ids: string; links: string; canon: string }>(
    `select string_agg(posting_id::varchar, ',' order by posting_id) as ids,
            string_agg(replace(prev_hash, chr(10), ' ') || chr(9) || replace(hash, chr(10), ' '), chr(10)
                       order by posting_id) as links,
            string_agg(canon, chr(10) order by posting_id) as canon
     from (select posting_id, prev_hash, hash, ${POSTING_CANONICAL_SQL} as canon,
                  (row_number() over (order by posting_id) - 1) // ${BLOCK} as block
           from ledger.postings)
     group by block order by block`,
  )) {
    for (const { ids, links, canon } of batch) {
      const idList = ids.split(',');
      const linkList = links.split('\n');
      const contents = canon.split('\n');
      idList.forEach((id, i) => {
        const [prevHash = '', hash = ''] = (linkList[i] ?? '').split('\t');
        const content = contents[i] ?? '';
        let problem: string | null = null;
        if (prevHash !== expectedPrev) problem = '前一哈希 (prev_hash) 与上一条分录的哈希不符 (分录被删除、插入或改动)';
        else if (chainHash(prevHash, content) !== hash) problem = '哈希与分录内容不符 (分录内容被改动)';
        if (problem) {
          broken += 1;
          if (firstBrokenPostingId === null) {
            firstBrokenPostingId = Number(id);
            firstProblem = problem;
          }
        }
        expectedPrev = hash;
        postings += 1;
      });
    }
  }
  return { postings, broken, firstBrokenPostingId, firstProblem, headHash: expectedPrev };
}
