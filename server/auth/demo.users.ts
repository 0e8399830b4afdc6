/**
 * The demo warehouse's users: one per role, at the top region, the first province or the first county of the
 * generated tree, all with the password DEMO_PASSWORD (a demo only: `npm start` prints them). Idempotent.
 */
import { kyselyFor, type Warehouse } from '../../warehouse/index.ts';
import type { RegionLevel } from '../../warehouse/schema.types.ts';
import type { Role } from './roles.ts';
import { ROLE_NAMES } from './roles.ts';
import { addUser, listUsers } from './users.repository.ts';

export const DEMO_PASSWORD = 'fundtrail-demo';

export interface DemoUser {
  username: string;
  role: Role;
  role_name: string;
  region_code: string;
  region_name: string;
  password: string;
}

type Where = 'top' | 'province' | 'county' | 'county2';

const DEMO_USERS: { username: string; display: string; role: Role; where: Where }[] = [
  { username: 'admin', display: '系统管理员', role: 'admin', where: 'top' },
  { username: 'leader', display: '领导 (中央)', role: 'leader', where: 'top' },
  { username: 'auditor', display: '专员办', role: 'auditor', where: 'province' },
  { username: 'monitor', display: '监控岗 (省)', role: 'monitor', where: 'province' },
  { username: 'analyst', display: '报表分析岗 (省)', role: 'analyst', where: 'province' },
  { username: 'entry', display: '指标录入岗 (县)', role: 'entry', where: 'county' },
  { username: 'review', display: '指标审核岗 (县)', role: 'review', where: 'county' },
  { username: 'county_leader', display: '领导 (另一县)', role: 'leader', where: 'county2' },
];

/** The top region, the province with the most regions below it, and the first two counties inside it. */
async function anchors(wh: Warehouse): Promise<Partial<Record<Where, { code: string; name: string }>>> {
  const db = kyselyFor(wh);
  const top = await db
    .selectFrom('raw.region_current')
    .select(['code', 'name'])
    .where('parent_code', 'is', null)
    .orderBy('code')
    .executeTakeFirst();
  const biggest = (level: RegionLevel, inside: string | undefined, offset = 0) => {
    let q = db
      .selectFrom('raw.region_current as r')
      .innerJoin('raw.region_closure as c', 'c.ancestor_code', 'r.code')
      .select(['r.code', 'r.name'])
      .where('r.level', '=', level);
    if (inside !== undefined)
      q = q.where('r.code', 'in', (eb) =>
        eb.selectFrom('raw.region_closure').select('code').where('ancestor_code', '=', inside),
      );
    return q
      .groupBy(['r.code', 'r.name'])
      .orderBy((eb) => eb.fn.countAll(), 'desc')
      .orderBy('r.code')
      .offset(offset)
      .limit(1)
      .executeTakeFirst();
  };
  const province = await biggest('province', undefined);
  const firstCounty = (offset: number) =>
    kyselyFor(wh)
      .selectFrom('raw.region_current')
      .select(['code', 'name'])
      .where('level', '=', 'county')
      .where('code', 'in', (eb) =>
        eb
          .selectFrom('raw.region_closure')
          .select('code')
          .where('ancestor_code', '=', province?.code ?? ''),
      )
      .orderBy('code')
      .offset(offset)
      .limit(1)
      .executeTakeFirst();
  return { top, province, county: await firstCounty(0), county2: await firstCounty(1) };
}

export async function ensureDemoUsers(wh: Warehouse): Promise<DemoUser[]> {
  const where = await anchors(wh);
  const existing = new Set((await listUsers(wh)).map((u) => u.username));
  const out: DemoUser[] = [];
  for (const u of DEMO_USERS) {
    const region = where[u.where];
    if (!region) continue;
    if (!existing.has(u.username)) {
      await addUser(wh, {
        username: u.username,
        display_name: u.display,
        password: DEMO_PASSWORD,
        role: u.role,
        region_code: region.code,
      });
    }
    out.push({
      username: u.username,
      role: u.role,
      role_name: ROLE_NAMES[u.role],
      region_code: region.code,
      region_name: region.name,
      password: DEMO_PASSWORD,
    });
  }
  return out;
}

export function humanDemoUsers(users: DemoUser[]): string[] {
  return [
    `演示用户 (密码均为 ${DEMO_PASSWORD}):`,
    ...users.map(
      (u) => `  ${u.username.padEnd(14)} ${u.role_name.padEnd(6, '　')} ${u.region_name} (${u.region_code})`,
    ),
  ];
}
