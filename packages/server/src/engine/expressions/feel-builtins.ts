// The Camunda extensions to FEEL that feelin does not carry (`is defined`, `get or else`, `is empty`…),
// and `now()` / `today()` bound to the step's injected time so evaluation stays deterministic. They are
// passed to feelin as context functions, built per evaluation over that evaluation's scope.
import { parseDate, toFeel } from 'feelin';
import { PlatformError } from '../../errors.js';
import type { EvalScope, Value } from './expression-language.js';

/** Names of the functions below: the parser needs them to read multi-word names such as `get or else`. */
export const FEEL_EXTENSION_NAMES = [
  'is defined',
  'get or else',
  'is empty',
  'is blank',
  'trim',
  'partition',
  'duplicate values',
  'assert',
  'now',
  'today',
] as const;

type FeelFn = (...args: unknown[]) => unknown;

/** What an `assert` that failed leaves behind: evaluation turns it into a VALIDATION error. */
export interface AssertionState {
  failure?: string;
}

/** The value at a dotted path of process variables, or undefined when some part does not exist. */
function resolvePath(scope: EvalScope, path: string): Value {
  const [root, ...rest] = path.split('.').map((p) => p.trim());
  let v = scope.lookup(root!);
  for (const key of rest) {
    if (v === undefined || v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    if (!Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, Value>)[key];
  }
  return v;
}

/**
 * The extension functions over `scope`. `is defined(x.y)` is rewritten at compile time to
 * `is defined(x.y, "x.y")`, so a missing variable (false) is told apart from a null one (true); for
 * names the process does not know (FEEL locals of `for`/`some`) it falls back to "not null".
 */
export function feelExtensions(scope: EvalScope, assertion: AssertionState): Record<string, FeelFn> {
  const nowValue = (): unknown => toFeel(new Date(scope.now));
  return {
    'is defined': (value, path) => {
      if (typeof path === 'string' && scope.lookup(path.split('.')[0]!.trim()) !== undefined)
        return resolvePath(scope, path) !== undefined;
      return value !== null && value !== undefined;
    },
    'get or else': (value, fallback) => (value === null || value === undefined ? fallback : value),
    'is empty': (list) => (Array.isArray(list) ? list.length === 0 : null),
    'is blank': (s) => (typeof s === 'string' ? s.trim() === '' : null),
    trim: (s) => (typeof s === 'string' ? s.trim() : null),
    partition: (list, size) => {
      if (!Array.isArray(list) || typeof size !== 'number' || size < 1) return null;
      const out: unknown[][] = [];
      for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
      return out;
    },
    'duplicate values': (list) => {
      if (!Array.isArray(list)) return null;
      const seen = new Set<string>();
      const dup = new Map<string, unknown>();
      for (const x of list) {
        const k = JSON.stringify(x);
        if (seen.has(k)) dup.set(k, x);
        seen.add(k);
      }
      return [...dup.values()];
    },
    assert: (value, condition, cause) => {
      if (condition === true) return value;
      assertion.failure = typeof cause === 'string' ? cause : 'The condition is not fulfilled';
      return null;
    },
    now: nowValue,
    today: () => parseDate(new Date(scope.now).toISOString().slice(0, 10)),
  };
}

/** An `assert(…)` that failed during evaluation. */
export function assertionError(source: string, failure: string): PlatformError {
  return new PlatformError('VALIDATION', `FEEL assertion failed in "${source}": ${failure}`, {
    details: { expression: source },
  });
}
