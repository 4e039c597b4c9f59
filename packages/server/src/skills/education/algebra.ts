// A small exact algebra kernel for homework help: parses expressions (implicit multiplication,
// powers, Unicode operators), reduces arithmetic one operation at a time, and turns both sides of an
// equation into polynomials with fraction coefficients.
import { Fraction } from '../shared/fraction.js';
import { invalid } from '../shared/invalid.js';

export type Expr =
  | { kind: 'num'; value: Fraction }
  | { kind: 'var'; name: string }
  | { kind: 'neg'; arg: Expr }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/' | '^'; left: Expr; right: Expr };

type Token =
  { t: 'num'; v: Fraction } | { t: 'var'; v: string } | { t: 'op'; v: string } | { t: 'lp' } | { t: 'rp' };

function tokenize(src: string, field: string): Token[] {
  const s = src
    .replace(/[−–]/g, '-')
    .replace(/[×·]/g, '*')
    .replace(/÷/g, '/')
    .replace(/²/g, '^2')
    .replace(/³/g, '^3')
    .replace(/\[|\{/g, '(')
    .replace(/\]|\}/g, ')');
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const num = /^\d+(\.\d+)?|^\.\d+/.exec(s.slice(i));
    if (num) {
      out.push({ t: 'num', v: Fraction.parse(num[0]) });
      i += num[0].length;
      continue;
    }
    if (/[a-zA-Z]/.test(ch)) {
      out.push({ t: 'var', v: ch });
      i++;
      continue;
    }
    if ('+-*/^'.includes(ch)) out.push({ t: 'op', v: ch });
    else if (ch === '(') out.push({ t: 'lp' });
    else if (ch === ')') out.push({ t: 'rp' });
    else throw invalid(field, `unexpected character "${ch}" at position ${i + 1}`);
    i++;
  }
  return out;
}

/** Parses an expression. Throws VALIDATION naming `field` on a syntax error. */
export function parseExpr(src: string, field = 'expression'): Expr {
  const toks = tokenize(src, field);
  let p = 0;
  const peek = () => toks[p];
  const fail = (msg: string): never => {
    throw invalid(field, msg);
  };
  const startsOperand = (t: Token | undefined) => !!t && (t.t === 'num' || t.t === 'var' || t.t === 'lp');
  const primary = (): Expr => {
    const t = toks[p++];
    if (!t) return fail('ends unexpectedly');
    if (t.t === 'num') return { kind: 'num', value: t.v };
    if (t.t === 'var') return { kind: 'var', name: t.v };
    if (t.t === 'lp') {
      const e = sum();
      if (toks[p++]?.t !== 'rp') fail('missing ")"');
      return e;
    }
    return fail(`unexpected "${t.t === 'op' ? t.v : ')'}"`);
  };
  const power = (): Expr => {
    const base = primary();
    const t = peek();
    if (t?.t === 'op' && t.v === '^') {
      p++;
      return { kind: 'bin', op: '^', left: base, right: unary() };
    }
    return base;
  };
  const unary = (): Expr => {
    const t = peek();
    if (t?.t === 'op' && (t.v === '-' || t.v === '+')) {
      p++;
      const arg = unary();
      return t.v === '-' ? { kind: 'neg', arg } : arg;
    }
    return power();
  };
  const product = (): Expr => {
    let left = unary();
    for (;;) {
      const t = peek();
      if (t?.t === 'op' && (t.v === '*' || t.v === '/')) {
        p++;
        left = { kind: 'bin', op: t.v, left, right: unary() };
      } else if (startsOperand(t)) {
        // Implicit multiplication: 2x, 3(x + 1), (x + 1)(x − 1).
        left = { kind: 'bin', op: '*', left, right: power() };
      } else return left;
    }
  };
  const sum = (): Expr => {
    let left = product();
    for (;;) {
      const t = peek();
      if (t?.t === 'op' && (t.v === '+' || t.v === '-')) {
        p++;
        left = { kind: 'bin', op: t.v, left, right: product() };
      } else return left;
    }
  };
  if (toks.length === 0) fail('is empty');
  const e = sum();
  if (p < toks.length) fail('has extra input after a complete expression');
  return e;
}

const PREC = { '+': 1, '-': 1, '*': 2, '/': 2, '^': 4 } as const;

