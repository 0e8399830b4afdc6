/** Colours shared by the charts: one per issuing level / origin, one per alert level. */

export const LEVEL_COLORS: Record<string, string> = {
  中央: '#b71c1c',
  省: '#e65100',
  市: '#f9a825',
  县: '#2e7d32',
  乡: '#00838f',
  本级: '#1565c0',
  横向: '#6a1b9a',
  项目: '#546e7a',
};

export const ALERT_LEVELS = ['red', 'orange', 'yellow', 'blue'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export const ALERT_LEVEL_NAMES: Record<AlertLevel, string> = {
  red: '红色',
  orange: '橙色',
  yellow: '黄色',
  blue: '蓝色',
};
export const ALERT_LEVEL_COLORS: Record<AlertLevel, string> = {
  red: '#d32f2f',
  orange: '#f57c00',
  yellow: '#fbc02d',
  blue: '#1976d2',
};

/** The colour of a level or origin name, grey for one not in the palette. */
export function levelColor(level: string): string {
  return LEVEL_COLORS[level] ?? '#90a4ae';
}
