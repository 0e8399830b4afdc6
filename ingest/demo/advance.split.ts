/**
 * 提前下达 shares met exactly: per county, budget year and chain, transfer-funded items go to the advance batch
 * until the chain's share is reached (programs, paid from January, always do), and the item that crosses the
 * share is split in two T04s of the same project, one per batch, as real projects are funded from several
 * indicator batches.
 */
import { chain } from './fund.catalog.ts';
import type { SeededRandom } from './seeded-random.ts';
import { MAIN_YEAR } from './demo.types.ts';
import type { Item } from './plan.types.ts';

/**
 * Transfer-funded items go to the advance batch until the chain's share of the county's transfers is met;
 * programs (paid from January) always do. The item that crosses the share is split.
 */
export function splitAdvance(items: Item[], rng: SeededRandom): void {
  const groups = new Map<string, Item[]>();
  for (const it of items) {
    if (!it.county || (it.batch !== 'b2' && it.batch !== 'adv')) continue;
    const key = `${it.year}|${it.county.code}|${it.chain}`;
    const g = groups.get(key) ?? [];
    g.push(it);
    groups.set(key, g);
  }
  for (const [key, group] of groups) {
    const year = group[0]?.year ?? MAIN_YEAR;
    const share = year === MAIN_YEAR ? chain(group[0]?.chain ?? 'FP').advanceShare : 0.8;
    const total = group.reduce((a, b) => a + b.amount, 0);
    const target = Math.round((total * share) / 10_000) * 10_000;
    let adv = 0;
    for (const it of group.filter((x) => x.program)) adv += it.amount;
    const rest = rng.shuffle(
      group.filter((x) => !x.program),
      'adv-order',
      key,
    );
    for (const it of rest) {
      if (adv >= target) {
        it.batch = 'b2';
      } else if (adv + it.amount <= target) {
        it.batch = 'adv';
        adv += it.amount;
      } else {
        const advPart = target - adv;
        const b2Part = it.amount - advPart;
        if (advPart >= 100_000 && b2Part >= 100_000) {
          it.batch = 'adv';
          it.amount = advPart;
          items.push({ ...it, key: `${it.key}|b2`, batch: 'b2', amount: b2Part, mark: null });
          adv = target;
        } else {
          it.batch = advPart >= b2Part ? 'adv' : 'b2';
          if (it.batch === 'adv') adv += it.amount;
        }
      }
    }
  }
}
