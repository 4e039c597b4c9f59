// Evaluator of the engine's own safe expression language (`waooaw`: YAML and builder definitions) and
// of its JUEL reading for Camunda 7 `${…}` expressions. Values are JSON; property access only reads own
// properties of plain data, functions come from a fixed allow-list, and every failure is a VALIDATION
// PlatformError naming the expression.
import { PlatformError, type JsonValue } from '../../errors.js';
import { parseDuration } from '../model/duration.js';
import {
  isTruthy,
  type CompiledExpression,
  type CompiledScript,
  type EvalScope,
  type Value,
} from './expression-language.js';
import {
  parseExpression,
  parseScript,
  type Expr,
  type ParseOptions,
  type Statement,
} from './waooaw-expression-parser.js';

/** A compiled expression of this language, with the root variable names it reads. */
export interface WaooawExpression extends CompiledExpression {
  readonly variables: readonly string[];
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

function runtimeError(source: string, message: string): PlatformError {
  return new PlatformError(
    'VALIDATION',
    `Expression "${source.length > 80 ? `${source.slice(0, 77)}...` : source}" failed: ${message}`,
    {
      details: { expression: source },
    },
  );
}

function typeName(v: Value): string {
  if (v === undefined || v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  return typeof v;
}

function deepEqual(a: Value, b: Value): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ak = Object.keys(a);
  const bo = b as Record<string, JsonValue>;
  return (
    ak.length === Object.keys(bo).length &&
    ak.every((k) => Object.hasOwn(bo, k) && deepEqual((a as Record<string, JsonValue>)[k], bo[k]))
  );
}

function num(source: string, v: Value, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw runtimeError(source, `${what} must be a number, got ${typeName(v)}`);
  return v;
}

function str(source: string, v: Value, what: string): string {
  if (typeof v !== 'string') throw runtimeError(source, `${what} must be a string, got ${typeName(v)}`);
  return v;
}

function toDateMs(source: string, v: Value): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const ms = Date.parse(v);
    if (!Number.isNaN(ms)) return ms;
  }
  throw runtimeError(
    source,
    `date() needs an ISO date-time or epoch milliseconds, got ${JSON.stringify(v ?? null)}`,
  );
}

type Fn = { arity: [number, number]; call(source: string, args: Value[], scope: EvalScope): Value };

