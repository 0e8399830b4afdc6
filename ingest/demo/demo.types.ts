/** The demo generator's options, scale parameters and summary. Amounts are integer 分. */

export type DemoScale = 'small' | 'province';

export interface ScaleParams {
  scale: DemoScale;
  /** number of cities, and the range of counties per city */
  cities: number;
  countiesPerCity: readonly [number, number];
  townshipsPerCounty: readonly [number, number];
  villagesPerTownship: readonly [number, number];
  /** registered poor people (建档立卡) in the province */
  people: number;
  /** 财政供养人员 who are not among the registered poor */
  officials: number;
  /** own-level spending projects per county and budget year */
  projectsPerCountyYear: number;
  /** project amounts scale with the size of the counties (about 2,500 people per county at small scale) */
  projectAmountFactor: number;
  /** DuckDB memory limit while generating (bounded memory at province scale) */
  memoryLimit: string;
}

export const SCALES: Record<DemoScale, ScaleParams> = {
  small: {
    scale: 'small',
    cities: 1,
    countiesPerCity: [4, 4],
    townshipsPerCounty: [7, 9],
    villagesPerTownship: [5, 8],
    people: 10_000,
    officials: 150,
    projectsPerCountyYear: 12,
    projectAmountFactor: 1,
    memoryLimit: '2GB',
  },
  province: {
    scale: 'province',
    cities: 9,
    countiesPerCity: [9, 13],
    townshipsPerCounty: [13, 17],
    villagesPerTownship: [10, 14],
    people: 3_100_000,
    officials: 3_000,
    projectsPerCountyYear: 24,
    projectAmountFactor: 2,
    memoryLimit: '6GB',
  },
};

export interface DemoOptions {
  scale: DemoScale;
  seed: number;
}

export interface DemoPhase {
  phase: string;
  label: string;
  ms: number;
}

export interface DemoSummary {
  db: string;
  scale: DemoScale;
  seed: number;
  /** the date the demo's data runs up to; time-based monitoring rules evaluate as of it */
  asOf: string;
  counts: Record<string, number>;
  anomalies: Record<string, number>;
  ledger: { read: number; accepted: number; rejected: number; postings: number };
  phases: DemoPhase[];
  totalMs: number;
}

/** The last day of the demo's data (2020 is the main budget year). */
export const DEMO_AS_OF = '2020-12-31';
export const MAIN_YEAR = 2020;
export const PRIOR_YEAR = 2019;
