/** `fundtrail users add|list|disable`: the local users who sign in to the dashboard and the API. */
import type { Command } from 'commander';
import { UserError } from '../../warehouse/index.ts';
import { addUser, disableUser, listUsers, type UserRow } from '../../server/auth/users.repository.ts';
import { ROLES, ROLE_NAMES, type Role } from '../../server/auth/roles.ts';
import { report, runCommand, withWarehouse, type GlobalOptions } from '../cli.context.ts';

function humanUser(u: UserRow): string {
  const state = u.disabled_at ? `已停用 ${u.disabled_at}` : '启用';
  return `${u.username.padEnd(16)} ${u.role_name.padEnd(6, '　')} ${u.region_name ?? ''} (${u.region_code})  ${state}`;
}

async function readPassword(given: string | undefined): Promise<string> {
  if (given !== undefined) return given;
  const fromEnv = process.env['FUNDTRAIL_PASSWORD'];
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY)
    throw new UserError('NO_PASSWORD', '请用 --password 或环境变量 FUNDTRAIL_PASSWORD 给出密码', 2);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!text) throw new UserError('NO_PASSWORD', '标准输入中没有密码', 2);
  return text;
}

export function registerUsers(program: Command): void {
  const users = program.command('users').description('管理登录用户 (本地账号, 角色, 可见区划)');
  users
    .command('add <username>')
    .description('新增用户; 密码取自 --password、FUNDTRAIL_PASSWORD 或标准输入的第一行')
    .requiredOption('--role <role>', `角色: ${ROLES.map((r) => `${r} (${ROLE_NAMES[r]})`).join(', ')}`)
    .requiredOption('--region <code>', '可见区划: 本区划及下级')
    .option('--name <display>', '显示名')
    .option('--password <password>', '密码 (至少 8 个字符)')
    .action(async (username: string, cmd: { role: string; region: string; name?: string; password?: string }) => {
      const opts = program.opts<GlobalOptions>();
      await runCommand(opts, async () => {
        const password = await readPassword(cmd.password);
        const user = await withWarehouse(opts, (wh) =>
          addUser(wh, {
            username,
            password,
            role: cmd.role as Role,
            region_code: cmd.region,
            ...(cmd.name ? { display_name: cmd.name } : {}),
          }),
        );
        report(opts, user, `已新增用户: ${humanUser(user)}`);
      });
    });
  users
    .command('list')
    .description('列出用户')
    .action(async () => {
      const opts = program.opts<GlobalOptions>();
      await runCommand(opts, async () => {
        const rows = await withWarehouse(opts, (wh) => listUsers(wh));
        report(opts, rows, rows.length === 0 ? '还没有用户' : rows.map(humanUser));
      });
    });
  users
    .command('disable <username>')
    .description('停用用户 (不删除; 其会话立即失效)')
    .action(async (username: string) => {
      const opts = program.opts<GlobalOptions>();
      await runCommand(opts, async () => {
        const user = await withWarehouse(opts, (wh) => disableUser(wh, username));
        report(opts, user, `已停用: ${humanUser(user)}`);
      });
    });
}
