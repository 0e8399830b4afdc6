/**
 * After a 签发 posts a document, the marts that read the ledger are rebuilt so that the trace, the drill and
 * the 总台账 show it: every table model downstream of the ledger's sources, except those that read the payment
 * detail (a new document has no payments yet; rebuilding 30 M rows for it would take a minute at province
 * scale). One refresh at a time; a refresh asked for while one runs is folded into the next.
 */
import type { Warehouse } from '../../warehouse/index.ts';
import { buildGraph, buildModels, loadModels, type BuildResult } from '../../models/index.ts';

let selection: string[] | undefined;

/** The models a new document changes: downstream of ledger.*, not of the payment detail, not views. */
export function ledgerModels(): string[] {
  if (selection) return selection;
  const graph = buildGraph(loadModels());
  const reads = (name: string, test: (source: string) => boolean, seen = new Set<string>()): boolean => {
    if (seen.has(name)) return false;
    seen.add(name);
    if ((graph.sources.get(name) ?? []).some(test)) return true;
    return (graph.upstream.get(name) ?? []).some((u) => reads(u, test, seen));
  };
  selection = graph.order
    .filter((m) => m.materialized !== 'view')
    .filter((m) => reads(m.name, (s) => s.startsWith('ledger.')))
    .filter((m) => !reads(m.name, (s) => s === 'raw.payments'))
    .map((m) => m.name);
  return selection;
}

let running: Promise<BuildResult> | undefined;

export async function refreshLedgerModels(wh: Warehouse): Promise<BuildResult> {
  while (running) await running.catch(() => undefined);
  running = buildModels(wh, { select: ledgerModels(), unitTests: false });
  try {
    return await running;
  } finally {
    running = undefined;
  }
}
