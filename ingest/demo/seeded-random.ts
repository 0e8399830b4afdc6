/**
 * Keyed pseudo-randomness for the small parts of the demo built in JavaScript (regions, funds, projects,
 * documents): every draw is a pure function of (seed, keys…), so the result does not depend on the order in
 * which things are generated. The big tables use the SQL twin of this idea (sql-random.ts).
 */

/** cyrb53: a fast 53-bit string hash with good mixing (public domain). */
function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export type Key = string | number;

export class SeededRandom {
  constructor(readonly seed: number) {}

  /** Uniform in [0, 1). */
  u(...keys: Key[]): number {
    return cyrb53(keys.join('\u0001'), this.seed) / 2 ** 53;
  }

  /** Integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number, ...keys: Key[]): number {
    return lo + Math.floor(this.u(...keys) * (hi - lo + 1));
  }

  pick<T>(items: readonly T[], ...keys: Key[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.u(...keys) * items.length)] as T;
  }

  /** A permutation of the items, keyed (stable for the same seed and keys). */
  shuffle<T>(items: readonly T[], ...keys: Key[]): T[] {
    return items
      .map((item, i) => ({ item, r: this.u(...keys, i) }))
      .sort((a, b) => a.r - b.r)
      .map((x) => x.item);
  }
}
