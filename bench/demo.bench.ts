/**
 * `fundtrail demo --scale province`: total time and peak memory of the whole command (a child process under
 * GNU time), and what it built.
 */
import { join } from 'node:path';
import { openWarehouse } from '../warehouse/index.ts';
import { fmt, timedProcess, type BenchGroup } from './bench.harness.ts';

export const demoBench: BenchGroup = {
  id: 'demo',
  title: '`demo --scale province` (issue 2)',
  async run({ workDir, quick }) {
    const scale = quick ? 'small' : 'province';
    const db = join(workDir, 'demo.duckdb');
    const run = await timedProcess(process.execPath, [
      'bin/fundtrail.mjs',
      '--db',
      db,
      '--json',
      'demo',
      '--scale',
      scale,
      '--seed',
      '1',
    ]);
    const wh = await openWarehouse(db);
    try {
      const counts = await wh.one<Record<string, number>>(`select
        (select count(*) from raw.regions) as regions,
        (select count(*) from raw.beneficiaries) as people,
        (select count(*) from raw.payments) as payments,
        (select count(*) from ledger.documents) as documents,
        (select count(*) from ledger.postings) as postings`);
      return [
        { measure: `total time (${scale})`, value: fmt.sec(run.seconds), note: 'whole command, incl. ledger posting' },
        { measure: 'peak memory (max RSS)', value: `${fmt.int(run.peakMiB)} MiB` },
        {
          measure: 'built',
          value: `${fmt.int(counts?.['payments'] ?? 0)} payments`,
          note: `${fmt.int(counts?.['people'] ?? 0)} people, ${fmt.int(counts?.['regions'] ?? 0)} regions, ${fmt.int(counts?.['documents'] ?? 0)} documents, ${fmt.int(counts?.['postings'] ?? 0)} postings`,
        },
      ];
    } finally {
      wh.closeAll();
    }
  },
};
