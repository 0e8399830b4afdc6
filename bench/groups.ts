import type { BenchGroup } from './bench.harness.ts';
import { ingestBench } from './ingest.bench.ts';
import { ledgerBench } from './ledger.bench.ts';
import { demoBench } from './demo.bench.ts';
import { modelsPgBench } from './models-pg.bench.ts';
import { modelsBench } from './models.bench.ts';
import { rulesBench } from './rules.bench.ts';
import { apiBench } from './api.bench.ts';
import { dashboardBench } from './dashboard.bench.ts';
import { reportsBench } from './reports.bench.ts';
import { auditBench } from './audit.bench.ts';

/** Every benchmark group, in the order `npm run bench` runs them. */
export const groups: BenchGroup[] = [
  ingestBench,
  ledgerBench,
  demoBench,
  modelsBench,
  modelsPgBench,
  rulesBench,
  apiBench,
  dashboardBench,
  auditBench,
  reportsBench,
];
