/**
 * Alerts name people and accounts in their subject and in their Chinese detail (P02: the identity number that
 * fails its check digit, P06/P07/A01: the account that receives for many). For roles that may not see them
 * (auth/roles.ts canUnmask) both are masked as the grids mask them: an 18-character 身份证号 keeps its first 6 and
 * last 4, any other run of 15–19 digits (an account number) its last 4. Codes of regions (6–12 digits), document
 * ids and amounts are shorter or not bare digit runs, and stay as they are.
 */
import { maskIdText } from './masking.sql.ts';

const ID = /(?<![\dX])\d{17}[\dX](?![\dX])/g;
const ACCOUNT = /(?<!\d)\d{15,19}(?!\d)/g;

export function maskAlertText(text: string): string {
  return text.replace(ID, (id) => maskIdText(id)).replace(ACCOUNT, (a) => `${'*'.repeat(a.length - 4)}${a.slice(-4)}`);
}

export function maskAlert<T extends { subject_id: string; detail: string }>(alert: T, unmask: boolean): T {
  if (unmask) return alert;
  return { ...alert, subject_id: maskAlertText(alert.subject_id), detail: maskAlertText(alert.detail) };
}
