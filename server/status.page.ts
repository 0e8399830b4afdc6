/** The plain Chinese status page (GET /) until the dashboard arrives: a pure function of the status. */
import type { WarehouseStatus } from './status.repository.ts';

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const num = (n: number): string => n.toLocaleString('zh-CN');

export function renderStatusPage(s: WarehouseStatus): string {
  const counts: [string, number][] = [
    ['指标单据', s.counts.documents],
    ['记账分录', s.counts.postings],
    ['到人到户发放明细', s.counts.payments],
    ['建档立卡人员', s.counts.people],
    ['区划', s.counts.regions],
  ];
  const countRows = counts
    .map(([label, n]) => `<tr><th>${label}</th><td class="n" data-count="${label}">${num(n)}</td></tr>`)
    .join('');
  const loads = s.lastLoads.length
    ? s.lastLoads
        .map(
          (l) =>
            `<tr><td>${l.load_id}</td><td>${escapeHtml(l.entity)}</td><td>${escapeHtml(l.file_name)}</td><td>${l.status === 'done' ? '完成' : '拒收'}</td>` +
            `<td class="n">${num(l.rows_accepted)}</td><td class="n">${num(l.rows_rejected)}</td><td>${escapeHtml(l.finished_at ?? '')}</td></tr>`,
        )
        .join('')
    : '<tr><td colspan="7">尚无导入记录</td></tr>';
  const demo = s.demo
    ? `<p>演示数据: 规模 ${escapeHtml(s.demo.scale)}, 种子 ${s.demo.seed}, 数据截至 ${escapeHtml(s.demo.as_of)} (生成于 ${escapeHtml(s.demo.finished_at)} UTC)</p>`
    : '';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>Fundtrail 财政扶贫资金动态监控平台 · 仓库状态</title>
<style>
  body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; }
  table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
  th, td { border: 1px solid #ccc; padding: 0.3rem 0.7rem; text-align: left; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; }
  .note { background: #f4f7fb; border-left: 4px solid #4a78b5; padding: 0.6rem 1rem; }
</style>
</head>
<body>
<h1>财政扶贫资金动态监控平台</h1>
<p>仓库文件: <code>${escapeHtml(s.db)}</code> · 结构版本: ${s.schemaVersion}</p>
${demo}
<h2>数据量</h2>
<table>${countRows}</table>
<h2>最近导入</h2>
<table>
<tr><th>批次</th><th>实体</th><th>文件</th><th>状态</th><th>接受行数</th><th>拒绝行数</th><th>完成时间 (UTC)</th></tr>
${loads}
</table>
<p class="note">这是仓库状态页。监控看板 (资金流向、预警、追溯) 将在后续版本提供; 现在可用的接口: <a href="/api/health">/api/health</a>。</p>
</body>
</html>
`;
}
