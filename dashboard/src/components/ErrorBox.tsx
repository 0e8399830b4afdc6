import { ApiError } from '../api/api.client.ts';

/** An API error as the server worded it (Chinese), with its code for whoever reports it. */
export function ErrorBox({ error }: { error: Error }) {
  const code = error instanceof ApiError ? error.code : null;
  return (
    <div className="error-box" role="alert">
      {error.message}
      {code ? <span className="muted"> ({code})</span> : null}
      {error instanceof ApiError && error.issues.length > 0 ? (
        <ul>
          {error.issues.map((i) => (
            <li key={`${i.path}:${i.message}`}>
              {i.path}: {i.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
