/**
 * The benchmark harness: machine facts, timing, peak memory of child processes, and the section of
 * BENCHMARKS.md that a run rewrites (between markers, one section per benchmark group).
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';

export interface BenchRow {
  measure: string;
  value: string;
  target?: string;
  note?: string;
}

export interface BenchGroup {
  /** key of the BENCHMARKS.md section */
  id: string;
  title: string;
  run(options: BenchOptions): Promise<BenchRow[]>;
}

export interface BenchOptions {
  workDir: string;
  /** smaller sizes for a quick look (`--quick`); the recorded numbers use the full sizes */
  quick: boolean;
}

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const mem = `${Math.round(totalmem() / 2 ** 30)} GiB`;
  let duck = '';
  try {
    duck = JSON.parse(readFileSync('node_modules/@duckdb/node-api/package.json', 'utf8')).version as string;
  } catch {
    duck = '?';
  }
  let kernel = '';
  try {
    kernel = execFileSync('uname', ['-sr'], { encoding: 'utf8' }).trim();
  } catch {
    kernel = process.platform;
  }
  return `${cpus().length} × ${cpu}, ${mem} RAM, ${kernel}, Node ${process.version}, @duckdb/node-api ${duck}`;
}

/** The machine's CPU counters (/proc/stat, all CPUs, in clock ticks): total and stolen by the hypervisor. */
export function cpuTicks(): { total: number; steal: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user)
    const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
    if (v.length < 8 || v.some((n) => !Number.isFinite(n))) return undefined;
    return { total: v.reduce((a, b) => a + b, 0), steal: v[7]! };
  } catch {
    return undefined;
  }
}

/**
 * The share of the machine's CPU time the hypervisor took for other guests between two readings: on a shared
 * host a busy neighbour slows every timing of the run, so the section says how quiet the machine was.
 */
export function stealShare(
  before: ReturnType<typeof cpuTicks>,
  after: ReturnType<typeof cpuTicks>,
): number | undefined {
  if (!before || !after || after.total <= before.total) return undefined;
  return (after.steal - before.steal) / (after.total - before.total);
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const t0 = process.hrtime.bigint();
  const result = await fn();
  return { result, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

/** Runs a command under GNU time and returns wall seconds and peak resident memory (MiB). */
export async function timedProcess(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ seconds: number; peakMiB: number; stdout: string }> {
  const useGnuTime = existsSync('/usr/bin/time');
  const [cmd, argv] = useGnuTime ? ['/usr/bin/time', ['-f', '__PEAK_KB__=%M', command, ...args]] : [command, args];
  const t0 = process.hrtime.bigint();
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(cmd, argv as string[], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c, stdout: out, stderr: err }));
    },
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}:\n${stderr.slice(-2000)}`);
  const peak = /__PEAK_KB__=(\d+)/.exec(stderr);
  return { seconds, peakMiB: peak ? Math.round(Number(peak[1]) / 1024) : Number.NaN, stdout };
}

/** The median of repeated measurements (odd counts give the middle one). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** How many times each measured step is repeated; the tables give the median. */
export const REPEATS = 3;

export const fmt = {
  int: (n: number): string => Math.round(n).toLocaleString('en-US'),
  sec: (s: number): string => `${s.toFixed(2)} s`,
  ratio: (r: number): string => r.toFixed(2),
};

const FILE = 'BENCHMARKS.md';

/** Rewrites the section of one group in BENCHMARKS.md, leaving the others as they were. */
export function recordSection(group: BenchGroup, rows: BenchRow[], command: string, steal?: number): void {
  const begin = `<!-- bench:${group.id}:begin -->`;
  const end = `<!-- bench:${group.id}:end -->`;
  const table = [
    `### ${group.title}`,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}${
      steal === undefined ? '' : `; CPU time stolen by the hypervisor during the run: ${(100 * steal).toFixed(0)} %`
    }.`,
    `Command: \`${command}\``,
    '',
    '| measure | value | target | note |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.measure} | ${r.value} | ${r.target ?? ''} | ${r.note ?? ''} |`),
  ].join('\n');
  const section = `${begin}\n${table}\n${end}`;
  let text = existsSync(FILE)
    ? readFileSync(FILE, 'utf8')
    : '# Benchmarks\n\nWritten by `npm run bench` (bench/run.ts); each section is replaced by the run that measured it.\n';
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start >= 0 && stop > start) text = text.slice(0, start) + section + text.slice(stop + end.length);
  else text = `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(FILE, text);
}
