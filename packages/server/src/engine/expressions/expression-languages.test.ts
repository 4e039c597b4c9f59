import fc from 'fast-check';
import { evaluate } from 'feelin';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../errors.js';
import { recordScope } from './expression-language.js';
import { expressionLanguage, juelLanguage, waooawLanguage } from './expression-languages.js';
import { compileFeel, feelToJson } from './feel-expression.js';

const NOW = Date.UTC(2026, 0, 1, 12);
const feel = (source: string, vars: Record<string, JsonValue> = {}): unknown =>
  compileFeel(source).evaluate(recordScope(vars, NOW));
const juel = (source: string, vars: Record<string, JsonValue> = {}): unknown =>
  juelLanguage.compile(source).evaluate(recordScope(vars, NOW));

describe('FEEL (feelin)', () => {
  it('evaluates built-ins, contexts, lists, ranges and temporal values, with or without =', () => {
    expect(feel('=a > 3 and b = "x"', { a: 5, b: 'x' })).toBe(true);
    expect(feel('sum(for x in xs return x * 2)', { xs: [1, 2, 3] })).toBe(12);
    expect(
      feel('{total: sum(items.price), n: count(items)}', { items: [{ price: 2 }, { price: 3 }] }),
    ).toEqual({
      total: 5,
      n: 2,
    });
    expect(feel('items[price > 2].price', { items: [{ price: 2 }, { price: 3 }] })).toEqual([3]);
    expect(feel('5 in [1..10]')).toBe(true);
    expect(feel('date("2026-01-31") + duration("P1D")')).toBe('2026-02-01');
    expect(feel('string(now())')).toBe('2026-01-01T12:00:00Z');
    expect(feel('today()')).toBe('2026-01-01');
    expect(feel('if amount > 1000 then "big" else "small"', { amount: 10 })).toBe('small');
    expect(feel('upper case(name)', { name: 'ada' })).toBe('ADA');
  });

  it('tells a missing variable from a null one with is defined', () => {
    expect(feel('is defined(x)', { x: null })).toBe(true);
    expect(feel('is defined(x)')).toBe(false);
    expect(feel('is defined(order.total)', { order: { total: 0 } })).toBe(true);
    expect(feel('is defined(order.missing)', { order: { total: 0 } })).toBe(false);
    expect(feel('not(is defined(approved)) or approved', { approved: true })).toBe(true);
    expect(feel('some x in xs satisfies is defined(x.a)', { xs: [{ a: 1 }] })).toBe(true);
  });

  it('carries the Camunda extensions feelin lacks', () => {
    expect(feel('get or else(x, "fallback")', { x: null })).toBe('fallback');
    expect(feel('is empty(xs)', { xs: [] })).toBe(true);
    expect(feel('is blank("  ")')).toBe(true);
    expect(feel('trim("  a ")')).toBe('a');
    expect(feel('partition([1, 2, 3], 2)')).toEqual([[1, 2], [3]]);
    expect(feel('duplicate values([1, 2, 2, 3, 3])')).toEqual([2, 3]);
    expect(() => feel('assert(x, x > 5, "x too small")', { x: 1 })).toThrow(/x too small/);
    expect(feel('assert(x, x > 5)', { x: 7 })).toBe(7);
  });

  it('reports syntax errors with the position at compile time', () => {
    expect(() => compileFeel('=a >')).toThrow(/FEEL expression error at \d+/);
    expect(() => compileFeel('=')).toThrow(/empty expression/);
  });

  it('reads plain paths without feelin exactly as feelin does (property)', () => {
    const name = fc.constantFrom('a', 'b', 'order', 'x1');
    const value: fc.Arbitrary<JsonValue> = fc.letrec<{ v: JsonValue }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.integer(),
        fc.string({ maxLength: 4 }),
        fc.dictionary(name, tie('v'), { maxKeys: 3, noNullPrototype: true }),
      ),
    })).v;
    fc.assert(
      fc.property(
        fc.dictionary(name, value, { maxKeys: 4, noNullPrototype: true }),
        fc.array(name, { minLength: 1, maxLength: 3 }),
        (vars, path) => {
          const source = path.join('.');
          const ours = feel(source, vars);
          expect(ours).toEqual(feelToJson(evaluate(source, vars).value));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('JUEL (Camunda 7)', () => {
  it('evaluates ${…} with word operators, empty and execution.getVariable', () => {
    expect(juel('${amount gt 1000 and not approved}', { amount: 2000, approved: false })).toBe(true);
    expect(juel('${a eq "x" || b ne 2}', { a: 'y', b: 2 })).toBe(false);
    expect(juel('${empty items}', { items: [] })).toBe(true);
    expect(juel('${!empty items}', { items: [1] })).toBe(true);
    expect(juel("${execution.getVariable('total') div 2}", { total: 10 })).toBe(5);
    expect(juel('${7 mod 4 le 3}')).toBe(true);
  });

  it('reads plain text as a string literal and mixed text as a composite string', () => {
    expect(juel('hello')).toBe('hello');
    expect(juel('Dear ${name}, ${n} items', { name: 'Ada', n: 3 })).toBe('Dear Ada, 3 items');
  });
});

describe('expression language choice', () => {
  it('keeps the engine language for YAML and the builder, with ${…} read as JUEL', () => {
    expect(waooawLanguage.compile('len(xs) > 1').evaluate(recordScope({ xs: [1, 2] }, NOW))).toBe(true);
    expect(waooawLanguage.compile('${n ge 2}').evaluate(recordScope({ n: 2 }, NOW))).toBe(true);
    expect(expressionLanguage(undefined).id).toBe('waooaw');
    expect(() => expressionLanguage('groovy' as never)).toThrow(/Unknown expression language/);
  });
});
