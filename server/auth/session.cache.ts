/**
 * Live sessions seen in the last few seconds, so a burst of dashboard requests does not read meta.sessions and
 * meta.users for each one. Signing out and disabling a user drop their entries at once; an entry never outlives
 * its session's expiry. (While the server runs, no other process can change the users: DuckDB lets one process
 * open the warehouse.)
 */
import type { SessionUser } from '../api/api.types.ts';
import type { SessionRecord } from './sessions.repository.ts';

const CACHE_MS = 30_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  user: SessionUser;
  session: SessionRecord;
  until: number;
}

const live = new Map<string, Entry>();

export function cachedSession(id: string, now = Date.now()): Entry | undefined {
  const found = live.get(id);
  if (found && found.until >= now) return found;
  live.delete(id);
  return undefined;
}

export function cacheSession(user: SessionUser, session: SessionRecord, now = Date.now()): Entry {
  const entry = { user, session, until: Math.min(now + CACHE_MS, Date.parse(session.expires_at)) };
  if (live.size >= MAX_ENTRIES) live.clear();
  live.set(session.session_id, entry);
  return entry;
}

export function forgetSession(id: string): void {
  live.delete(id);
}

export function forgetUser(username: string): void {
  for (const [id, e] of live) if (e.user.username === username) live.delete(id);
}
