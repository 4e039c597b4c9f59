// FEEL (Camunda 8 files) through feelin: built-ins, contexts, lists, ranges and temporal values, plus
// the Camunda extensions of feel-builtins.ts. A leading `=` is optional everywhere. feelin parses on
// every evaluation, so plain variable paths and literals — most I/O mappings — are read directly, with
// FEEL's semantics (a missing variable or property is null), and plain arithmetic, comparisons and
// and/or over them go through feel-fast-path.ts, which hands anything beyond plain values to feelin.
import { evaluate, parseExpression } from 'feelin';
import { PlatformError, type JsonValue } from '../../errors.js';
import {
  expressionScript,
  type CompiledExpression,
  type EvalScope,
  type ExpressionLanguage,
  type Value,
} from './expression-language.js';
import {
  assertionError,
  feelExtensions,
  FEEL_EXTENSION_NAMES,
  type AssertionState,
} from './feel-builtins.js';
import { FALLBACK, fastFeel, type FastFeel } from './feel-fast-path.js';

type Tree = ReturnType<typeof parseExpression>;
type SyntaxNode = Tree['topNode'];

const MAX_FEEL_LENGTH = 10_000;
/** Parsing needs the multi-word names in scope (`get or else` holds the keyword `or`). */
const PARSE_CONTEXT: Record<string, unknown> = Object.fromEntries(FEEL_EXTENSION_NAMES.map((n) => [n, true]));
const KEYWORDS = new Set([
  'true',
  'false',
  'null',
  'not',
  'and',
  'or',
  'if',
  'then',
  'else',
  'for',
  'in',
  'return',
  'some',
  'every',
  'satisfies',
  'between',
  'instance',
  'of',
  'function',
  'external',
]);
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*$/;
const NUMBER = /^-?(?:\d+(?:\.\d+)?|\.\d+)$/;
const STRING = /^"([^"\\]*)"$/;

function short(source: string): string {
  return source.length > 80 ? `${source.slice(0, 77)}...` : source;
}

function failure(source: string, message: string, position?: number): PlatformError {
  return new PlatformError(
    'VALIDATION',
    position === undefined
      ? `FEEL expression "${short(source)}" failed: ${message}`
      : `FEEL expression error at ${position + 1}: ${message} in "${short(source)}"`,
    { details: { expression: source, ...(position === undefined ? {} : { position: position + 1 }) } },
  );
}

/** FEEL values (temporal values, ranges, functions) → JSON, as a variable would store them. */
export function feelToJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'function') return null;
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as JsonValue);
}