/** The allow-listed functions. Each is total over JSON input or fails with a clear message. */
const FUNCTIONS: Record<string, Fn> = {
  len: {
    arity: [1, 1],
    call: (s, [v]) => {
      if (typeof v === 'string' || Array.isArray(v)) return v.length;
      if (v && typeof v === 'object') return Object.keys(v).length;
      if (v === null || v === undefined) return 0;
      throw runtimeError(s, `len() of ${typeName(v)}`);
    },
  },
  lower: { arity: [1, 1], call: (s, [v]) => str(s, v, 'lower()').toLowerCase() },
  upper: { arity: [1, 1], call: (s, [v]) => str(s, v, 'upper()').toUpperCase() },
  trim: { arity: [1, 1], call: (s, [v]) => str(s, v, 'trim()').trim() },
  contains: {
    arity: [2, 2],
    call: (s, [a, b]) => {
      if (typeof a === 'string') return a.includes(str(s, b, 'contains() needle'));
      if (Array.isArray(a)) return a.some((x) => deepEqual(x, b));
      if (a === null || a === undefined) return false;
      throw runtimeError(s, `contains() on ${typeName(a)}`);
    },
  },
  startsWith: {
    arity: [2, 2],
    call: (s, [a, b]) => str(s, a, 'startsWith()').startsWith(str(s, b, 'startsWith() prefix')),
  },
  endsWith: {
    arity: [2, 2],
    call: (s, [a, b]) => str(s, a, 'endsWith()').endsWith(str(s, b, 'endsWith() suffix')),
  },
  abs: { arity: [1, 1], call: (s, [v]) => Math.abs(num(s, v, 'abs()')) },
  floor: { arity: [1, 1], call: (s, [v]) => Math.floor(num(s, v, 'floor()')) },
  ceil: { arity: [1, 1], call: (s, [v]) => Math.ceil(num(s, v, 'ceil()')) },
  round: {
    arity: [1, 2],
    call: (s, [v, d]) => {
      const f = 10 ** (d === undefined ? 0 : num(s, d, 'round() digits'));
      return Math.round(num(s, v, 'round()') * f) / f;
    },
  },
  min: { arity: [1, 32], call: (s, args) => Math.min(...flat(args).map((v) => num(s, v, 'min()'))) },
  max: { arity: [1, 32], call: (s, args) => Math.max(...flat(args).map((v) => num(s, v, 'max()'))) },
  sum: {
    arity: [1, 1],
    call: (s, [v]) => flat([v]).reduce<number>((acc, x) => acc + num(s, x, 'sum() item'), 0),
  },
  now: { arity: [0, 0], call: (_s, _a, scope) => scope.now },
  number: {
    arity: [1, 1],
    call: (s, [v]) => {
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : typeof v === 'boolean' ? Number(v) : v;
      return num(s, n, 'number() input');
    },
  },
  string: { arity: [1, 1], call: (_s, [v]) => (typeof v === 'string' ? v : JSON.stringify(v ?? null)) },
  boolean: { arity: [1, 1], call: (_s, [v]) => isTruthy(v) },
  exists: { arity: [1, 1], call: (_s, [v]) => v !== undefined && v !== null },
  coalesce: { arity: [1, 32], call: (_s, args) => args.find((v) => v !== undefined && v !== null) ?? null },
  keys: {
    arity: [1, 1],
    call: (s, [v]) => {
      if (v && typeof v === 'object' && !Array.isArray(v)) return Object.keys(v);
      throw runtimeError(s, `keys() of ${typeName(v)}`);
    },
  },
  /** ISO-8601 duration (`PT2H`) → milliseconds. */
  duration: {
    arity: [1, 1],
    call: (s, [v]) => {
      try {
        return parseDuration(str(s, v, 'duration()')).approximateMs;
      } catch (err) {
        throw runtimeError(s, (err as Error).message);
      }
    },
  },
  /** JUEL `empty x`: null, '', an empty list or an empty object. */
  empty: {
    arity: [1, 1],
    call: (_s, [v]) =>
      v === undefined ||
      v === null ||
      v === '' ||
      (Array.isArray(v) && v.length === 0) ||
      (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0),
  },
  /** JUEL `execution.getVariable('name')`. */
  getVariable: {
    arity: [1, 1],
    call: (s, [name], scope) => scope.lookup(str(s, name, 'getVariable()')) ?? null,
  },
  /** ISO date-time or epoch ms → epoch ms. */
  date: { arity: [1, 1], call: (s, [v]) => toDateMs(s, v) },
  /** Epoch ms → ISO-8601 string (UTC). */
  isoDate: { arity: [1, 1], call: (s, [v]) => new Date(toDateMs(s, v)).toISOString() },
};

function flat(args: Value[]): Value[] {
  return args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
}

