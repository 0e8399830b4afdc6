/**
 * What every command shares: the global options (--db, --json), opening the warehouse, the progress bar on
 * stderr, printing a summary (human text or one JSON object on stdout) and the exit codes of contract.md.
 */
import cliProgress from 'cli-progress';
import { DEFAULT_DB_PATH, isUserError, openWarehouse, type Progress, type Warehouse } from '../warehouse/index.ts';

export interface GlobalOptions {
  db?: string;
  json?: boolean;
}

export function dbPath(opts: GlobalOptions): string {
  return opts.db ?? process.env['FUNDTRAIL_DB'] ?? DEFAULT_DB_PATH;
}

export async function withWarehouse<T>(opts: GlobalOptions, fn: (wh: Warehouse) => Promise<T>): Promise<T> {
  const wh = await openWarehouse(dbPath(opts));
  try {
    return await fn(wh);
  } finally {
    wh.closeAll();
  }
}

/** A progress bar on stderr; silent when stderr is not a terminal and `--json` is not asked (CI logs stay short). */
export function stderrProgress(): Progress {
  let bar: cliProgress.SingleBar | undefined;
  return {
    start(label, total, unit = '') {
      bar?.stop();
      bar = new cliProgress.SingleBar(
        {
          format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | 剩余 {eta_formatted}`,
          stream: process.stderr,
          hideCursor: true,
          noTTYOutput: false,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    update(done) {
      bar?.update(done);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

/** Prints the result: the JSON summary with --json, else the human lines. */
export function report(opts: GlobalOptions, summary: unknown, human: string | string[]): void {
  if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else process.stdout.write(`${Array.isArray(human) ? human.join('\n') : human}\n`);
}

/** Runs a command body, mapping failures to contract.md's exit codes: 1 the data failed, 2 wrong usage. */
export async function runCommand(opts: GlobalOptions, body: () => Promise<number | void>): Promise<void> {
  try {
    const code = await body();
    process.exitCode = code ?? 0;
  } catch (err) {
    if (isUserError(err)) {
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ error: { code: err.code, message: err.message } })}\n`);
      }
      process.stderr.write(`错误 [${err.code}]: ${err.message}\n`);
      process.exitCode = err.exitCode;
    } else {
      process.stderr.write(`内部错误: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    }
  }
}
