/**
 * 发放明细: the individual payments of a person, document, project or region (server-side grid, Arrow IPC);
 * a row opens the payment itself with every field of it.
 */
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { PaymentRow } from '../../../server/api/api.types.ts';
import { textParam } from '../api/query-string.builder.ts';
import { useYear } from '../app/use-year.hook.ts';
import { useSession } from '../session/session.context.ts';
import { drillTrail, paths, readDrill } from '../routes/app.routes.ts';
import { Breadcrumbs } from '../components/Breadcrumbs.tsx';
import { Money } from '../components/Money.tsx';
import { InfiniteGrid } from '../grids/InfiniteGrid.tsx';
import { PAYMENT_FILTERS, paymentColumns } from '../drill/people-columns.ts';
import { paymentsSubject, paymentsTitle } from '../drill/grid-subject.builder.ts';

export default function PaymentsPage() {
  const { user } = useSession();
  const [search] = useSearchParams();
  const year = useYear();
  const month = textParam(search, 'month');
  const ctx = { ...readDrill(search), year, month };
  const columns = useMemo(() => paymentColumns(), []);
  const key = `${search.toString()}|${year}`;
  const base = useMemo(() => paymentsSubject(ctx, user.region_code), [key, user.region_code]);
  const [selected, setSelected] = useState<PaymentRow | null>(null);
  const trail = drillTrail({ ...ctx, person: undefined });
  return (
    <div className="page" data-testid="payments-page">
      <Breadcrumbs year={year} region={ctx.region ?? user.region_code} tail={trail} current={paymentsTitle(ctx)} />
      <h2>{paymentsTitle(ctx)}</h2>
      <InfiniteGrid<PaymentRow>
        path="/payments"
        base={base}
        columns={columns}
        filterParams={PAYMENT_FILTERS}
        onRowClick={setSelected}
        testId="payments-grid"
      />
      {selected ? (
        <PaymentDetail row={selected} year={year} region={ctx.region} onClose={() => setSelected(null)} />
      ) : null}
    </div>
  );
}

function PaymentDetail({
  row,
  year,
  region,
  onClose,
}: {
  row: PaymentRow;
  year: number;
  region: string | undefined;
  onClose: () => void;
}) {
  return (
    <section className="panel payment" data-testid="payment-detail" data-payment={row.payment_id} data-paid={row.paid}>
      <h3>
        单笔发放 {row.payment_id}{' '}
        <button type="button" className="link" onClick={onClose}>
          关闭
        </button>
      </h3>
      <dl className="facts">
        <dt>姓名</dt>
        <dd>{row.name ?? '—'}</dd>
        <dt>身份证号</dt>
        <dd>{row.person_id ?? '—'}</dd>
        <dt>发放月份</dt>
        <dd>{row.pay_month}</dd>
        <dt>应发</dt>
        <dd>
          <Money fen={row.payable} unit="yuan" />
        </dd>
        <dt>实发</dt>
        <dd>
          <Money fen={row.paid} unit="yuan" testId="payment-paid" />
        </dd>
        <dt>收款账号 / 开户行</dt>
        <dd>
          {row.account_no ?? '—'} / {row.bank ?? '—'}
        </dd>
        <dt>村编码</dt>
        <dd>{row.village_code ?? '—'}</dd>
        <dt>支付单据</dt>
        <dd>{row.doc_id ? <Link to={paths.document(row.doc_id, { year, region })}>{row.doc_id}</Link> : '—'}</dd>
        <dt>项目</dt>
        <dd>
          {row.project_code ? (
            <Link to={paths.project(row.project_code, { year, region })}>{row.project_code}</Link>
          ) : (
            '—'
          )}
        </dd>
      </dl>
    </section>
  );
}
