/** zod pieces shared by the query strings of the API. */
import { z } from 'zod';

export const Year = z.coerce.number().int().min(2000, '年度应在 2000–2100 之间').max(2100, '年度应在 2000–2100 之间');
export const RegionCode = z.string().regex(/^\d{6,12}$/, '区划代码必须是 6–12 位数字');
export const Code = z.string().min(1).max(64);
export const Page = z.coerce.number().int().min(1).default(1);
export const PageSize = z.coerce.number().int().min(1).max(1000).default(100);
export const Dir = z.enum(['asc', 'desc']).default('asc');

export const YearRegion = z.object({ year: Year.optional(), region: RegionCode.optional() });
export const RegionParam = z.object({ code: RegionCode });
