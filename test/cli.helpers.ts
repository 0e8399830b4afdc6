/** Runs the `fundtrail` command as a user does (a child process from the repository root) on one warehouse file. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '..');

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** `fundtrail --db <db> <args…>`: its exit code and output, also when it fails. */
export async function runFundtrail(db: string, ...args: string[]): Promise<CliOutcome> {
  try {
    const { stdout, stderr } = await run('node', ['bin/fundtrail.mjs', '--db', db, ...args], { cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