function compare(source: string, op: '<' | '<=' | '>' | '>=', a: Value, b: Value): boolean {
  // Comparing with a missing value is false rather than an error: `score > 7` on an unset score routes
  // to the default path, which is what a modeller expects.
  if (a === undefined || a === null || b === undefined || b === null) return false;
  if (!(
    (typeof a === 'number' && typeof b === 'number') ||
    (typeof a === 'string' && typeof b === 'string')
  )) {
    throw runtimeError(source, `cannot compare ${typeName(a)} with ${typeName(b)} using '${op}'`);
  }
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

function member(source: string, item: Value, container: Value): boolean {
  if (Array.isArray(container)) return container.some((x) => deepEqual(x, item));
  if (typeof container === 'string')
    return container.includes(str(source, item, "left side of 'in' on a string"));
  if (container && typeof container === 'object')
    return typeof item === 'string' && Object.hasOwn(container, item);
  if (container === null || container === undefined) return false;
  throw runtimeError(source, `'in' needs a list, string or object, got ${typeName(container)}`);
}

function evaluate(source: string, e: Expr, scope: EvalScope): Value {
  switch (e.k) {
    case 'lit':
      return e.v;
    case 'var': {
      const v = scope.lookup(e.name);
      return v === undefined ? null : v;
    }
    case 'get': {
      const obj = evaluate(source, e.obj, scope);
      const key = evaluate(source, e.key, scope);
      if (obj === null || obj === undefined) return null;
      if (Array.isArray(obj)) {
        if (key === 'length') return obj.length;
        if (typeof key !== 'number' || !Number.isInteger(key))
          throw runtimeError(source, `list index must be an integer, got ${typeName(key)}`);
        return obj[key < 0 ? obj.length + key : key] ?? null;
      }
      if (typeof obj === 'string' && key === 'length') return obj.length;
      if (typeof obj !== 'object') return null;
      if (typeof key !== 'string' && typeof key !== 'number')
        throw runtimeError(source, `property name must be a string, got ${typeName(key)}`);
      const k = String(key);
      if (FORBIDDEN_KEYS.has(k)) throw runtimeError(source, `property '${k}' is not accessible`);
      return Object.hasOwn(obj, k) ? (obj[k] ?? null) : null;
    }
    case 'call': {
      const fn = FUNCTIONS[e.fn]!;
      return fn.call(
        source,
        e.args.map((a) => evaluate(source, a, scope)),
        scope,
      );
    }
    case 'unary': {
      const v = evaluate(source, e.arg, scope);
      return e.op === '!' ? !isTruthy(v) : -num(source, v, "operand of '-'");
    }
    case 'and':
      return isTruthy(evaluate(source, e.left, scope)) ? isTruthy(evaluate(source, e.right, scope)) : false;
    case 'or':
      return isTruthy(evaluate(source, e.left, scope)) ? true : isTruthy(evaluate(source, e.right, scope));
    case 'cond':
      return isTruthy(evaluate(source, e.test, scope))
        ? evaluate(source, e.then, scope)
        : evaluate(source, e.else, scope);
    case 'list':
      return e.items.map((i) => evaluate(source, i, scope) ?? null);
    case 'obj': {
      const out: Record<string, JsonValue> = {};
      for (const [k, v] of e.entries) {
        if (FORBIDDEN_KEYS.has(k)) throw runtimeError(source, `key '${k}' is not allowed`);
        out[k] = evaluate(source, v, scope) ?? null;
      }
      return out;
    }
    case 'bin': {
      const a = evaluate(source, e.left, scope);
      const b = evaluate(source, e.right, scope);
      switch (e.op) {
        case '==':
          return deepEqual(a, b);
        case '!=':
          return !deepEqual(a, b);
        case '<':
        case '<=':
        case '>':
        case '>=':
          return compare(source, e.op, a, b);
        case 'in':
          return member(source, a, b);
        case 'not in':
          return !member(source, a, b);
        case '+':
          if (typeof a === 'string' || typeof b === 'string') {
            const out =
              (typeof a === 'string' ? a : JSON.stringify(a ?? null)) +
              (typeof b === 'string' ? b : JSON.stringify(b ?? null));
            if (out.length > 1_000_000) throw runtimeError(source, 'string result too long');
            return out;
          }
          if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
          return num(source, a, "left operand of '+'") + num(source, b, "right operand of '+'");
        case '-':
          return num(source, a, "left operand of '-'") - num(source, b, "right operand of '-'");
        case '*':
          return num(source, a, "left operand of '*'") * num(source, b, "right operand of '*'");
        case '/':
        case '%': {
          const d = num(source, b, `right operand of '${e.op}'`);
          if (d === 0) throw runtimeError(source, 'division by zero');
          const n = num(source, a, `left operand of '${e.op}'`);
          return e.op === '/' ? n / d : n % d;
        }
      }
    }
  }
}

function collect(e: Expr, out: Set<string>): void {
  switch (e.k) {
    case 'var':
      out.add(e.name);
      return;
    case 'get':
      collect(e.obj, out);
      collect(e.key, out);
      return;
    case 'call':
      e.args.forEach((a) => collect(a, out));
      return;
    case 'unary':
      collect(e.arg, out);
      return;
    case 'bin':
    case 'and':
    case 'or':
      collect(e.left, out);
      collect(e.right, out);
      return;
    case 'cond':
      collect(e.test, out);
      collect(e.then, out);
      collect(e.else, out);
      return;
    case 'list':
      e.items.forEach((i) => collect(i, out));
      return;
    case 'obj':
      e.entries.forEach(([, v]) => collect(v, out));
      return;
    case 'lit':
      return;
  }
}

function checkCalls(source: string, e: Expr): void {
  const visit = (x: Expr): void => {
    if (x.k === 'call') {
      const fn = FUNCTIONS[x.fn];
      if (!fn || !Object.hasOwn(FUNCTIONS, x.fn)) {
        throw new PlatformError(
          'VALIDATION',
          `Unknown function '${x.fn}' in "${source}"; available: ${Object.keys(FUNCTIONS).join(', ')}`,
          {
            details: { expression: source, function: x.fn },
          },
        );
      }
      if (x.args.length < fn.arity[0] || x.args.length > fn.arity[1]) {
        throw new PlatformError(
          'VALIDATION',
          `Function '${x.fn}' takes ${fn.arity[0] === fn.arity[1] ? fn.arity[0] : `${fn.arity[0]}-${fn.arity[1]}`} argument(s) in "${source}"`,
          {
            details: { expression: source, function: x.fn },
          },
        );
      }
    }
    const kids: Expr[] = [];
    switch (x.k) {
      case 'get':
        kids.push(x.obj, x.key);
        break;
      case 'call':
        kids.push(...x.args);
        break;
      case 'unary':
        kids.push(x.arg);
        break;
      case 'bin':
      case 'and':
      case 'or':
        kids.push(x.left, x.right);
        break;
      case 'cond':
        kids.push(x.test, x.then, x.else);
        break;
      case 'list':
        kids.push(...x.items);
        break;
      case 'obj':
        kids.push(...x.entries.map(([, v]) => v));
        break;
    }
    kids.forEach(visit);
  };
  visit(e);
}

/** Parses and checks an expression once; the result evaluates many times. VALIDATION on errors. */
export function compileExpression(source: string, options: ParseOptions = {}): WaooawExpression {
  const ast = parseExpression(source, options);
  checkCalls(source, ast);
  const vars = new Set<string>();
  collect(ast, vars);
  return { source, variables: [...vars], evaluate: (scope) => evaluate(source, ast, scope) };
}

/** Parses a script (`a = b + 1; c = a * 2`); later statements see earlier assignments. */
export function compileScript(source: string): CompiledScript {
  const statements: Statement[] = parseScript(source);
  for (const s of statements) {
    checkCalls(source, s.value);
    if (s.k === 'assign' && FORBIDDEN_KEYS.has(s.name))
      throw runtimeError(source, `cannot assign '${s.name}'`);
  }
  return {
    source,
    run(scope) {
      const assignments: Record<string, JsonValue> = {};
      const inner: EvalScope = {
        now: scope.now,
        lookup: (name) => (Object.hasOwn(assignments, name) ? assignments[name] : scope.lookup(name)),
      };
      let result: Value;
      for (const s of statements) {
        result = evaluate(source, s.value, inner) ?? null;
        if (s.k === 'assign') assignments[s.name] = result;
      }
      return { assignments, result };
    },
  };
}

export const expressionFunctions: readonly string[] = Object.keys(FUNCTIONS);
