// The expression port: every condition, mapping, script, timer value and template of a definition is
// compiled through the ExpressionLanguage its definition names (FEEL for Camunda 8 files, JUEL-like
// `${…}` for Camunda 7 files, the engine's own language for YAML and the builder). Evaluation is pure.
import type { JsonValue } from '../../errors.js';

export type Value = JsonValue | undefined;

/** Where names are looked up; `now` (epoch ms) backs `now()` so evaluation stays deterministic. */
export interface EvalScope {
  /** The value of a variable, or undefined when no such variable exists (distinct from null). */
  lookup(name: string): Value;
  now: number;
}

export interface CompiledExpression {
  readonly source: string;
  /** Evaluates against `scope`; VALIDATION (naming the expression) when evaluation fails. */
  evaluate(scope: EvalScope): Value;
}

export interface ScriptResult {
  /** Variables assigned by the script, in order. */
  assignments: Record<string, JsonValue>;
  /** Value of the script (its last statement). */
  result: Value;
}

export interface CompiledScript {
  readonly source: string;
  run(scope: EvalScope): ScriptResult;
}

/** The expression languages a definition can name; `waooaw` is the default. */
export type ExpressionLanguageId = 'waooaw' | 'feel' | 'juel';

/**
 * One expression language. `compile` parses once per deployment (the result evaluates many times);
 * both methods throw VALIDATION naming the source on a syntax error, so deploy reports it by element.
 */
export interface ExpressionLanguage {
  readonly id: ExpressionLanguageId;
  compile(source: string): CompiledExpression;
  /** A script task's body: statements for `waooaw`, one expression (its value is the result) otherwise. */
  compileScript(source: string): CompiledScript;
}

/** Truthiness used for conditions: null, false, 0 and '' are false. */
export function isTruthy(v: Value): boolean {
  return !(v === undefined || v === null || v === false || v === 0 || v === '');
}

/** Scope over a plain record, with an optional fallback. */
export function recordScope(
  record: Readonly<Record<string, JsonValue>>,
  now: number,
  fallback?: (name: string) => Value,
): EvalScope {
  return {
    now,
    lookup: (name) => (Object.hasOwn(record, name) ? record[name] : fallback?.(name)),
  };
}

/** A script that is one expression: the expression's value is the script's result. */
export function expressionScript(expression: CompiledExpression): CompiledScript {
  return {
    source: expression.source,
    run: (scope) => ({ assignments: {}, result: expression.evaluate(scope) }),
  };
}
