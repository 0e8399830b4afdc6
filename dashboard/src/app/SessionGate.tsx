/**
 * Pages behind sign-in: asks GET /api/auth/me and /api/years once, keeps the CSRF token for the API client,
 * and sends the browser to /login?next=<this page> when there is no session (or it expires later).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import type { SessionResponse, YearsResponse } from '../../../server/api/api.types.ts';
import { ApiError, apiGet, apiSend, onUnauthorized, setCsrfToken } from '../api/api.client.ts';
import { SessionContext, type SessionState } from '../session/session.context.ts';
import { paths } from '../routes/app.routes.ts';
import { Loading } from '../components/Loading.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';

type Gate =
  | { kind: 'loading' }
  | { kind: 'out' }
  | { kind: 'in'; session: SessionResponse; years: YearsResponse }
  | { kind: 'error'; error: Error };

export function SessionGate() {
  const [gate, setGate] = useState<Gate>({ kind: 'loading' });
  const location = useLocation();
  const navigate = useNavigate();

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const session = await apiGet<SessionResponse>('/api/auth/me');
        setCsrfToken(session.csrf_token);
        const years = await apiGet<YearsResponse>('/api/years');
        if (live) setGate({ kind: 'in', session, years });
      } catch (err) {
        if (!live) return;
        if (err instanceof ApiError && err.status === 401) setGate({ kind: 'out' });
        else setGate({ kind: 'error', error: err instanceof Error ? err : new Error(String(err)) });
      }
    })();
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => onUnauthorized(() => setGate({ kind: 'out' })), []);

  const signOut = useCallback(async () => {
    try {
      await apiSend('POST', '/api/auth/logout');
    } finally {
      setCsrfToken(null);
      setGate({ kind: 'out' });
      navigate(paths.login(), { replace: true });
    }
  }, [navigate]);

  const state = useMemo<SessionState | null>(
    () => (gate.kind === 'in' ? { user: gate.session.user, years: gate.years, signOut } : null),
    [gate, signOut],
  );

  if (gate.kind === 'loading') return <Loading />;
  if (gate.kind === 'error') return <ErrorBox error={gate.error} />;
  if (gate.kind === 'out' || !state) {
    return <Navigate to={paths.login(`${location.pathname}${location.search}`)} replace />;
  }
  return (
    <SessionContext.Provider value={state}>
      <Outlet />
    </SessionContext.Provider>
  );
}
