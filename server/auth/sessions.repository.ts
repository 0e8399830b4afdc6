/**
 * Server-side sessions (meta.sessions): the cookie carries only a signed random id; expiry and revocation are
 * decided here, so signing out or disabling a user ends the session at once.
 */
import { randomBytes } from 'node:crypto';
import { kyselyFor, type Warehouse } from '../../warehouse/index.ts';

export const SESSION_HOURS = 8;

export interface SessionRecord {
  session_id: string;
  username: string;
  csrf_token: string;
  expires_at: string;
}

const token = (): string => randomBytes(32).toString('base64url');

export async function createSession(wh: Warehouse, username: string, now = new Date()): Promise<SessionRecord> {
  const record: SessionRecord = {
    session_id: token(),
    username,
    csrf_token: token(),
    expires_at: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
  };
  await kyselyFor(wh)
    .insertInto('meta.sessions')
    .values({ ...record, created_at: now.toISOString(), revoked_at: null })
    .execute();
  return record;
}

/** The live session of `id`: not revoked, not expired. */
export async function findSession(wh: Warehouse, id: string, now = new Date()): Promise<SessionRecord | undefined> {
  const row = await kyselyFor(wh)
    .selectFrom('meta.sessions')
    .select(['session_id', 'username', 'csrf_token'])
    .select((eb) => eb.cast<string>('expires_at', 'varchar').as('expires_at'))
    .where('session_id', '=', id)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return row ? { ...row, expires_at: new Date(`${row.expires_at.replace(' ', 'T')}Z`).toISOString() } : undefined;
}

export async function revokeSession(wh: Warehouse, id: string): Promise<void> {
  await kyselyFor(wh)
    .updateTable('meta.sessions')
    .set({ revoked_at: new Date().toISOString() })
    .where('session_id', '=', id)
    .execute();
}

/** The warehouse's cookie signing key, made once. */
export async function cookieSecret(wh: Warehouse): Promise<string> {
  const db = kyselyFor(wh);
  const found = await db.selectFrom('meta.app_secrets').select('value').where('name', '=', 'cookie').executeTakeFirst();
  if (found) return found.value;
  await db
    .insertInto('meta.app_secrets')
    .values({ name: 'cookie', value: token(), created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('meta.app_secrets')
    .select('value')
    .where('name', '=', 'cookie')
    .executeTakeFirstOrThrow();
  return row.value;
}
