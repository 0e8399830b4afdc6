/** The live preview: the report on the warehouse and each column's check against the 总台账. */
import type { ReportAnswer } from '../../../server/api/reports.types.ts';
import { ReportGrid } from './ReportGrid.tsx';

export function PreviewPanel({ answer, stale }: { answer: ReportAnswer; stale: boolean }) {
  return (
    <div data-testid="designer-preview" data-stale={stale} style={{ opacity: stale ? 0.5 : 1 }}>
      {stale && <p className="muted">模板有误, 以下是上一次成功的预览</p>}
      <ReportGrid report={answer.report} height={360} />
      <h4>与总台账核对</h4>
      <ul data-testid="ledger-check">
        {answer.ledger_check.map((l) => (
          <li key={l.columns.join('+')} data-agrees={l.agrees}>
            {l.columns.join('+')} · {l.mapping} ·{' '}
            {l.agrees ? '一致' : `不一致 (报表 ${l.report} 分, 总台账 ${l.ledger} 分)`}
          </li>
        ))}
      </ul>
    </div>
  );
}
