// A fast path for the FEEL most mappings and gateway conditions are made of — arithmetic, comparisons
// and and/or over variables, paths and literals (`=count + 1`, `=x > 5`) — built once from the parse tree
// deploy already made. feelin re-parses on every evaluation; this does not. It handles only operands of
// the expected plain types (numbers, strings, booleans) and answers FALLBACK for anything else, so feelin
// decides every case whose FEEL semantics go beyond JavaScript's (null, temporal values, lists, mixed types).
import type { parseExpression } from 'feelin';
import type { EvalScope, Value } from './expression-language.js';

type SyntaxNode = ReturnType<typeof parseExpression>['topNode'];

/** Returned when the fast path cannot answer with FEEL's result: evaluate through feelin instead. */
export const FALLBACK: unique symbol = Symbol('feel-fallback');
type Result = Value | typeof FALLBACK;
export type FastFeel = (scope: EvalScope) => Result;

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (!c.type.isSkipped) out.push(c);
  return out;
}

const isNumber = (v: Result): v is number => typeof v === 'number';

const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  // FEEL's division by zero is null: left to feelin (the result is not finite).
  '/': (a, b) => a / b,
  '**': (a, b) => a ** b,
  '^': (a, b) => a ** b,
};

const ORDER: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

/** A number result, or FALLBACK when it is not finite (feelin turns those into null). */
const finite = (n: number): Result => (Number.isFinite(n) ? n : FALLBACK);

function isPrimitive(v: Result): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Compiles `node` of `text`; undefined when some part of it is outside the fast path. */
function build(node: SyntaxNode, text: string): FastFeel | undefined {
  const parts = children(node);
  const src = (n: SyntaxNode) => text.slice(n.from, n.to);
  switch (node.name) {
    case 'Expression':
    case 'ParenthesizedExpression': {
      const inner = parts.filter((p) => p.name !== '(' && p.name !== ')');
      return inner.length === 1 ? build(inner[0]!, text) : undefined;
    }
    case 'NumericLiteral': {
      const t = src(node);
      const v = t.includes('.') ? parseFloat(t) : parseInt(t, 10);
      return Number.isFinite(v) ? () => v : undefined;
    }
    case 'StringLiteral': {
      const t = src(node);
      if (t.includes('\\')) return undefined; // escapes: feelin's reading
      const v = t.slice(1, -1);
      return () => v;
    }
    case 'BooleanLiteral': {
      const v = src(node) === 'true';
      return () => v;
    }
    case 'VariableName': {
      // One plain identifier; multi-word and backtick names are feelin's.
      if (parts.length !== 1 || parts[0]!.name !== 'Identifier') return undefined;
      const name = src(parts[0]!);
      return (scope) => {
        const v = scope.lookup(name);
        return v === undefined ? FALLBACK : v;
      };
    }
    case 'PathExpression': {
      const [target, dot, pathName] = parts;
      const key = pathName?.firstChild;
      if (parts.length !== 3 || dot?.name !== '.' || pathName?.name !== 'PathName') return undefined;
      if (!key || key.name !== 'Identifier' || key.nextSibling) return undefined;
      const of = build(target!, text);
      if (!of) return undefined;
      const k = src(key);
      return (scope) => {
        const v = of(scope);
        if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, k)) return FALLBACK;
        const out = v[k];
        return out === undefined ? FALLBACK : out;
      };
    }
    case 'ArithmeticExpression': {
      if (parts.length !== 3 || parts[1]!.name !== 'ArithOp') return undefined; // unary minus
      const op = ARITHMETIC[src(parts[1]!)];
      const a = build(parts[0]!, text);
      const b = build(parts[2]!, text);
      if (!op || !a || !b) return undefined;
      return (scope) => {
        const x = a(scope);
        const y = b(scope);
        return isNumber(x) && isNumber(y) ? finite(op(x, y)) : FALLBACK;
      };
    }
    case 'Comparison': {
      if (parts.length !== 3 || parts[1]!.name !== 'CompareOp') return undefined; // in, between
      const opText = src(parts[1]!);
      const a = build(parts[0]!, text);
      const b = build(parts[2]!, text);
      if (!a || !b) return undefined;
      const order = ORDER[opText];
      if (order)
        return (scope) => {
          const x = a(scope);
          const y = b(scope);
          return isNumber(x) && isNumber(y) ? order(x, y) : FALLBACK;
        };
      if (opText !== '=' && opText !== '!=') return undefined;
      const negate = opText === '!=';
      return (scope) => {
        const x = a(scope);
        const y = b(scope);
        if (!isPrimitive(x) || !isPrimitive(y) || typeof x !== typeof y) return FALLBACK;
        return (x === y) !== negate;
      };
    }
    case 'Conjunction':
    case 'Disjunction': {
      if (parts.length !== 3) return undefined;
      const a = build(parts[0]!, text);
      const b = build(parts[2]!, text);
      if (!a || !b) return undefined;
      const and = node.name === 'Conjunction';
      return (scope) => {
        const x = a(scope);
        const y = b(scope);
        if (typeof x !== 'boolean' || typeof y !== 'boolean') return FALLBACK;
        return and ? x && y : x || y;
      };
    }
    default:
      return undefined;
  }
}

/** The fast evaluator of a parsed FEEL expression, or undefined when feelin must evaluate all of it. */
export function fastFeel(top: SyntaxNode, text: string): FastFeel | undefined {
  return build(top, text);
}
