/** 预警 list: built against the alert routes once they exist (GET /api/alerts). */
export default function AlertsPage() {
  return (
    <div className="page">
      <h2>预警</h2>
    </div>
  );
}