/** Prints with the fewest parentheses that keep the meaning. */
export function show(e: Expr): string {
  const wrap = (child: Expr, parentPrec: number, right: boolean, parentOp?: string): string => {
    const s = show(child);
    const prec =
      child.kind === 'bin'
        ? PREC[child.op]
        : child.kind === 'neg'
          ? 3
          : child.kind === 'num' && (child.value.sign() < 0 || !child.value.isInteger())
            ? 3
            : 5;
    const needs =
      prec < parentPrec ||
      (right && prec === parentPrec && (parentOp === '-' || parentOp === '/')) ||
      (parentOp === '^' && prec <= 4 && !right);
    return needs ? `(${s})` : s;
  };
  switch (e.kind) {
    case 'num':
      return e.value.toString();
    case 'var':
      return e.name;
    case 'neg':
      return `−${wrap(e.arg, 3, true)}`;
    case 'bin': {
      // Coefficients are written the way students write them: 2x, 3x^2.
      const varLike =
        e.right.kind === 'var' ||
        (e.right.kind === 'bin' && e.right.op === '^' && e.right.left.kind === 'var');
      if (
        e.op === '*' &&
        e.left.kind === 'num' &&
        e.left.value.isInteger() &&
        e.left.value.sign() >= 0 &&
        varLike
      )
        return `${show(e.left)}${show(e.right)}`;
      const prec = PREC[e.op];
      const sym =
        e.op === '*' ? ' × ' : e.op === '/' ? ' ÷ ' : e.op === '^' ? '^' : ` ${e.op === '-' ? '−' : '+'} `;
      return `${wrap(e.left, prec, false, e.op)}${sym}${wrap(e.right, prec, true, e.op)}`;
    }
  }
}

function powFraction(base: Fraction, exp: Fraction, field: string): Fraction {
  if (!exp.isInteger()) throw invalid(field, 'only whole-number powers are supported');
  const k = Number(exp.num);
  if (Math.abs(k) > 64) throw invalid(field, 'power too large');
  if (k < 0 && base.isZero()) throw invalid(field, 'division by zero');
  return base.pow(k);
}

/** Evaluates with exact fractions; variables come from `vars`. */
export function evaluate(e: Expr, vars: Record<string, Fraction> = {}, field = 'expression'): Fraction {
  switch (e.kind) {
    case 'num':
      return e.value;
    case 'var': {
      const v = vars[e.name];
      if (!v) throw invalid(field, `unknown value for ${e.name}`);
      return v;
    }
    case 'neg':
      return evaluate(e.arg, vars, field).neg();
    case 'bin': {
      const a = evaluate(e.left, vars, field);
      const b = evaluate(e.right, vars, field);
      if (e.op === '+') return a.add(b);
      if (e.op === '-') return a.sub(b);
      if (e.op === '*') return a.mul(b);
      if (e.op === '^') return powFraction(a, b, field);
      if (b.isZero()) throw invalid(field, 'division by zero');
      return a.div(b);
    }
  }
}

/** Evaluates in floating point (for irrational roots). */
export function evaluateNumber(e: Expr, vars: Record<string, number>): number {
  switch (e.kind) {
    case 'num':
      return e.value.toNumber();
    case 'var':
      return vars[e.name] ?? Number.NaN;
    case 'neg':
      return -evaluateNumber(e.arg, vars);
    case 'bin': {
      const a = evaluateNumber(e.left, vars);
      const b = evaluateNumber(e.right, vars);
      return e.op === '+'
        ? a + b
        : e.op === '-'
          ? a - b
          : e.op === '*'
            ? a * b
            : e.op === '/'
              ? a / b
              : a ** b;
    }
  }
}

/**
 * Reduces an expression without variables one operation at a time (innermost, leftmost first),
 * returning every intermediate expression — the "show your working" of BODMAS.
 */
export function reduceSteps(
  e: Expr,
  field = 'expression',
  maxSteps = 60,
): { steps: string[]; value: Fraction } {
  const steps = [show(e)];
  let cur = e;
  const stepOnce = (x: Expr): Expr | undefined => {
    if (x.kind === 'num' || x.kind === 'var') return undefined;
    if (x.kind === 'neg') {
      if (x.arg.kind === 'num') return { kind: 'num', value: x.arg.value.neg() };
      const a = stepOnce(x.arg);
      return a && { kind: 'neg', arg: a };
    }
    if (x.left.kind === 'num' && x.right.kind === 'num')
      return { kind: 'num', value: evaluate(x, {}, field) };
    const l = stepOnce(x.left);
    if (l) return { ...x, left: l };
    const r = stepOnce(x.right);
    return r && { ...x, right: r };
  };
  for (let i = 0; i < maxSteps; i++) {
    const next = stepOnce(cur);
    if (!next) break;
    cur = next;
    const s = show(cur);
    if (s !== steps[steps.length - 1]) steps.push(s);
  }
  return { steps, value: evaluate(e, {}, field) };
}

/** Polynomial: monomial key ("" for constants, "x^2", "x*y") → coefficient. */
export type Poly = Map<string, Fraction>;

