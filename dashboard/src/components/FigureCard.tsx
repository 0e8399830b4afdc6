/** One headline figure: label, amount (or percentage) with its unit, and the link to the rows behind it. */
import type { ReactNode } from 'react';
import { Link } from 'react-router';

export function FigureCard({
  label,
  value,
  to,
  note,
  testId,
}: {
  label: string;
  value: ReactNode;
  to?: string;
  note?: ReactNode;
  testId?: string;
}) {
  const body = (
    <>
      <div className="card-label">{label}</div>
      <div className="card-value">{value}</div>
      {note ? <div className="card-note">{note}</div> : null}
    </>
  );
  return to ? (
    <Link className="card clickable" to={to} data-testid={testId}>
      {body}
    </Link>
  ) : (
    <div className="card" data-testid={testId}>
      {body}
    </div>
  );
}
