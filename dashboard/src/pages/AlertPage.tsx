export default function AlertPage() {
  return (
    <div className="page">
      <h2>预警详情</h2>
    </div>
  );
}
