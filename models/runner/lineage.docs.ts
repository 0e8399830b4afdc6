/**
 * `fundtrail docs`: one self-contained lineage.html — the dependency graph as an SVG, sources on the left and
 * each model right of what it reads (coloured by layer), edges from what a model reads to the model, and below
 * it each model's description, grain, materialisation and tests. Clicking a node lights its upstream and downstream.
 * No script or style is fetched from anywhere: the file opens offline.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Model } from './model.catalog.ts';
import type { ModelGraph } from './model.graph.ts';
import { dataTests } from './model.tests.ts';

type Kind = 'source' | 'staging' | 'intermediate' | 'marts';
const KIND_TITLES: Record<Kind, string> = {
  source: '源表',
  staging: 'staging',
  intermediate: 'intermediate',
  marts: 'marts',
};
const CHAR_W = 7.3; // 12 px monospace
const NODE_H = 26;
const GAP_Y = 10;
const GAP_X = 90;
const TOP = 50;

export interface LineageNode {
  id: string;
  kind: Kind;
  /** the column: 0 for sources, else one more than the deepest relation it reads */
  depth: number;
  x: number;
  y: number;
  width: number;
}

export interface Lineage {
  nodes: LineageNode[];
  edges: { from: string; to: string }[];
  columns: { x: number; title: string }[];
  width: number;
  height: number;
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Places the nodes: a column per dependency depth (sources first; a mart that reads a mart stands right of it,
 * so every edge runs left to right); within a column, ordered by the mean row of what they read.
 */
export function layoutLineage(graph: ModelGraph): Lineage {
  const edges: { from: string; to: string }[] = [];
  const depth = new Map<string, number>();
  const kind = new Map<string, Kind>();
  for (const m of graph.order) {
    for (const s of graph.sources.get(m.name) ?? []) {
      depth.set(s, 0);
      kind.set(s, 'source');
      edges.push({ from: s, to: m.name });
    }
    for (const u of graph.upstream.get(m.name) ?? []) edges.push({ from: u, to: m.name });
  }
  for (const m of graph.order) {
    const reads = [...(graph.sources.get(m.name) ?? []), ...(graph.upstream.get(m.name) ?? [])];
    depth.set(m.name, 1 + Math.max(0, ...reads.map((r) => depth.get(r) ?? 0)));
    kind.set(m.name, m.schema);
  }
  const columnCount = Math.max(0, ...depth.values()) + 1;
  const rows = new Map<string, number>();
  const nodes: LineageNode[] = [];
  const columns: { x: number; title: string }[] = [];
  let x = 20;
  for (let c = 0; c < columnCount; c++) {
    const ids = [...depth.entries()].filter(([, d]) => d === c).map(([id]) => id);
    const rank = (id: string): number => {
      const ups = edges.filter((e) => e.to === id && rows.has(e.from)).map((e) => rows.get(e.from)!);
      return ups.length ? ups.reduce((a, b) => a + b, 0) / ups.length : Number.MAX_SAFE_INTEGER;
    };
    const ordered = c === 0 ? ids.sort() : ids.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    const width = Math.ceil(Math.max(120, ...ordered.map((id) => id.length * CHAR_W + 16)));
    const kinds = [...new Set(ordered.map((id) => kind.get(id)!))].map((k) => KIND_TITLES[k]);
    columns.push({ x, title: kinds.join(' / ') });
    ordered.forEach((id, ri) => {
      rows.set(id, ri);
      nodes.push({ id, kind: kind.get(id)!, depth: c, x, y: TOP + ri * (NODE_H + GAP_Y), width });
    });
    x += width + GAP_X;
  }
  const height = Math.max(...nodes.map((n) => n.y), TOP) + NODE_H + 20;
  return { nodes, edges, columns, width: x, height };
}

function svg(lineage: Lineage): string {
  const at = new Map(lineage.nodes.map((n) => [n.id, n]));
  const titles = lineage.columns.map((c) => `<text class="col" x="${c.x}" y="28">${escapeHtml(c.title)}</text>`);
  const paths = lineage.edges.map((e) => {
    const a = at.get(e.from)!;
    const b = at.get(e.to)!;
    const x1 = a.x + a.width;
    const y1 = a.y + NODE_H / 2;
    const x2 = b.x;
    const y2 = b.y + NODE_H / 2;
    const mid = (x1 + x2) / 2;
    return `<path class="edge" data-from="${escapeHtml(e.from)}" data-to="${escapeHtml(e.to)}" d="M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}"/>`;
  });
  const boxes = lineage.nodes.map(
    (n) =>
      `<g class="node ${n.kind}" data-id="${escapeHtml(n.id)}" transform="translate(${n.x},${n.y})">` +
      `<rect width="${n.width}" height="${NODE_H}" rx="5"/><text x="8" y="17">${escapeHtml(n.id)}</text></g>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${lineage.width}" height="${lineage.height}" role="img" aria-label="模型血缘图">
${titles.join('\n')}
${paths.join('\n')}
${boxes.join('\n')}
</svg>`;
}

function modelCard(model: Model, graph: ModelGraph): string {
  const tests = dataTests(model).map((t) => `${t.name}${t.severity === 'warn' ? ' (warn)' : ''}`);
  const units = model.config.unit_tests.map((u) => `${u.name} (单元测试)`);
  const list = (xs: string[]): string => (xs.length ? xs.map((x) => `<code>${escapeHtml(x)}</code>`).join(' ') : '—');
  return `<section class="card" id="${escapeHtml(model.name)}">
<h3>${escapeHtml(model.name)} <small>${escapeHtml(model.materialized)} · ${escapeHtml(model.file)}</small></h3>
<p>${escapeHtml(model.config.description)}</p>
<p><b>粒度</b> ${escapeHtml(model.config.grain)}</p>
<p><b>读取</b> ${list([...(graph.upstream.get(model.name) ?? []), ...(graph.sources.get(model.name) ?? [])])}</p>
<p><b>测试</b> ${list([...tests, ...units])}</p>
</section>`;
}

const STYLE = `body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:16px;color:#1f2937}
h1{font-size:20px}.wrap{overflow:auto;border:1px solid #e5e7eb;border-radius:6px}
.col{font-size:13px;font-weight:600;fill:#374151}.edge{fill:none;stroke:#9ca3af;stroke-width:1.2}
.node rect{stroke:#4b5563;stroke-width:1}.node text{font-size:12px;font-family:monospace}.node{cursor:pointer}
.source rect{fill:#f3f4f6}.staging rect{fill:#dbeafe}.intermediate rect{fill:#fef3c7}.marts rect{fill:#dcfce7}
.dim{opacity:.2}.lit rect{stroke:#dc2626;stroke-width:2}.edge.lit{stroke:#dc2626;stroke-width:2}
.card{border-top:1px solid #e5e7eb;padding:4px 0}.card h3{font-size:15px;margin:8px 0 4px}small{color:#6b7280;font-weight:400}
code{background:#f3f4f6;padding:1px 4px;border-radius:3px;font-size:12px}`;

// Clicking a node lights it, everything it reads (transitively) and everything that reads it.
const SCRIPT = `const edges=[...document.querySelectorAll('.edge')].map(e=>({el:e,from:e.dataset.from,to:e.dataset.to}));
function reach(id,dir){const seen=new Set([id]);const stack=[id];while(stack.length){const n=stack.pop();
for(const e of edges){const a=dir==='up'?e.to:e.from,b=dir==='up'?e.from:e.to;if(a===n&&!seen.has(b)){seen.add(b);stack.push(b);}}}return seen;}
document.querySelectorAll('.node').forEach(g=>g.addEventListener('click',()=>{const id=g.dataset.id;
const on=new Set([...reach(id,'up'),...reach(id,'down')]);
document.querySelectorAll('.node').forEach(n=>{n.classList.toggle('dim',!on.has(n.dataset.id));n.classList.toggle('lit',n.dataset.id===id);});
edges.forEach(e=>{const lit=on.has(e.from)&&on.has(e.to);e.el.classList.toggle('dim',!lit);e.el.classList.toggle('lit',lit);});
const card=document.getElementById(id);if(card)card.scrollIntoView({behavior:'smooth'});}));`;

export function lineageHtml(graph: ModelGraph): string {
  const lineage = layoutLineage(graph);
  const cards = graph.order.map((m) => modelCard(m, graph));
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Fundtrail 模型血缘</title><style>${STYLE}</style></head>
<body><h1>Fundtrail 模型血缘 (${graph.order.length} 个模型)</h1>
<p>从源表经 staging、intermediate 到 marts。点击一个模型, 高亮它的上游与下游。</p>
<div class="wrap">${svg(lineage)}</div>
${cards.join('\n')}
<script>${SCRIPT}</script></body></html>
`;
}

/** Writes lineage.html into `outDir` and returns its path. */
export function writeLineage(graph: ModelGraph, outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'lineage.html');
  writeFileSync(file, lineageHtml(graph));
  return file;
}
