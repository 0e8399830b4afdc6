/**
 * Formulas between columns (支出进度 = paid / available): numbers, column keys, + − × ÷ and parentheses,
 * nothing else. They are parsed here and evaluated in JavaScript on the aggregated rows (so a subtotal's ratio
 * is the ratio of its sums, never a sum of ratios); no formula text ever reaches SQL.
 */

export type Formula =
  | { kind: 'number'; value: number }
  | { kind: 'column'; key: string }
  | { kind: 'neg'; arg: Formula }
  | { kind: 'op'; op: '+' | '-' | '*' | '/'; left: Formula; right: Formula };

export class FormulaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormulaError';
  }
}

type Token = { t: 'num'; v: number } | { t: 'id'; v: string } | { t: 'sym'; v: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?)|([a-z][a-z0-9_]*)|([-+*/()]))/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) throw new FormulaError(`第 ${at + 1} 个字符处无法识别: "${text.slice(at).trim().slice(0, 10)}"`);
    if (m[1] !== undefined) tokens.push({ t: 'num', v: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ t: 'id', v: m[2] });
    else tokens.push({ t: 'sym', v: m[3]! });
    at = re.lastIndex;
  }
  return tokens;
}

/** Parses a formula; throws FormulaError with a Chinese message. */
export function parseFormula(text: string): Formula {
  const tokens = tokenize(text);
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const expect = (sym: string): void => {
    const t = tokens[i];
    if (!t || t.t !== 'sym' || t.v !== sym) throw new FormulaError(`缺少 "${sym}"`);
    i += 1;
  };
  const primary = (): Formula => {
    const t = tokens[i];
    if (!t) throw new FormulaError('公式不完整');
    i += 1;
    if (t.t === 'num') return { kind: 'number', value: t.v };
    if (t.t === 'id') return { kind: 'column', key: t.v };
    if (t.v === '(') {
      const inner = sum();
      expect(')');
      return inner;
    }
    if (t.v === '-') return { kind: 'neg', arg: primary() };
    throw new FormulaError(`意外的 "${t.v}"`);
  };
  const product = (): Formula => {
    let left = primary();
    for (let t = peek(); t && t.t === 'sym' && (t.v === '*' || t.v === '/'); t = peek()) {
      i += 1;
      left = { kind: 'op', op: t.v, left, right: primary() };
    }
    return left;
  };
  const sum = (): Formula => {
    let left = product();
    for (let t = peek(); t && t.t === 'sym' && (t.v === '+' || t.v === '-'); t = peek()) {
      i += 1;
      left = { kind: 'op', op: t.v, left, right: product() };
    }
    return left;
  };
  const result = sum();
  if (i < tokens.length) throw new FormulaError(`多余的内容: "${String(tokens[i]!.v)}"`);
  return result;
}

/** The column keys a formula reads. */
export function formulaColumns(f: Formula): string[] {
  switch (f.kind) {
    case 'number':
      return [];
    case 'column':
      return [f.key];
    case 'neg':
      return formulaColumns(f.arg);
    case 'op':
      return [...formulaColumns(f.left), ...formulaColumns(f.right)];
  }
}

/** Evaluates over a row's values; null when an input is missing or a divisor is 0. */
export function evaluateFormula(f: Formula, value: (key: string) => number | null): number | null {
  switch (f.kind) {
    case 'number':
      return f.value;
    case 'column':
      return value(f.key);
    case 'neg': {
      const v = evaluateFormula(f.arg, value);
      return v === null ? null : -v;
    }
    case 'op': {
      const l = evaluateFormula(f.left, value);
      const r = evaluateFormula(f.right, value);
      if (l === null || r === null) return null;
      if (f.op === '+') return l + r;
      if (f.op === '-') return l - r;
      if (f.op === '*') return l * r;
      return r === 0 ? null : l / r;
    }
  }
}
