import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <div className="page">
      <h2>没有这个页面</h2>
      <Link to="/">返回总览</Link>
    </div>
  );
}
