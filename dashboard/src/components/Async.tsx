/** Renders the loading state, the error, or the children with the data of an API call. */
import type { ReactNode } from 'react';
import type { ApiState } from '../api/use-api.hook.ts';
import { ErrorBox } from './ErrorBox.tsx';
import { Loading } from './Loading.tsx';

export function Async<T>({ state, children }: { state: ApiState<T>; children: (data: T) => ReactNode }) {
  if (state.error) return <ErrorBox error={state.error} />;
  if (state.data === undefined) return <Loading />;
  return <>{children(state.data)}</>;
}
