/** 登录: username and password; the session cookie is set by the server, the CSRF token kept by the client. */
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { SessionResponse } from '../../../server/api/api.types.ts';
import { ApiError, apiSend, setCsrfToken } from '../api/api.client.ts';

export function LoginPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [search] = useSearchParams();
  const navigate = useNavigate();

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError('请输入用户名和密码');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const session = await apiSend<SessionResponse>('POST', '/api/auth/login', {
        username: username.trim(),
        password,
      });
      setCsrfToken(session.csrf_token);
      const next = search.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '无法连接服务器');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <form onSubmit={(e) => void submit(e)} data-testid="login-form">
        <h1>财政扶贫资金动态监控平台</h1>
        <p className="muted">Fundtrail · 请登录</p>
        <label>
          用户名
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoFocus
          />
        </label>
        <label>
          密码
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error ? (
          <div className="error-box" role="alert">
            {error}
          </div>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? '登录中…' : '登录'}
        </button>
      </form>
    </div>
  );
}
