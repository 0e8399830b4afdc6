/**
 * `npm run bench [-- --only ingest,ledger,demo] [--quick]`: runs the benchmark groups, prints their tables and
 * rewrites their sections of BENCHMARKS.md (not with --quick, whose sizes are too small to record).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuTicks, recordSection, stealShare, type BenchGroup } from './bench.harness.ts';
import { groups } from './groups.ts';

const { values } = parseArgs({
  options: { only: { type: 'string' }, quick: { type: 'boolean', default: false }, keep: { type: 'boolean' } },
});
const wanted = values.only?.split(',').map((s) => s.trim());
const selected: BenchGroup[] = groups.filter((g) => !wanted || wanted.includes(g.id));
if (selected.length === 0) {
  console.error(`没有这样的基准组: ${values.only}. 可选: ${groups.map((g) => g.id).join(', ')}`);
  process.exit(2);
}

const given = process.env['FUNDTRAIL_BENCH_PROVINCE_DB'];
const command = `${given ? `FUNDTRAIL_BENCH_PROVINCE_DB=${given} ` : ''}npm run bench -- --only ${selected.map((g) => g.id).join(',')}${values.quick ? ' --quick' : ''}`;
for (const group of selected) {
  const workDir = mkdtempSync(join(tmpdir(), `fundtrail-bench-${group.id}-`));
  try {
    console.error(`\n== ${group.title} ==`);
    const before = cpuTicks();
    const rows = await group.run({ workDir, quick: values.quick ?? false });
    const steal = stealShare(before, cpuTicks());
    console.table(rows);
    if (steal !== undefined)
      console.error(`CPU time stolen by the hypervisor during the run: ${(100 * steal).toFixed(0)} %`);
    if (!values.quick) recordSection(group, rows, command, steal);
  } finally {
    if (!values.keep) rmSync(workDir, { recursive: true, force: true });
  }
}
