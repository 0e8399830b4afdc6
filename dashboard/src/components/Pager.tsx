/** Previous / next page of a server-paged list; the page number lives in the URL (`?page=`). */
import { useSearchParams } from 'react-router';
import { formatCount } from '../format/money.format.ts';

export function Pager({ page, pageSize, total }: { page: number; pageSize: number; total: number }) {
  const [search, setSearch] = useSearchParams();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const go = (p: number): void => {
    const next = new URLSearchParams(search);
    next.set('page', String(p));
    setSearch(next);
  };
  return (
    <div className="pager">
      <button type="button" disabled={page <= 1} onClick={() => go(page - 1)}>
        上一页
      </button>
      <span>
        第 {page} / {pages} 页 · 共 {formatCount(total)} 行
      </span>
      <button type="button" disabled={page >= pages} onClick={() => go(page + 1)}>
        下一页
      </button>
    </div>
  );
}
