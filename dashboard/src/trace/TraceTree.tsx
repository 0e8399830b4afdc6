/**
 * A document tree from its root down to the payments: each node says its 交易令, 文号, region, amount and what
 * is left; a node opens its document, a payment (T08) its individual payments.
 */
import { useMemo, useState } from 'react';
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
  const trees = useMemo(() => buildTraceTree(nodes), [nodes]);
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
          />
        ))}
      </ul>
    </div>
  );
}

function Branch({
  tree,
  current,
  ctx,
  unit,
  depth,
  openDepth,
}: {
  tree: TreeNode;
  current: string | undefined;
  ctx: DrillContext;
  unit: MoneyUnit;
  depth: number;
  openDepth: number;
}) {
  const [open, setOpen] = useState(depth < openDepth || tree.children.some((c) => c.node.doc_id === current));
  const n = tree.node;
  const here = n.doc_id === current;
  const docCtx: DrillContext = { year: ctx.year ?? n.budget_year, region: ctx.region ?? n.region_code, fund: ctx.fund };
  return (
    <li className={here ? 'here' : undefined} data-doc={n.doc_id} data-txn={n.txn_code}>
      {tree.children.length > 0 ? (
        <button type="button" className="toggle" onClick={() => setOpen(!open)} aria-label={open ? '收起' : '展开'}>
          {open ? '▾' : '▸'}
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
            />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
