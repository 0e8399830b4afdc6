/**
 * The shape of a report template file (YAML or JSON), checked by zod. Only the shape is checked here; whether
 * a measure, dimension or formula names something that exists is checked against the catalogue by
 * template.checker.ts. Every object is strict, so a misspelt key is an error with its path, never ignored.
 */
import { z } from 'zod';

/** A template's id: also its file name in report-templates/standard/ and its key in the warehouse. */
export const TemplateId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,62}$/, '模板编号只能含小写字母、数字和连字符, 以字母开头 (2–63 个字符)');

/** A column's key: what formulas, filled cells and downloads call it. */
export const ColumnKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, '列键只能含小写字母、数字和下划线, 以字母开头 (至多 40 个字符)');

const Text = z.string().min(1, '不能为空').max(200, '至多 200 个字符');

/** One header cell or a path of header cells from the top row down (multi-row headers). */
const Header = z.union([Text, z.array(Text).min(1, '表头至少一层').max(4, '表头至多 4 层')]);

/** Dimension filters: dimension name → the values kept (bound as values, never pasted into SQL). */
export const Filters = z.record(
  z.string().regex(/^[a-z_]{1,40}$/, '筛选维度名只能含小写字母和下划线'),
  z.array(z.string().min(1).max(100)).min(1, '至少一个取值').max(200),
);

export const REGION_LEVELS = ['province', 'city', 'county', 'township', 'village'] as const;

const Rows = z
  .object({
    /** region, fund, subject (科目 × 来源类型), category (项目类别), func_subject (功能科目), … */
    dimension: z.string().min(1),
    /** region only: the levels shown below the report's region, e.g. [city, county]; subtotals per level */
    levels: z.array(z.enum(REGION_LEVELS)).min(1).max(5).optional(),
    /** the members shown, in this order (default: every member present in the data, sorted) */
    members: z.array(z.string().min(1).max(100)).min(1).max(500).optional(),
    /** the heading of the row-label column */
    label: Text.optional(),
    /** the label of the total row (default 合计); false for no total row */
    total: z.union([Text, z.literal(false)]).optional(),
    /** show subtotal rows (region levels, subject groups); default true */
    subtotals: z.boolean().optional(),
  })
  .strict();

const FORMATS = ['amount', 'integer', 'percent', 'decimal', 'text'] as const;
export type CellFormat = (typeof FORMATS)[number];

const MeasureColumn = z
  .object({
    key: ColumnKey,
    header: Header,
    /** `<fact>.<measure>` from the catalogue, e.g. allocation.received_central */
    measure: z.string().min(1),
    /** narrows this column only, e.g. { source_type: [上级转移支付] } */
    filters: Filters.optional(),
    width: z.number().int().min(4).max(60).optional(),
  })
  .strict();

const FormulaColumn = z
  .object({
    key: ColumnKey,
    header: Header,
    /** arithmetic over other columns' keys: + - * / ( ) and numbers, e.g. `paid / available` */
    formula: z.string().min(1).max(300),
    format: z.enum(FORMATS).optional(),
    width: z.number().int().min(4).max(60).optional(),
  })
  .strict();

const FillColumn = z
  .object({
    key: ColumnKey,
    header: Header,
    /** 填报: a figure the ledger does not hold, entered by the region's staff in a collection task */
    fill: z
      .object({
        format: z.enum(FORMATS),
        /** the department that fills it (several departments fill parts of one report) */
        department: Text.optional(),
        /** a catalogue measure whose value is offered as the starting value */
        prefill: z.string().min(1).optional(),
        /** how a filled figure adds up the region tree: sum (default) or none (text, rates) */
        aggregate: z.enum(['sum', 'none']).optional(),
        note: Text.optional(),
      })
      .strict(),
    width: z.number().int().min(4).max(60).optional(),
  })
  .strict();

export const Column = z.union([MeasureColumn, FormulaColumn, FillColumn]);

const FixedCell = z
  .object({
    /** text with placeholders {region} {region_code} {year} {unit} {title} {form_no} */
    text: Text,
    /** how many columns it spans (default 1) */
    span: z.number().int().min(1).max(60).optional(),
    align: z.enum(['left', 'center', 'right']).optional(),
  })
  .strict();

export const Template = z
  .object({
    id: TemplateId,
    title: Text,
    /** 表号, e.g. 扶贫资金表1 */
    form_no: Text.optional(),
    description: z.string().max(2000).optional(),
    /** amounts in 元 or 万元 (cells are kept in 分 and converted only for display) */
    unit: z.enum(['元', '万元']).default('万元'),
    /** the budget year used when a request names none */
    year: z.number().int().min(2000).max(2100).optional(),
    rows: Rows,
    columns: z.array(Column).min(1, '至少一列').max(60, '至多 60 列'),
    /** fixed header cells: one row above the column headers (编制单位, 年度, 单位 …) */
    fixed: z.array(FixedCell).max(20).optional(),
    /** applies to every measure column */
    filters: Filters.optional(),
  })
  .strict();

export type Template = z.infer<typeof Template>;
export type TemplateInput = z.input<typeof Template>;
export type Column = z.infer<typeof Column>;
export type MeasureColumn = z.infer<typeof MeasureColumn>;
export type FormulaColumn = z.infer<typeof FormulaColumn>;
export type FillColumn = z.infer<typeof FillColumn>;
export type Filters = z.infer<typeof Filters>;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const isMeasureColumn = (c: Column): c is MeasureColumn => 'measure' in c;
export const isFormulaColumn = (c: Column): c is FormulaColumn => 'formula' in c;
export const isFillColumn = (c: Column): c is FillColumn => 'fill' in c;

export const headerPath = (c: Column): string[] => (typeof c.header === 'string' ? [c.header] : c.header);