function monoKey(powers: Map<string, number>): string {
  return [...powers.entries()]
    .filter(([, k]) => k > 0)
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([v, k]) => (k === 1 ? v : `${v}^${k}`))
    .join('*');
}

function parseMono(key: string): Map<string, number> {
  const m = new Map<string, number>();
  if (!key) return m;
  for (const part of key.split('*')) {
    const [v, k] = part.split('^');
    m.set(v as string, Number(k ?? 1));
  }
  return m;
}

function clean(p: Poly): Poly {
  return new Map([...p.entries()].filter(([, c]) => !c.isZero()));
}

export function polyAdd(a: Poly, b: Poly, sign = 1): Poly {
  const out = new Map(a);
  for (const [k, c] of b) out.set(k, (out.get(k) ?? Fraction.ZERO).add(sign > 0 ? c : c.neg()));
  return clean(out);
}

export function polyMul(a: Poly, b: Poly): Poly {
  const out: Poly = new Map();
  for (const [ka, ca] of a) {
    for (const [kb, cb] of b) {
      const pw = parseMono(ka);
      for (const [v, k] of parseMono(kb)) pw.set(v, (pw.get(v) ?? 0) + k);
      const key = monoKey(pw);
      out.set(key, (out.get(key) ?? Fraction.ZERO).add(ca.mul(cb)));
    }
  }
  return clean(out);
}

/** Expands an expression into a polynomial; division only by constants. */
export function toPoly(e: Expr, field = 'expression'): Poly {
  switch (e.kind) {
    case 'num':
      return clean(new Map([['', e.value]]));
    case 'var':
      return new Map([[e.name, Fraction.ONE]]);
    case 'neg':
      return polyMul(toPoly(e.arg, field), new Map([['', Fraction.ONE.neg()]]));
    case 'bin': {
      const a = toPoly(e.left, field);
      const b = toPoly(e.right, field);
      if (e.op === '+') return polyAdd(a, b);
      if (e.op === '-') return polyAdd(a, b, -1);
      if (e.op === '*') return polyMul(a, b);
      if (e.op === '/') {
        if (b.size > 1 || (b.size === 1 && !b.has('')))
          throw invalid(field, 'dividing by an expression containing a variable is not supported');
        const c = b.get('');
        if (!c) throw invalid(field, 'division by zero');
        return polyMul(a, new Map([['', Fraction.ONE.div(c)]]));
      }
      if (b.size > 1 || (b.size === 1 && !b.has(''))) throw invalid(field, 'powers must be whole numbers');
      const k = b.get('') ?? Fraction.ZERO;
      if (!k.isInteger() || k.sign() < 0 || k.num > 12n) {
        if (a.size === 1 && a.has('')) return new Map([['', powFraction(a.get('') as Fraction, k, field)]]);
        throw invalid(field, 'powers of expressions must be whole numbers from 0 to 12');
      }
      let out: Poly = new Map([['', Fraction.ONE]]);
      for (let i = 0; i < Number(k.num); i++) out = polyMul(out, a);
      return out;
    }
  }
}

/** Variables in a polynomial. */
export function polyVars(p: Poly): string[] {
  return [...new Set([...p.keys()].flatMap((k) => [...parseMono(k).keys()]))].sort();
}

/** Total degree. */
export function polyDegree(p: Poly): number {
  return Math.max(0, ...[...p.keys()].map((k) => [...parseMono(k).values()].reduce((a, b) => a + b, 0)));
}

/** Coefficient of x^k in a one-variable polynomial. */
export function coeff(p: Poly, v: string, k: number): Fraction {
  return p.get(k === 0 ? '' : k === 1 ? v : `${v}^${k}`) ?? Fraction.ZERO;
}

/** "3x^2 − x + 1/2" (highest degree first). */
export function showPoly(p: Poly): string {
  if (p.size === 0) return '0';
  const entries = [...p.entries()].sort((a, b) => {
    const da = [...parseMono(a[0]).values()].reduce((s, x) => s + x, 0);
    const db = [...parseMono(b[0]).values()].reduce((s, x) => s + x, 0);
    return db - da || a[0].localeCompare(b[0]);
  });
  return entries
    .map(([k, c], i) => {
      const abs = c.sign() < 0 ? c.neg() : c;
      const coef =
        k && abs.equals(Fraction.ONE) ? '' : abs.isInteger() || !k ? abs.toString() : `(${abs.toString()})`;
      const term = `${coef}${k.replace(/\*/g, '')}`;
      return i === 0 ? `${c.sign() < 0 ? '−' : ''}${term}` : ` ${c.sign() < 0 ? '−' : '+'} ${term}`;
    })
    .join('');
}