/** A variable path read directly: FEEL semantics, or undefined when feelin must decide (a list on the way). */
function readPath(scope: EvalScope, segments: readonly string[]): Value | 'feelin' {
  let v: Value = scope.lookup(segments[0]!);
  for (let i = 1; i < segments.length; i++) {
    if (v === undefined || v === null) return null;
    if (Array.isArray(v)) return 'feelin';
    if (typeof v !== 'object') return null;
    const key = segments[i]!;
    v = Object.hasOwn(v, key) ? v[key] : null;
  }
  return v === undefined ? null : v;
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

interface Analysis {
  /** The source with `is defined(path)` rewritten to `is defined(path, "path")`. */
  text: string;
  /** Every name the expression reads (variables, and function names, which are looked up harmlessly). */
  names: string[];
  /** The fast evaluator, when the whole expression is within the fast path. */
  fast: FastFeel | undefined;
}

/** Parses once to report syntax errors at deploy time and to learn the names the expression reads. */
function analyse(source: string, text: string): Analysis {
  const tree = parseExpression(text, PARSE_CONTEXT, undefined);
  const names = new Set<string>();
  const inserts: Array<{ at: number; text: string }> = [];
  const visit = (node: SyntaxNode): void => {
    if (node.type.isError) throw failure(source, 'unexpected or incomplete input', node.from);
    if (node.name === 'VariableName') names.add(text.slice(node.from, node.to).replace(/\s+/g, ' '));
    if (node.name === 'FunctionInvocation') {
      const [callee, , params] = children(node);
      const args =
        params?.name === 'PositionalParameters' ? children(params).filter((c) => c.name !== ',') : [];
      const calleeText = callee ? text.slice(callee.from, callee.to).replace(/\s+/g, ' ') : '';
      const arg = args[0];
      if (calleeText === 'is defined' && args.length === 1 && arg) {
        const argText = text.slice(arg.from, arg.to);
        if (PATH.test(argText))
          inserts.push({ at: arg.to, text: `, ${JSON.stringify(argText.replace(/\s+/g, ''))}` });
      }
    }
    for (const c of children(node)) visit(c);
  };
  visit(tree.topNode);
  let out = text;
  for (const ins of inserts.sort((a, b) => b.at - a.at))
    out = out.slice(0, ins.at) + ins.text + out.slice(ins.at);
  return { text: out, names: [...names], fast: fastFeel(tree.topNode, text) };
}

/** The value of a literal `true`, `false`, `null`, number or escape-free string; undefined otherwise. */
function literalOf(text: string): { value: Value } | undefined {
  if (text === 'true' || text === 'false') return { value: text === 'true' };
  if (text === 'null') return { value: null };
  if (NUMBER.test(text)) return { value: Number(text) };
  const str = STRING.exec(text);
  return str ? { value: str[1]! } : undefined;
}

/**
 * Compiles one FEEL expression (`=` prefix optional). VALIDATION with the position on a syntax error.
 * `fastPath: false` evaluates everything through feelin (the reference the fast paths are tested against).
 */
export function compileFeel(source: string, options: { fastPath?: boolean } = {}): CompiledExpression {
  const fastPath = options.fastPath ?? true;
  if (typeof source !== 'string') throw failure(String(source), 'not a string');
  if (source.length > MAX_FEEL_LENGTH) throw failure(source, `longer than ${MAX_FEEL_LENGTH} characters`);
  const text = source.trim().replace(/^=/, '').trim();
  if (text === '') throw failure(source, 'empty expression', 0);
  if (fastPath) {
    const literal = literalOf(text);
    if (literal) return { source, evaluate: () => literal.value };
  }
  const { text: rewritten, names, fast } = analyse(source, text);
  // Only expressions that call an extension pay for building them (once per evaluation, over its scope).
  const usesExtensions = FEEL_EXTENSION_NAMES.some((n) => names.includes(n));
  const general = (scope: EvalScope): Value => {
    const assertion: AssertionState = {};
    const context: Record<string, unknown> = usesExtensions ? feelExtensions(scope, assertion) : {};
    for (const name of names) {
      const v = scope.lookup(name);
      if (v !== undefined) context[name] = v;
    }
    let result: unknown;
    try {
      result = evaluate(rewritten, context).value;
    } catch (err) {
      const pos = (err as { position?: { from?: number } }).position?.from;
      throw failure(source, (err as Error).message, typeof pos === 'number' ? pos : undefined);
    }
    if (assertion.failure !== undefined) throw assertionError(source, assertion.failure);
    return feelToJson(result);
  };
  if (!fastPath) return { source, evaluate: general };
  if (PATH.test(text) && !KEYWORDS.has(text.split('.')[0]!.trim())) {
    const segments = text.split('.').map((s) => s.trim());
    return {
      source,
      evaluate: (scope) => {
        const v = readPath(scope, segments);
        return v === 'feelin' ? general(scope) : v;
      },
    };
  }
  if (fast)
    return {
      source,
      evaluate: (scope) => {
        const v = fast(scope);
        return v === FALLBACK ? general(scope) : v;
      },
    };
  return { source, evaluate: general };
}

/** The same expression evaluated by feelin alone (no fast path): what the fast path must agree with. */
export function compileFeelWithoutFastPath(source: string): CompiledExpression {
  return compileFeel(source, { fastPath: false });
}

/** FEEL as an expression language; a script task's FEEL script is one expression (its result). */
export const feelLanguage: ExpressionLanguage = {
  id: 'feel',
  compile: compileFeel,
  compileScript: (source) => expressionScript(compileFeel(source)),
};
