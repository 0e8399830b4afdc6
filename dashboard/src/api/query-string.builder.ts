/** Query strings for the API and for the dashboard's own URLs: empty values are left out, order is kept. */

export type QueryValue = string | number | boolean | null | undefined | readonly string[];
export type QueryParams = Record<string, QueryValue>;

/** "?a=1&b=x" (or "" when nothing is set); arrays are joined with commas (`columns=a,b`). */
export function buildQuery(params: QueryParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(key, value.join(','));
      continue;
    }
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** An API path with its query: apiPath('/regions/520000/children', { year: 2020 }) → "/api/regions/520000/children?year=2020". */
export function apiPath(path: string, params: QueryParams = {}): string {
  return `/api${path.startsWith('/') ? path : `/${path}`}${buildQuery(params)}`;
}

/** A path segment: codes and document ids may hold characters that are not URL-safe. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

/** An integer query parameter, or undefined when it is absent or not a whole number. */
export function intParam(search: URLSearchParams, key: string): number | undefined {
  const raw = search.get(key);
  if (raw === null || !/^-?\d+$/.test(raw)) return undefined;
  return Number(raw);
}

/** A text query parameter, or undefined when absent or empty. */
export function textParam(search: URLSearchParams, key: string): string | undefined {
  const raw = search.get(key);
  return raw === null || raw === '' ? undefined : raw;
}
