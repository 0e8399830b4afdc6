/**
 * A throw-away PostgreSQL 15 cluster for the peer benchmark: initdb in a folder of the bench's workDir, started
 * on 127.0.0.1 with a free port (its unix socket in that folder too), queried through psql, stopped and removed
 * by `stop()`. The Debian package postgresql-15 provides the binaries; postgres refuses to run as root, so when
 * the bench runs as root the server runs as the `postgres` system user (runuser).
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const PG_BIN = '/usr/lib/postgresql/15/bin';

/** The settings the cluster runs with (stated in the benchmark's output): a 2-core, 24 GiB machine. */
export const PG_SETTINGS: Record<string, string> = {
  shared_buffers: '6GB',
  effective_cache_size: '16GB',
  work_mem: '512MB',
  hash_mem_multiplier: '2.0',
  maintenance_work_mem: '1GB',
  max_worker_processes: '4',
  max_parallel_workers: '2',
  max_parallel_workers_per_gather: '2',
  max_parallel_maintenance_workers: '2',
  jit: 'off',
  // A build box, not a replica: CREATE TABLE AS and COPY into a table created in the same transaction skip
  // the WAL; checkpoints spaced out so a 30 M row load is not interrupted by them. fsync stays on.
  wal_level: 'minimal',
  max_wal_senders: '0',
  max_wal_size: '16GB',
  checkpoint_timeout: '30min',
  random_page_cost: '1.1',
  effective_io_concurrency: '200',
  autovacuum: 'off',
  listen_addresses: "'127.0.0.1'",
  max_connections: '20',
};

export function describeSettings(): string {
  return Object.entries(PG_SETTINGS)
    .filter(([k]) => !['listen_addresses', 'max_connections', 'max_wal_senders'].includes(k))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

export interface PgServer {
  port: number;
  version: string;
  /** Runs a script in one psql session (stops at the first error); returns psql's unaligned, tuples-only output. */
  psql(sql: string, options?: { singleTransaction?: boolean }): Promise<string>;
  /**
   * Runs statements in one psql session with `\timing on` and returns each statement's time in seconds as psql
   * measured it (the round trip of that statement alone: no psql start-up, no connection set-up).
   */
  timedPsql(statements: readonly string[], options?: { singleTransaction?: boolean }): Promise<number[]>;
  /** Stops the server and removes the cluster folder (safe to call twice). */
  stop(): Promise<void>;
}

/** Whether the server must run as the `postgres` system user (the bench runs as root). */
const asRoot = (): boolean => process.getuid?.() === 0;

function asServerUser(command: string, args: readonly string[]): [string, string[]] {
  return asRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, [...args]];
}

export function checkPostgresInstalled(): void {
  const missing = ['initdb', 'pg_ctl', 'postgres'].filter((b) => !existsSync(join(PG_BIN, b)));
  if (missing.length) {
    throw new Error(
      `PostgreSQL 15 is not installed (${missing.map((b) => join(PG_BIN, b)).join(', ')} missing): ` +
        '`apt-get install -y postgresql-15` (the Debian package), then run the bench again.',
    );
  }
  if (asRoot()) {
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    } catch {
      throw new Error(
        'the bench runs as root and there is no `postgres` system user: `apt-get install -y postgresql-15` creates it',
      );
    }
  }
}

/** Makes a folder the server user can write (and the bench, as root, still read). */
export function serverFolder(path: string): string {
  mkdirSync(path, { recursive: true });
  if (asRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(path, uid, gid);
  }
  chmodSync(path, 0o700);
  return path;
}

export async function startPostgres(workDir: string): Promise<PgServer> {
  checkPostgresInstalled();
  // the server user must be able to reach its folder and the CSV files below the workDir
  chmodSync(workDir, 0o711);
  const root = serverFolder(join(workDir, 'pg'));
  const data = join(root, 'data');
  const log = join(root, 'server.log');
  const [initCmd, initArgs] = asServerUser(join(PG_BIN, 'initdb'), [
    '-D',
    data,
    '--auth=trust',
    '--encoding=UTF8',
    '--no-locale', // C collation: byte order, as DuckDB compares text
    '--username=postgres',
  ]);
  const init = await run(initCmd, initArgs);
  if (init.code !== 0) throw new Error(`initdb failed:\n${init.stderr.slice(-2000)}`);

  const port = await freePort();
  const settings = { ...PG_SETTINGS, port: String(port), unix_socket_directories: `'${root}'` };
  const conf = Object.entries(settings)
    .map(([k, v]) => `${k} = ${v}`)
    .join('\n');
  // the file belongs to the server user; appending as root keeps its owner
  appendFileSync(join(data, 'postgresql.conf'), `\n# fundtrail models-pg bench\n${conf}\n`);

  let started = false;
  const stop = async (): Promise<void> => {
    if (started) {
      started = false;
      const [cmd, args] = asServerUser(join(PG_BIN, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      const r = await run(cmd, args);
      if (r.code !== 0) console.error(`pg_ctl stop: ${r.stderr.trim()}`);
    }
    rmSync(root, { recursive: true, force: true });
  };

  const [ctlCmd, ctlArgs] = asServerUser(join(PG_BIN, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '120', 'start']);
  const ctl = await run(ctlCmd, ctlArgs);
  if (ctl.code !== 0) {
    await stop();
    throw new Error(`pg_ctl start failed:\n${ctl.stdout}\n${ctl.stderr}`.slice(-3000));
  }
  started = true;

  const connection = ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port)];
  const psql = async (sql: string, options: { singleTransaction?: boolean } = {}): Promise<string> => {
    const args = [...connection, '-U', 'postgres', '-d', 'postgres', ...(options.singleTransaction ? ['-1'] : [])];
    const r = await run('psql', [...args, '-f', '-'], sql);
    if (r.code !== 0) throw new Error(`psql failed: ${r.stderr.trim().slice(-3000)}`);
    return r.stdout;
  };
  const timedPsql = async (statements: readonly string[], options: { singleTransaction?: boolean } = {}) => {
    const out = await psql(
      `\\timing on\n${statements.map((x) => `${x.trim().replace(/;+$/, '')};`).join('\n')}\n`,
      options,
    );
    const times = [...out.matchAll(/^Time: ([0-9.]+) ms/gm)].map((m) => Number(m[1]) / 1000);
    if (times.length !== statements.length) {
      throw new Error(
        `psql reported ${times.length} timings for ${statements.length} statements:\n${out.slice(-2000)}`,
      );
    }
    return times;
  };
  try {
    const version = (await psql('show server_version')).trim();
    return { port, version, psql, timedPsql, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Writes a file the server user can read (COPY … FROM a file is read by the server). */
export function writeReadable(path: string, text: string): void {
  writeFileSync(path, text);
  chmodSync(path, 0o644);
}
