/**
 * Step timings of the ledger engine, for finding where batch posting spends its time. Off by default; with
 * FUNDTRAIL_PROFILE=1 in the environment, `postStagedDocuments` prints one line per step to stderr (summed over
 * the levels, with how many times each step ran).
 */
export interface Profile {
  /** Charges the time since the previous mark (or the start) to `step`. */
  mark(step: string): void;
  /** Prints the steps to stderr (only when profiling is on). */
  report(title: string): void;
}

const off: Profile = { mark: () => undefined, report: () => undefined };

export function createProfile(): Profile {
  if (process.env['FUNDTRAIL_PROFILE'] !== '1') return off;
  const steps = new Map<string, { ms: number; times: number }>();
  const start = performance.now();
  let last = start;
  return {
    mark(step) {
      const now = performance.now();
      const entry = steps.get(step) ?? { ms: 0, times: 0 };
      entry.ms += now - last;
      entry.times += 1;
      steps.set(step, entry);
      last = now;
    },
    report(title) {
      const total = performance.now() - start;
      const lines = [...steps].map(
        ([step, { ms, times }]) => `  ${ms.toFixed(1).padStart(9)} ms  ${times > 1 ? `×${times}` : '  '}  ${step}`,
      );
      process.stderr.write(`[profile] ${title}: ${total.toFixed(1)} ms\n${lines.join('\n')}\n`);
    },
  };
}
