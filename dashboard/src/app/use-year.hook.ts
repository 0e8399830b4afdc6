/** The budget year of the page: `?year=` when the URL has one, else the year the warehouse opens on. */
import { useSearchParams } from 'react-router';
import { useSession } from '../session/session.context.ts';
import { intParam } from '../api/query-string.builder.ts';

export function useYear(): number {
  const [search] = useSearchParams();
  const { years } = useSession();
  return intParam(search, 'year') ?? years.current;
}
