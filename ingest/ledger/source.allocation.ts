/**
 * Rules 2 and 5 for one level, set-based: the documents of a level that draw on the same source (carved from
 * it, or T09 corrections of it) take from its remaining in `seq` order; one that does not fit is rejected and
 * takes nothing, and a later smaller one may still fit.
 *
 * A source whose consumers fit all together settles at once (one window). For the others, each round: running
 * totals per source over the undecided documents; those within the remaining are accepted; the remaining
 * shrinks by what they took; every undecided one that no longer fits even alone is rejected (the first
 * overflow always is, so each round settles at least one document per source). Rounds = the most overflows
 * of one source that are followed by a fitting document, plus one: normally 0–2 in all.
 */
import type { Warehouse } from '../../warehouse/index.ts';
import { reason } from './rejection.reasons.ts';
import type { Profile } from './ledger.profile.ts';
import { T } from './rule-checks.sql.ts';

export async function allocateLevel(wh: Warehouse, level: number, profile?: Profile): Promise<number> {
  // Level 0 draws on documents already in the ledger; level k > 0 on documents accepted at level k − 1, of
  // which nothing has been carved or corrected yet (that happens in this level), so what is left is the amount.
  // Sources whose consumers all fit together are settled at once; only the others go through rounds.
  const consumers = (remaining: string, from: string): string => `
create or replace temp table ${T.cons} as
select doc_id, seq, rid, parent_id, need, rem,
  case when sum(need) over (partition by parent_id) <= rem then 'ok' else 'open' end as state,
  null::bigint as seen
from (select d.doc_id, d.seq, d.rid, d.parent_id, abs(d.amount)::bigint as need, ${remaining}::bigint as rem
      ${from} where d.reason is null and d.parent_id is not null)`;
  await wh.run(
    level === 0
      ? consumers('b.remaining', `from ${T.level} as d join ledger.document_balances as b on b.doc_id = d.parent_id`)
      : consumers('d.p_amount', `from ${T.level} as d`),
  );
  profile?.mark('level: rules 2/5 consumers');

  let rounds = 0;
  let over = 0;
  for (;;) {
    const counts = await wh.one<{ open: number; over: number }>(
      `select count(*) filter (where state = 'open') as open, count(*) filter (where state = 'over') as over
       from ${T.cons}`,
    );
    over = counts?.over ?? 0;
    profile?.mark('level: rules 2/5 rounds');
    if (!counts?.open) break;
    rounds += 1;
    await wh.run(`
update ${T.cons} set state = r.state, seen = r.seen, rem = r.rem_after
from (
  select doc_id,
    case when cum <= rem then 'ok' when need > rem - pre then 'over' else 'open' end as state,
    rem - pre as rem_after,
    case when cum <= rem then null else rem - pre end as seen
  from (
    select *, coalesce(max(case when cum <= rem then cum end) over (partition by parent_id), 0) as pre
    from (
      select doc_id, parent_id, need, rem,
        sum(need) over (partition by parent_id order by seq, rid
                        rows between unbounded preceding and current row) as cum
      from ${T.cons} where state = 'open'
    )
  )
) as r
where ${T.cons}.doc_id = r.doc_id`);
    profile?.mark('level: rules 2/5 rounds');
  }
  if (over === 0) return rounds;

  await wh.run(`
update ${T.level}
set reason = case ${T.level}.txn_code when 'T09' then ${reason('R5')} when 'T01' then ${reason('R2_IMPORT')}
                  else ${reason('R2')} end,
    seen = o.seen
from ${T.cons} as o where o.doc_id = ${T.level}.doc_id and o.state = 'over'`);
  profile?.mark('level: rules 2/5 reject');
  return rounds;
}
