/**
 * The dependency graph of the models: edges from the schema-qualified names each model reads, a build order
 * (upstream first), cycle and unknown-model detection, and `--select` (`m`, `m+`, `+m`, `+m+`, `layer.*`).
 */
import { UserError } from '../../warehouse/index.ts';
import type { Model } from './model.catalog.ts';
import { isModelSchema } from './sql.refs.ts';

export interface ModelGraph {
  /** models in build order: every model after the models it reads */
  order: Model[];
  byName: Map<string, Model>;
  /** model → the models it reads */
  upstream: Map<string, string[]>;
  /** model → the models that read it */
  downstream: Map<string, string[]>;
  /** model → the sources (raw.*, ledger.*, meta.*) it reads */
  sources: Map<string, string[]>;
}

export function buildGraph(models: readonly Model[]): ModelGraph {
  const byName = new Map(models.map((m) => [m.name, m]));
  const upstream = new Map<string, string[]>();
  const downstream = new Map<string, string[]>(models.map((m) => [m.name, []]));
  const sources = new Map<string, string[]>();
  const unknown: string[] = [];
  for (const m of models) {
    const ups: string[] = [];
    const srcs: string[] = [];
    for (const ref of m.refs) {
      const schema = ref.split('.')[0]!;
      if (!isModelSchema(schema)) srcs.push(ref);
      else if (byName.has(ref)) ups.push(ref);
      else unknown.push(`${m.file}: 引用了不存在的模型 ${ref}`);
    }
    upstream.set(m.name, ups);
    sources.set(m.name, srcs);
    for (const u of ups) downstream.get(u)!.push(m.name);
  }
  if (unknown.length) throw new UserError('MODEL_UNKNOWN_REF', unknown.join('\n'));

  // Kahn's algorithm; ties broken by layer then name so the order is stable.
  const layerRank = (m: Model): number => ['staging', 'intermediate', 'marts'].indexOf(m.schema);
  const pending = new Map(models.map((m) => [m.name, upstream.get(m.name)!.length]));
  const ready = models.filter((m) => pending.get(m.name) === 0);
  const order: Model[] = [];
  while (ready.length) {
    ready.sort((a, b) => layerRank(a) - layerRank(b) || a.name.localeCompare(b.name));
    const m = ready.shift()!;
    order.push(m);
    for (const d of downstream.get(m.name)!) {
      const left = pending.get(d)! - 1;
      pending.set(d, left);
      if (left === 0) ready.push(byName.get(d)!);
    }
  }
  if (order.length < models.length) {
    const stuck = models.filter((m) => !order.includes(m)).map((m) => m.name);
    throw new UserError('MODEL_CYCLE', `模型之间存在循环依赖: ${stuck.join(', ')}`);
  }
  return { order, byName, upstream, downstream, sources };
}

function walk(start: string, edges: Map<string, string[]>, into: Set<string>): void {
  const stack = [start];
  while (stack.length) {
    const n = stack.pop()!;
    for (const next of edges.get(n) ?? []) {
      if (!into.has(next)) {
        into.add(next);
        stack.push(next);
      }
    }
  }
}

/** Resolves a model name: `schema.name`, or a bare name that is unique across the layers. */
export function resolveModelName(graph: ModelGraph, name: string): string {
  if (graph.byName.has(name)) return name;
  const matches = [...graph.byName.keys()].filter((n) => n.split('.')[1] === name);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new UserError('MODEL_AMBIGUOUS', `模型名 ${name} 不唯一: ${matches.join(', ')}`, 2);
  throw new UserError('MODEL_NOT_FOUND', `没有名为 ${name} 的模型`, 2);
}

/** The models a list of selectors names, in build order; no selector means every model. */
export function selectModels(graph: ModelGraph, selectors: readonly string[]): Model[] {
  if (!selectors.length) return graph.order;
  const chosen = new Set<string>();
  for (const raw of selectors) {
    const sel = raw.trim();
    const layer = /^(staging|intermediate|marts)\.\*$/.exec(sel);
    if (layer) {
      for (const m of graph.order) if (m.schema === layer[1]) chosen.add(m.name);
      continue;
    }
    const up = sel.startsWith('+');
    const down = sel.endsWith('+');
    const name = resolveModelName(graph, sel.replace(/^\+/, '').replace(/\+$/, ''));
    chosen.add(name);
    if (up) walk(name, graph.upstream, chosen);
    if (down) walk(name, graph.downstream, chosen);
  }
  return graph.order.filter((m) => chosen.has(m.name));
}

/** Every model upstream of `name` (not itself). */
export function upstreamOf(graph: ModelGraph, name: string): Set<string> {
  const into = new Set<string>();
  walk(name, graph.upstream, into);
  return into;
}
