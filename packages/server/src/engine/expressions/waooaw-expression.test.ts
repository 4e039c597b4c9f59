import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { recordScope } from './expression-language.js';
import { compileExpression, compileScript } from './waooaw-expression.js';
import { unwrapExpression } from './waooaw-expression-parser.js';
import type { JsonValue } from '../../errors.js';

const NOW = Date.UTC(2026, 0, 1);
function ev(source: string, vars: Record<string, JsonValue> = {}): unknown {
  return compileExpression(source).evaluate(recordScope(vars, NOW));
}

describe('expression language', () => {
  it('evaluates literals, arithmetic and precedence', () => {
    expect(ev('1 + 2 * 3')).toBe(7);
    expect(ev('(1 + 2) * 3')).toBe(9);
    expect(ev('10 % 4 - -1')).toBe(3);
    expect(ev('1.5e2')).toBe(150);
    expect(ev('\'a\' + "b" + 1')).toBe('ab1');
    expect(ev('[1, 2] + [3]')).toEqual([1, 2, 3]);
    expect(ev("{a: 1, 'b c': [true, null]}")).toEqual({ a: 1, 'b c': [true, null] });
  });

  it('compares and combines booleans with both spellings', () => {
    expect(ev('a > 5 && b == "x"', { a: 6, b: 'x' })).toBe(true);
    expect(ev('a > 5 and not (b = "x")', { a: 6, b: 'x' })).toBe(false);
    expect(ev('a <= 5 || b != "x"', { a: 6, b: 'y' })).toBe(true);
    expect(ev('!approved', { approved: false })).toBe(true);
    expect(ev("'b' < 'c'")).toBe(true);
  });

  it('reads property paths and indexes without failing on missing parts', () => {
    const vars = { pr: { files: ['a.md', 'b.ts'], meta: { risk: 'high' } } };
    expect(ev('pr.meta.risk', vars)).toBe('high');
    expect(ev('pr.files[1]', vars)).toBe('b.ts');
    expect(ev('pr.files[-1]', vars)).toBe('b.ts');
    expect(ev('pr.files.length', vars)).toBe(2);
    expect(ev("pr['meta'].risk", vars)).toBe('high');
    expect(ev('pr.missing.deeper', vars)).toBe(null);
    expect(ev('unknown', vars)).toBe(null);
  });

  it('supports in, not in, the conditional forms and functions', () => {
    expect(ev("risk in ['high', 'critical']", { risk: 'high' })).toBe(true);
    expect(ev("'x' not in tags", { tags: ['a'] })).toBe(true);
    expect(ev("'ell' in 'hello'")).toBe(true);
    expect(ev("'k' in {k: 1}")).toBe(true);
    expect(ev('n > 2 ? "big" : "small"', { n: 3 })).toBe('big');
    expect(ev('if n > 2 then 1 else 0', { n: 1 })).toBe(0);
    expect(ev("len(xs) + len('abc') + len({a: 1})", { xs: [1, 2] })).toBe(6);
    expect(ev("upper(lower('AbC')) + trim('  x ')")).toBe('ABCx');
    expect(
      ev("contains(xs, 2) and startsWith('hello', 'he') and endsWith('hello', 'lo')", { xs: [1, 2] }),
    ).toBe(true);
    expect(ev('min(3, 1, 2) + max([4, 5]) + sum([1, 2]) + abs(-1) + round(1.26, 1)')).toBeCloseTo(
      1 + 5 + 3 + 1 + 1.3,
    );
    expect(ev('floor(1.9) + ceil(1.1)')).toBe(3);
    expect(ev("number('42') + number(true)")).toBe(43);
    expect(ev("string(1) + string('a')")).toBe('1a');
    expect(ev('boolean(0) or exists(x)', { x: 0 })).toBe(true);
    expect(ev('coalesce(a, b, 3)', { b: 2 })).toBe(2);
    expect(ev('keys(o)', { o: { a: 1, b: 2 } })).toEqual(['a', 'b']);
    expect(ev('now()')).toBe(NOW);
    expect(ev("duration('PT2H')")).toBe(7_200_000);
    expect(ev("isoDate(date('2026-01-01T00:00:00Z') + duration('P7D'))")).toBe('2026-01-08T00:00:00.000Z');
  });

  it('treats comparisons with a missing value as false', () => {
    expect(ev('score > 7')).toBe(false);
    expect(ev('score <= 7')).toBe(false);
    expect(ev('score == null')).toBe(true);
  });

  it('compares lists and objects structurally', () => {
    expect(ev('a == [1, {b: 2}]', { a: [1, { b: 2 }] })).toBe(true);
    expect(ev('a != {b: 2}', { a: { b: 3 } })).toBe(true);
  });

  it('unwraps Camunda ${…} and Zeebe = expressions', () => {
    expect(unwrapExpression('${approved == true}')).toBe('approved == true');
    expect(unwrapExpression('#{x}')).toBe('x');
    expect(unwrapExpression('= approved = true')).toBe('approved = true');
    expect(ev('${n > 1}', { n: 2 })).toBe(true);
    expect(ev('= n = 2', { n: 2 })).toBe(true);
  });

  it('rejects syntax errors with the position', () => {
    expect(() => compileExpression('1 +')).toThrow(/Expression error at 4/);
    expect(() => compileExpression('a ==')).toThrow(/expected a value/);
    expect(() => compileExpression("'open")).toThrow(/unterminated string/);
    expect(() => compileExpression('a @ b')).toThrow(/unexpected character '@'/);
    expect(() => compileExpression('')).toThrow(/empty expression/);
    expect(() => compileExpression('a b')).toThrow(/unexpected token/);
    expect(() => compileExpression('x'.repeat(10_001))).toThrow(/longer than/);
    expect(() => compileExpression('('.repeat(200) + '1' + ')'.repeat(200))).toThrow(/nested too deeply/);
  });

  it('rejects unknown functions and wrong arity at compile time', () => {
    expect(() => compileExpression('eval("1")')).toThrow(/Unknown function 'eval'/);
    expect(() => compileExpression('require("fs")')).toThrow(/Unknown function/);
    expect(() => compileExpression('len(1, 2)')).toThrow(/takes 1 argument/);
    expect(() => compileExpression('toString()')).toThrow(/Unknown function 'toString'/);
  });

  it('cannot reach prototypes or host objects', () => {
    expect(() => ev("a['__proto__']", { a: {} })).toThrow(/not accessible/);
    expect(() => ev('a.constructor', { a: {} })).toThrow(/not accessible/);
    expect(ev('a.toString', { a: {} })).toBe(null);
    expect(ev('process')).toBe(null);
    expect(() => compileScript('__proto__ = 1')).toThrow(/cannot assign/);
  });

  it('fails at run time with clear messages on type errors', () => {
    expect(() => ev("1 - 'a'")).toThrow(/right operand of '-' must be a number, got string/);
    expect(() => ev("1 < 'a'")).toThrow(/cannot compare number with string/);
    expect(() => ev('1 / 0')).toThrow(/division by zero/);
    expect(() => ev('upper(1)')).toThrow(/upper\(\) must be a string/);
    expect(() => ev("date('soon')")).toThrow(/date\(\) needs an ISO date-time/);
  });

  it('lists the variables an expression reads', () => {
    expect([...compileExpression('a.b > c[d] and len(e)').variables].sort()).toEqual(['a', 'c', 'd', 'e']);
  });

  it('runs scripts whose statements see earlier assignments', () => {
    const s = compileScript('day = day + 1\ndone = day >= 7; # comment\nlabel = "day " + day');
    const r = s.run(recordScope({ day: 6 }, NOW));
    expect(r.assignments).toEqual({ day: 7, done: true, label: 'day 7' });
    expect(r.result).toBe('day 7');
    expect(compileScript('1 + 1').run(recordScope({}, NOW)).result).toBe(2);
    expect(() => compileScript('a = ')).toThrow(/expected a value/);
    expect(() => compileScript('a = 1 b = 2')).toThrow(/expected end of statement/);
  });

  it('never throws anything but a PlatformError on arbitrary input (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (src) => {
        try {
          compileExpression(src).evaluate(recordScope({ a: 1, b: 'x', c: [1] }, NOW));
        } catch (err) {
          expect((err as { code?: string }).code).toBe('VALIDATION');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with arithmetic on random integers (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 1, max: 50 }),
        (a, b, c) => {
          expect(ev('a + b * c - (a - b) % c', { a, b, c })).toBe(a + b * c - ((a - b) % c));
          expect(ev('(a < b) == (b > a)', { a, b })).toBe(true);
        },
      ),
    );
  });
});
