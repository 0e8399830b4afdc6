/**
 * Answers of the read-only drill routes, kept while the warehouse does not change. The marts change only when
 * this process writes (a 签发 and its refresh, an alert's handling: every successful POST bumps the version and
 * empties the cache) — no other process can open the warehouse while the server has it. The key holds what
 * decides an answer besides the URL: the user's region (scope) and role (masking, allowed actions).
 * Bounded by total size; the oldest entries go first. FUNDTRAIL_RESPONSE_CACHE=0 turns it off.
 */
import type { SessionUser } from './api.types.ts';

const MAX_BYTES = 64 * 1024 * 1024;

export class ResponseCache {
  private readonly entries = new Map<string, string>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(readonly enabled = process.env['FUNDTRAIL_RESPONSE_CACHE'] !== '0') {}

  key(user: SessionUser, url: string): string {
    return `${user.role}|${user.region_code}|${url}`;
  }

  get(key: string): string | undefined {
    if (!this.enabled) return undefined;
    const found = this.entries.get(key);
    if (found === undefined) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    // most recently used last
    this.entries.delete(key);
    this.entries.set(key, found);
    return found;
  }

  set(key: string, body: string): void {
    if (!this.enabled || body.length > MAX_BYTES / 16) return;
    const old = this.entries.get(key);
    if (old !== undefined) this.bytes -= old.length;
    this.entries.set(key, body);
    this.bytes += body.length;
    for (const [k, v] of this.entries) {
      if (this.bytes <= MAX_BYTES) break;
      this.entries.delete(k);
      this.bytes -= v.length;
    }
  }

  /** The warehouse changed. */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
