/**
 * A document tree from its root down to the payments: each node says its 交易令, 文号, region, amount and what
 * is left; a node opens its document, a payment (T08) its individual payments. A node whose children were not
 * sent (a fund's roots) loads them from GET /api/documents/:id when it is opened.
 */
import { useCallback, useMemo, useState } from 'react';
import type { DocumentDetailResponse } from '../../../server/api/api.types.ts';
import { apiGet } from '../api/api.client.ts';
import { apiPath, segment } from '../api/query-string.builder.ts';
import { Link } from 'react-router';
import type { TraceNode } from '../../../server/api/api.types.ts';
import { formatFen, pickUnit, UNIT_LABELS, type MoneyUnit } from '../format/money.format.ts';
import { paths, type DrillContext } from '../routes/app.routes.ts';
import { buildTraceTree, countNodes, type TreeNode } from './trace-tree.builder.ts';

interface Props {
  nodes: TraceNode[];
  current?: string;
  ctx: DrillContext;
  truncated?: boolean;
  /** levels open at first */
  openDepth?: number;
}

export function TraceTree({ nodes, current, ctx, truncated, openDepth = 3 }: Props) {
  const [loaded, setLoaded] = useState<TraceNode[]>([]);
  const all = useMemo(() => [...nodes, ...loaded], [nodes, loaded]);
  const trees = useMemo(() => buildTraceTree(all), [all]);
  const load = useCallback(async (docId: string): Promise<void> => {
    const detail = await apiGet<DocumentDetailResponse>(apiPath(`/documents/${segment(docId)}`));
    setLoaded((before) => [...before, ...detail.descendants.filter((d) => d.doc_id !== docId)]);
  }, []);
  const unit = pickUnit(nodes.map((n) => n.amount));
  return (
    <div className="trace" data-testid="trace-tree">
      <div className="muted">
        {countNodes(trees)} 张单据, 金额单位 {UNIT_LABELS[unit]}
        {truncated ? ' (下级单据过多, 只显示一部分)' : ''}
      </div>
      <ul>
        {trees.map((t) => (
          <Branch
            key={t.node.doc_id}
            tree={t}
            current={current}
            ctx={ctx}
            unit={unit}
            depth={0}
            openDepth={openDepth}
            load={load}
          />
        ))}
      </ul>
    </div>
  );
}

interface BranchProps {
  tree: TreeNode;
  current: string | undefined;
  ctx: DrillContext;
  unit: MoneyUnit;
  depth: number;
  openDepth: number;
  load: (docId: string) => Promise<void>;
}

function Branch({ tree, current, ctx, unit, depth, openDepth, load }: BranchProps) {
  const [open, setOpen] = useState(depth < openDepth || tree.children.some((c) => c.node.doc_id === current));
  const [loading, setLoading] = useState(false);
  const [tried, setTried] = useState(false);
  const n = tree.node;
  const unloaded = tree.children.length === 0 && !n.is_leaf && !tried;
  const toggle = (): void => {
    if (unloaded && !loading) {
      setLoading(true);
      void load(n.doc_id).finally(() => {
        setLoading(false);
        setTried(true);
        setOpen(true);
      });
      return;
    }
    setOpen(!open);
  };
  const here = n.doc_id === current;
  const docCtx: DrillContext = { year: ctx.year ?? n.budget_year, region: ctx.region ?? n.region_code, fund: ctx.fund };
  return (
    <li className={here ? 'here' : undefined} data-doc={n.doc_id} data-txn={n.txn_code}>
      {tree.children.length > 0 || unloaded ? (
        <button type="button" className="toggle" onClick={toggle} aria-label={open && !unloaded ? '收起' : '展开'}>
          {loading ? '…' : open && !unloaded ? '▾' : '▸'}
        </button>
      ) : (
        <span className="toggle" />
      )}
      <span className="txn">{n.txn_code}</span>{' '}
      <Link to={paths.document(n.doc_id, docCtx)}>{n.doc_no ?? n.doc_id}</Link>{' '}
      <span className="muted">
        {n.txn_name} · {n.region_name} · {n.doc_date}
      </span>{' '}
      <span className="money" data-fen={n.effective}>
        {formatFen(n.effective, unit)}
      </span>
      {n.remaining !== 0 ? <span className="muted"> (余 {formatFen(n.remaining, unit)})</span> : null}
      {n.origin_kind ? <span className="tag">{n.origin_kind}</span> : null}
      {n.txn_code === 'T08' ? (
        <>
          {' '}
          <Link to={paths.payments({ ...docCtx, doc: n.doc_id })}>发放明细 →</Link>
        </>
      ) : null}
      {open && tree.children.length > 0 ? (
        <ul>
          {tree.children.map((c) => (
            <Branch
              key={c.node.doc_id}
              tree={c}
              current={current}
              ctx={ctx}
              unit={unit}
              depth={depth + 1}
              openDepth={openDepth}
              load={load}
            />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
