/**
 * Rules 2 and 5 for one level, set-based: the documents of a level that draw on the same source (carved from
 * it, or T09 corrections of it) take from its remaining in `seq` order; one that does not fit is rejected and
 * takes nothing, and a later smaller one may still fit.
 *
 * Each round: running totals per source over the undecided documents; those within the remaining are
 * accepted; the remaining shrinks by what they took; every undecided one that no longer fits even alone is
 * rejected (the first overflow always is, so each round settles at least one document per source). Rounds
 * = 1 + the most overflows of one source that are followed by a fitting document, normally 1–2.
 */
import type { Warehouse } from '../../warehouse/index.ts';
import { LEDGER_CODES as C, rejection, yuanSql } from './ledger.codes.ts';
import { T } from './rule-checks.sql.ts';

export async function allocateLevel(wh: Warehouse, level: number): Promise<number> {
  // Level 0 draws on documents already in the ledger; level k > 0 on documents accepted at level k − 1, of
  // which nothing has been carved or corrected yet (that happens in this level), so what is left is the amount.
  await wh.run(
    level === 0
      ? `create or replace temp table ${T.cons} as
         select d.doc_id, d.seq, d.rid, d.parent_id, abs(d.amount)::bigint as need, b.remaining::bigint as rem,
           'open' as state, null::bigint as seen
         from ${T.level} as d join ledger.document_balances as b on b.doc_id = d.parent_id
         where d.rej is null and d.parent_id is not null`
      : `create or replace temp table ${T.cons} as
         select d.doc_id, d.seq, d.rid, d.parent_id, abs(d.amount)::bigint as need, d.p_amount::bigint as rem,
           'open' as state, null::bigint as seen
         from ${T.level} as d
         where d.rej is null and d.parent_id is not null`,
  );

  let rounds = 0;
  let over = 0;
  for (;;) {
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
    const counts = await wh.one<{ open: number; over: number }>(
      `select count(*) filter (where state = 'open') as open, count(*) filter (where state = 'over') as over
       from ${T.cons}`,
    );
    over = counts?.over ?? 0;
    if (!counts?.open) break;
  }
  if (over === 0) return rounds;

  await wh.run(`
update ${T.level} set rej = case
  when ${T.level}.txn_code = 'T09' then ${rejection(
    C.R5_CORRECTION,
    'amount',
    `concat('规则5: 更正后单据 ', o.parent_id, ' 将低于已从它分出的金额或低于零 (最多可冲减 ', ${yuanSql('o.seen')},
            ' 元, 本单 ', ${yuanSql(`${T.level}.amount`)}, ' 元; 请先更正它的下级单据)')`,
  )}
  when ${T.level}.txn_code = 'T01' then ${rejection(
    C.R2_EXCEEDS_SOURCE,
    'amount',
    `concat('规则2: 超出来源单据 ', o.parent_id, ' 尚未接收的额度 (在途 ', ${yuanSql('o.seen')}, ' 元, 本单 ',
            ${yuanSql(`${T.level}.amount`)}, ' 元)')`,
  )}
  else ${rejection(
    C.R2_EXCEEDS_SOURCE,
    'amount',
    `concat('规则2: 超出来源单据 ', o.parent_id, ' 的剩余额度 (剩余 ', ${yuanSql('o.seen')}, ' 元, 本单 ',
            ${yuanSql(`${T.level}.amount`)}, ' 元)')`,
  )}
end
from ${T.cons} as o where o.doc_id = ${T.level}.doc_id and o.state = 'over'`);
  return rounds;
}
