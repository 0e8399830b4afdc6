/** The rule codes of monitoring.md: the demo injects a case of every one (meta.demo_anomalies). */
export const MONITORING_RULE_CODES = [
  'DQ01', 'DQ02', 'DQ03', 'DQ04', 'DQ05', 'DQ06', 'DQ11', 'DQ12', 'DQ13', 'DQ14',
  'M01', 'M02', 'M03', 'M04', 'M05', 'M06', 'M07', 'L01',
  'P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08', 'P09', 'P10', 'P11', 'A01',
] as const;

export type MonitoringRuleCode = (typeof MONITORING_RULE_CODES)[number];
