-- The open alerts (待核实, 已说明) per region and level, kept beside monitoring.alerts by the two writes to it
-- (models/monitoring: recordAlerts after a check, the workflow's status change) in their own transactions: the
-- overview counts a scope's open alerts from these few thousand rows instead of grouping every alert per request.
create table if not exists monitoring.open_alert_counts (
  region_code varchar not null,
  level varchar not null,
  open bigint not null
);
delete from monitoring.open_alert_counts;
insert into monitoring.open_alert_counts
select region_code, level, count(*)
from monitoring.alerts
where status in ('待核实', '已说明')
group by region_code, level;
