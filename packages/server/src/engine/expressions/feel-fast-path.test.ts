import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../errors.js';
import { recordScope } from './expression-language.js';
import { compileFeel, compileFeelWithoutFastPath } from './feel-expression.js';

const NOW = Date.UTC(2026, 0, 1, 12);

/** The value, or the error message: the fast path must agree with feelin on both. */
function outcome(evaluate: () => unknown): { value: unknown } | { error: string } {
  try {
    return { value: evaluate() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function agree(source: string, generated: Record<string, JsonValue>): void {
  // Variables as the engine holds them: parsed JSON (fast-check builds null-prototype records).
  const vars = JSON.parse(JSON.stringify(generated)) as Record<string, JsonValue>;
  const scope = recordScope(vars, NOW);
  const fast = outcome(() => compileFeel(source).evaluate(scope));
  const library = outcome(() => compileFeelWithoutFastPath(source).evaluate(scope));
  expect(fast, `${source} over ${JSON.stringify(vars)}`).toEqual(library);
}

const value: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.constantFrom(0, -0, 1e308, 0.1, 0.2),
  fc.constantFrom('', 'a', 'b', 'x y', '2026-01-01', '10'),
  fc.boolean(),
  fc.constant(null),
  fc.constant<JsonValue>([1]),
  fc.constant<JsonValue>({ x: 1 }),
);

/** Variables a, b, c, s and o (an object with fields x and y); any of them may be missing. */
const variables = fc.record(
  { a: value, b: value, c: value, s: value, o: fc.record({ x: value, y: value }, { requiredKeys: [] }) },
  { requiredKeys: [] },
) as fc.Arbitrary<Record<string, JsonValue>>;

const operand = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 's', 'o.x', 'o.y', 'o.z', 'missing', 'o'),
  fc.constantFrom('0', '1', '2', '5', '2.5', '0.1', '"a"', '""', '"x y"', 'true', 'false', 'null'),
);

const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    operand,
    fc
      .tuple(
        tie('expr'),
        fc.constantFrom('+', '-', '*', '/', '**', '=', '!=', '<', '<=', '>', '>=', 'and', 'or'),
        tie('expr'),
      )
      .map(([l, op, r]) => `${l} ${op} ${r}`),
    tie('expr').map((e) => `(${e})`),
  ),
})).expr;

describe('FEEL fast path', () => {
  it('gives the same value or error as feelin for any arithmetic, comparison and and/or over any variables', () => {
    fc.assert(
      fc.property(expression, variables, (source, vars) => agree(`=${source}`, vars)),
      { numRuns: 2000 },
    );
  });

  it('agrees on the cases where FEEL differs from JavaScript', () => {
    const cases: Array<[string, Record<string, JsonValue>]> = [
      ['count + 1', { count: 1 }],
      ['count + 1', {}],
      ['count + 1', { count: null }],
      ['s + "b"', { s: 'a' }],
      ['a / 0', { a: 1 }],
      ['a * a', { a: 1e308 }],
      ['a = 1', { a: [1] }],
      ['a = "1"', { a: 1 }],
      ['a < "b"', { a: 'a' }],
      ['a and b', { a: true, b: null }],
      ['a or b', { a: true }],
      ['o.x > 5', { o: [{ x: 6 }] }],
      ['o.x > 5', { o: { x: 6 } }],
      ['-a > 1', { a: -2 }],
      ['x in [1..3]', { x: 2 }],
      ['a + 1 // note', { a: 1 }],
      ['"a\\"b" = s', { s: 'a"b' }],
    ];
    for (const [source, vars] of cases) agree(source, vars);
  });

  it('answers plain cases without feelin, with FEEL results', () => {
    const feel = (source: string, vars: Record<string, JsonValue>) =>
      compileFeel(source).evaluate(recordScope(vars, NOW));
    expect(feel('=count + 1', { count: 4 })).toBe(5);
    expect(feel('=x > 5 and s = "ok"', { x: 6, s: 'ok' })).toBe(true);
    expect(feel('=(order.amount * 2) <= limit', { order: { amount: 3 }, limit: 6 })).toBe(true);
    // Outside the plain types: feelin's answer (null for a missing operand, concatenation of strings).
    expect(feel('=count + 1', {})).toBe(null);
    expect(feel('=s + "b"', { s: 'a' })).toBe('ab');
    expect(feel('=a / 0', { a: 1 })).toBe(null);
  });
});
