/** The signed-in user and the years the warehouse holds, shared by every page. */
import { createContext, useContext } from 'react';
import type { SessionUser, YearsResponse } from '../../../server/api/api.types.ts';

export interface SessionState {
  user: SessionUser;
  years: YearsResponse;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession 只能在登录后的页面中使用');
  return session;
}
