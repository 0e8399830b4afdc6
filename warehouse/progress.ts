/**
 * How long work reports progress without knowing who shows it: the CLI draws a bar on stderr, tests pass
 * nothing, the server may forward it to a job's status.
 */
export interface Progress {
  /** A new phase with a total in its unit (bytes, rows, documents). */
  start(label: string, total: number, unit?: string): void;
  /** Done so far in the current phase. */
  update(done: number): void;
  stop(): void;
}

export const silentProgress: Progress = {
  start: () => undefined,
  update: () => undefined,
  stop: () => undefined,
};
