/**
 * 居民身份证号 (GB 11643-1999): 6-digit area, 8-digit birth date, 3-digit sequence (odd = male), check
 * character over the first 17 digits with weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2, mod 11 → '10X98765432'.
 */
import { ID_CHECK_CHARS, ID_WEIGHTS } from './sql-random.ts';

export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`需要 17 位数字: ${first17}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (ID_WEIGHTS[i] ?? 0) * Number(first17[i]);
  return ID_CHECK_CHARS[sum % 11] as string;
}

/** Why an ID is invalid, or null when it is valid. */
export function idProblem(id: string): 'length' | 'format' | 'birth_date' | 'check_digit' | null {
  if (id.length !== 18) return 'length';
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return 'birth_date';
  }
  return idCheckChar(id.slice(0, 17)) === id[17] ? null : 'check_digit';
}

export const isValidResidentId = (id: string): boolean => idProblem(id) === null;
