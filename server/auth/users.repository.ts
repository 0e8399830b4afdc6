/**
 * Local users (meta.users): added, listed, disabled — never deleted, so the who of every 签报 step and every
 * alert's handling stays readable. Used by `fundtrail users` and by sign-in.
 */
import { z } from 'zod';
import { UserError, kyselyFor, type Warehouse } from '../../warehouse/index.ts';
import { ROLES, ROLE_NAMES, canUnmask, type Role } from './roles.ts';
import { hashPassword, verifyPassword } from './password.hash.ts';
import { forgetUser } from './session.cache.ts';
import type { SessionUser } from '../api/api.types.ts';

export const NewUser = z.object({
  username: z.string().regex(/^[A-Za-z0-9_.-]{2,40}$/, '用户名只能由 2–40 个字母、数字、下划线、点或连字符组成'),
  display_name: z.string().min(1).max(60).optional(),
  password: z.string().min(8, '密码至少 8 个字符').max(200),
  role: z.enum(ROLES, { message: `角色必须是 ${ROLES.join(', ')} 之一` }),
  region_code: z.string().regex(/^\d{6,12}$/, '区划代码必须是 6–12 位数字'),
});
export type NewUser = z.infer<typeof NewUser>;

export interface UserRow {
  username: string;
  display_name: string;
  role: Role;
  role_name: string;
  region_code: string;
  region_name: string | null;
  created_at: string;
  disabled_at: string | null;
}

async function regionName(wh: Warehouse, code: string): Promise<string | undefined> {
  const row = await kyselyFor(wh)
    .selectFrom('raw.region_current')
    .select('name')
    .where('code', '=', code)
    .executeTakeFirst();
  return row?.name;
}

export async function addUser(wh: Warehouse, input: NewUser): Promise<UserRow> {
  const parsed = NewUser.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(输入)'}: ${i.message}`);
    throw new UserError('BAD_USER', `用户信息有误: ${problems.join('; ')}`, 2);
  }
  const u = parsed.data;
  const name = await regionName(wh, u.region_code);
  if (name === undefined) throw new UserError('UNKNOWN_REGION', `区划 ${u.region_code} 不存在`, 2);
  const db = kyselyFor(wh);
  const existing = await db
    .selectFrom('meta.users')
    .select('username')
    .where('username', '=', u.username)
    .executeTakeFirst();
  if (existing) throw new UserError('USER_EXISTS', `用户 ${u.username} 已存在`, 2);
  await db
    .insertInto('meta.users')
    .values({
      username: u.username,
      display_name: u.display_name ?? u.username,
      password_hash: await hashPassword(u.password),
      role: u.role,
      region_code: u.region_code,
      created_at: new Date().toISOString(),
      disabled_at: null,
    })
    .execute();
  const row = (await listUsers(wh, u.username))[0];
  if (!row) throw new Error(`user ${u.username} was not stored`);
  return row;
}

/** Every user, or the one named `only`. */
export async function listUsers(wh: Warehouse, only?: string): Promise<UserRow[]> {
  let query = kyselyFor(wh)
    .selectFrom('meta.users as u')
    .leftJoin('raw.region_current as r', 'r.code', 'u.region_code')
    .select(['u.username', 'u.display_name', 'u.role', 'u.region_code', 'r.name as region_name'])
    .select((eb) => [
      eb.cast<string>('u.created_at', 'varchar').as('created_at'),
      eb.cast<string>('u.disabled_at', 'varchar').as('disabled_at'),
    ])
    .orderBy('u.username');
  if (only !== undefined) query = query.where('u.username', '=', only);
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, role: r.role as Role, role_name: ROLE_NAMES[r.role as Role] ?? r.role }));
}

export async function disableUser(wh: Warehouse, username: string): Promise<UserRow> {
  const db = kyselyFor(wh);
  const found = await db
    .selectFrom('meta.users')
    .select('disabled_at')
    .where('username', '=', username)
    .executeTakeFirst();
  if (!found) throw new UserError('UNKNOWN_USER', `用户 ${username} 不存在`, 2);
  if (found.disabled_at === null) {
    await wh.transaction(async (tx) => {
      const t = kyselyFor(tx);
      const now = new Date().toISOString();
      await t.updateTable('meta.users').set({ disabled_at: now }).where('username', '=', username).execute();
      await t
        .updateTable('meta.sessions')
        .set({ revoked_at: now })
        .where('username', '=', username)
        .where('revoked_at', 'is', null)
        .execute();
    });
  }
  forgetUser(username);
  const row = (await listUsers(wh, username))[0];
  if (!row) throw new Error(`user ${username} vanished`);
  return row;
}

/** The signed-in view of an active user, or undefined when the user is unknown or disabled. */
export async function sessionUser(wh: Warehouse, username: string): Promise<SessionUser | undefined> {
  const row = (await listUsers(wh, username)).find((r) => r.disabled_at === null);
  if (!row) return undefined;
  return {
    username: row.username,
    display_name: row.display_name,
    role: row.role,
    role_name: row.role_name,
    region_code: row.region_code,
    region_name: row.region_name ?? row.region_code,
    can_unmask: canUnmask(row.role),
  };
}

/** Checks a password; the same answer (undefined) for an unknown user, a disabled one and a wrong password. */
export async function authenticate(
  wh: Warehouse,
  username: string,
  password: string,
): Promise<SessionUser | undefined> {
  const row = await kyselyFor(wh)
    .selectFrom('meta.users')
    .select(['password_hash', 'disabled_at'])
    .where('username', '=', username)
    .executeTakeFirst();
  // A missing user still costs one hash, so timing does not tell which usernames exist.
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !ok || row.disabled_at !== null) return undefined;
  return sessionUser(wh, username);
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
