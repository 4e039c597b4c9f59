// Exact rational arithmetic on bigints, so algebra steps and balanced equations never suffer rounding.

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** An immutable fraction in lowest terms with a positive denominator. */
export class Fraction {
  readonly num: bigint;
  readonly den: bigint;

  constructor(num: bigint | number, den: bigint | number = 1n) {
    let n = BigInt(num);
    let d = BigInt(den);
    if (d === 0n) throw new RangeError('division by zero');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n, d) || 1n;
    this.num = n / g;
    this.den = d / g;
  }

  static readonly ZERO = new Fraction(0n);
  static readonly ONE = new Fraction(1n);

  /** Parses "3", "-2/5", "0.125", "1e3" exactly (decimals become fractions). */
  static parse(text: string): Fraction {
    const t = text.trim();
    const frac = /^([-+]?\d+)\s*\/\s*(\d+)$/.exec(t);
    if (frac) return new Fraction(BigInt(frac[1] as string), BigInt(frac[2] as string));
    const dec = /^([-+]?)(\d*)(?:\.(\d+))?(?:e([-+]?\d+))?$/i.exec(t);
    if (!dec || (dec[2] === '' && dec[3] === undefined)) throw new RangeError(`not a number: ${text}`);
    const digits = `${dec[2] || '0'}${dec[3] ?? ''}`;
    let exp = -(dec[3]?.length ?? 0) + Number(dec[4] ?? 0);
    let n = BigInt(digits) * (dec[1] === '-' ? -1n : 1n);
    let d = 1n;
    if (Math.abs(exp) > 400) throw new RangeError(`exponent too large: ${text}`);
    while (exp > 0) {
      n *= 10n;
      exp--;
    }
    while (exp < 0) {
      d *= 10n;
      exp++;
    }
    return new Fraction(n, d);
  }

  /** An exact fraction for a finite double (via its shortest decimal form). */
  static fromNumber(x: number): Fraction {
    if (!Number.isFinite(x)) throw new RangeError('not finite');
    return Fraction.parse(String(x));
  }

  add(o: Fraction): Fraction {
    return new Fraction(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  sub(o: Fraction): Fraction {
    return new Fraction(this.num * o.den - o.num * this.den, this.den * o.den);
  }
  mul(o: Fraction): Fraction {
    return new Fraction(this.num * o.num, this.den * o.den);
  }
  div(o: Fraction): Fraction {
    if (o.num === 0n) throw new RangeError('division by zero');
    return new Fraction(this.num * o.den, this.den * o.num);
  }
  neg(): Fraction {
    return new Fraction(-this.num, this.den);
  }
  /** Integer powers (negative allowed for non-zero values). */
  pow(k: number): Fraction {
    if (!Number.isInteger(k)) throw new RangeError('integer powers only');
    if (k < 0) return Fraction.ONE.div(this.pow(-k));
    let out = Fraction.ONE;
    for (let i = 0; i < k; i++) out = out.mul(this);
    return out;
  }
  isZero(): boolean {
    return this.num === 0n;
  }
  isInteger(): boolean {
    return this.den === 1n;
  }
  sign(): number {
    return this.num === 0n ? 0 : this.num > 0n ? 1 : -1;
  }
  equals(o: Fraction): boolean {
    return this.num === o.num && this.den === o.den;
  }
  compare(o: Fraction): number {
    const d = this.num * o.den - o.num * this.den;
    return d === 0n ? 0 : d > 0n ? 1 : -1;
  }
  toNumber(): number {
    return Number(this.num) / Number(this.den);
  }
  /** "3", "-2/5". */
  toString(): string {
    return this.den === 1n ? String(this.num) : `${this.num}/${this.den}`;
  }
  /** A perfect-square root when there is one ("9/4" → "3/2"), else undefined. */
  sqrt(): Fraction | undefined {
    if (this.num < 0n) return undefined;
    const rn = isqrt(this.num);
    const rd = isqrt(this.den);
    return rn * rn === this.num && rd * rd === this.den ? new Fraction(rn, rd) : undefined;
  }
}

/** Integer square root (floor) of a non-negative bigint. */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

/** Least common multiple of positive bigints. */
export function lcm(a: bigint, b: bigint): bigint {
  return (a / gcd(a, b)) * b;
}

export { gcd };
