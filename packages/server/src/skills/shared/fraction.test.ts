import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fraction, isqrt } from './fraction.js';

const F = (n: number, d = 1) => new Fraction(BigInt(n), BigInt(d));

describe('Fraction', () => {
  it('reduces and normalises sign', () => {
    expect(F(6, -8).toString()).toBe('-3/4');
    expect(Fraction.parse('0.125').toString()).toBe('1/8');
    expect(Fraction.parse('-2/6').toString()).toBe('-1/3');
    expect(Fraction.parse('1.5e2').toString()).toBe('150');
    expect(() => Fraction.parse('abc')).toThrow();
    expect(() => F(1, 0)).toThrow();
  });

  it('obeys field laws (property)', () => {
    const arb = fc
      .tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 50 }))
      .map(([n, d]) => F(n, d));
    fc.assert(
      fc.property(arb, arb, arb, (a, b, c) => {
        expect(a.add(b).equals(b.add(a))).toBe(true);
        expect(a.mul(b.add(c)).equals(a.mul(b).add(a.mul(c)))).toBe(true);
        if (!b.isZero()) expect(a.div(b).mul(b).equals(a)).toBe(true);
        expect(a.sub(a).isZero()).toBe(true);
      }),
    );
  });

  it('takes exact square roots', () => {
    expect(F(9, 4).sqrt()?.toString()).toBe('3/2');
    expect(F(2).sqrt()).toBeUndefined();
    expect(isqrt(10n ** 30n)).toBe(10n ** 15n);
  });
});
