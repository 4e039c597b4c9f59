// JEE/NEET practice-problem templates. Each generator draws numbers, computes the answer one way and
// verifies it another (substitution, an alternative formula, brute-force enumeration or mass balance).
import { Fraction } from '../shared/fraction.js';
import { randInt, pick } from '../shared/random.js';
import { SCHOOL_MASSES } from './data/atomic-masses.js';

export type MathDifficulty = 'easy' | 'medium' | 'hard';

export interface Problem {
  id: string;
  topic: string;
  exam: 'JEE' | 'NEET' | 'JEE/NEET';
  difficulty: MathDifficulty;
  question: string;
  /** Expected numeric value(s); several for e.g. the two roots of a quadratic (any order). */
  answer: number[];
  answerText: string;
  unit: string;
  /** Relative tolerance a grader should allow. */
  tolerance: number;
  steps: string[];
  /** How the answer was independently verified. */
  verification: string;
  verified: boolean;
}

type Gen = (rng: () => number, d: MathDifficulty) => Omit<Problem, 'id' | 'difficulty'>;
const F = (n: number, d = 1) => new Fraction(BigInt(n), BigInt(d));
const r4 = (x: number) => Number(x.toFixed(4));
const nonZero = (rng: () => number, lo: number, hi: number) => {
  let v = 0;
  while (v === 0) v = randInt(rng, lo, hi);
  return v;
};

/** "2x² − 3x + 1 = 0" with unit coefficients and zero terms left out. */
export function formatQuadratic(a: number, b: number, c: number): string {
  const parts: string[] = [];
  const push = (coef: number, suffix: string) => {
    if (coef === 0) return;
    const abs = Math.abs(coef);
    const body = suffix && abs === 1 ? suffix : `${abs}${suffix}`;
    parts.push(parts.length === 0 ? (coef < 0 ? `−${body}` : body) : `${coef < 0 ? '−' : '+'} ${body}`);
  };
  push(a, 'x²');
  push(b, 'x');
  push(c, '');
  return `${parts.join(' ')} = 0`;
}

function nCr(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

export const TEMPLATES: Record<string, Gen> = {
  quadratic(rng, d) {
    const span = d === 'easy' ? 6 : d === 'medium' ? 9 : 12;
    const a = d === 'easy' ? 1 : randInt(rng, 1, d === 'hard' ? 5 : 3);
    const r1 = randInt(rng, -span, span);
    const r2 = randInt(rng, -span, span);
    const b = -a * (r1 + r2);
    const c = a * r1 * r2;
    const D = b * b - 4 * a * c;
    const sq = F(D).sqrt() as Fraction;
    const roots = [
      F(-b)
        .add(sq)
        .div(F(2 * a)),
      F(-b)
        .sub(sq)
        .div(F(2 * a)),
    ].sort((x, y) => x.compare(y));
    const poly = (x: Fraction) => F(a).mul(x).mul(x).add(F(b).mul(x)).add(F(c));
    const verified =
      roots.every((x) => poly(x).isZero()) &&
      [r1, r2].sort((x, y) => x - y).every((r, i) => F(r).equals(roots[i] as Fraction));
    const eq = formatQuadratic(a, b, c);
    return {
      topic: 'quadratic equations',
      exam: 'JEE',
      question: `Find the roots of ${eq}.`,
      answer: roots.map((x) => x.toNumber()),
      answerText: roots[0]?.equals(roots[1] as Fraction)
        ? `x = ${roots[0]?.toString()} (repeated)`
        : `x = ${roots.map((x) => x.toString()).join(' or x = ')}`,
      unit: '',
      tolerance: 1e-6,
      steps: [
        `a = ${a}, b = ${b}, c = ${c}`,
        `D = b² − 4ac = ${b * b} − ${4 * a * c} = ${D}`,
        `x = (−b ± √D) / 2a = (${-b} ± ${sq.toString()}) / ${2 * a}`,
      ],
      verification: 'each root substituted into the equation gives exactly 0',
      verified,
    };
  },
  kinematics(rng, d) {
    const u = randInt(rng, 0, d === 'easy' ? 10 : 25);
    const a = randInt(rng, 1, d === 'hard' ? 8 : 5);
    const t = randInt(rng, 2, d === 'easy' ? 6 : 12);
    const s = F(u * t).add(F(a * t * t, 2));
    const v = u + a * t;
    // Independent route: v² − u² = 2as.
    const verified = F(v * v - u * u).equals(F(2 * a).mul(s));
    return {
      topic: 'kinematics',
      exam: 'JEE/NEET',
      question: `A body starts with a velocity of ${u} m/s and accelerates uniformly at ${a} m/s² for ${t} s. How far does it travel in this time?`,
      answer: [s.toNumber()],
      answerText: `${s.toNumber()} m`,
      unit: 'm',
      tolerance: 0.005,
      steps: [
        `s = ut + ½at²`,
        `s = ${u} × ${t} + ½ × ${a} × ${t}² = ${u * t} + ${(a * t * t) / 2} = ${s.toNumber()} m`,
      ],
      verification: `final velocity v = u + at = ${v} m/s satisfies v² − u² = 2as`,
      verified,
    };
  },
  projectile(rng, d) {
    const u = pick(rng, d === 'easy' ? [10, 20] : [10, 20, 30, 40, 50]);
    const theta = pick(rng, d === 'easy' ? [45] : [15, 30, 45, 60, 75]);
    const g = 10;
    const rad = (theta * Math.PI) / 180;
    const range = (u * u * Math.sin(2 * rad)) / g;
    const T = (2 * u * Math.sin(rad)) / g;
    const verified = Math.abs(u * Math.cos(rad) * T - range) < 1e-9;
    return {
      topic: 'projectile motion',
      exam: 'JEE',
      question: `A ball is projected at ${u} m/s at ${theta}° above the horizontal (g = 10 m/s²). Find its horizontal range.`,
      answer: [r4(range)],
      answerText: `${r4(range)} m`,
      unit: 'm',
      tolerance: 0.01,
      steps: ['R = u² sin 2θ / g', `R = ${u}² × sin ${2 * theta}° / 10 = ${r4(range)} m`],
      verification: `time of flight T = 2u sin θ / g = ${r4(T)} s; R = u cos θ × T agrees`,
      verified,
    };
  },
  stoichiometry(rng, d) {
    const M = SCHOOL_MASSES as Record<string, number>;
    const caco3 = (M['Ca'] ?? 0) + (M['C'] ?? 0) + 3 * (M['O'] ?? 0);
    const cao = (M['Ca'] ?? 0) + (M['O'] ?? 0);
    const co2 = (M['C'] ?? 0) + 2 * (M['O'] ?? 0);
    const mass = pick(rng, d === 'easy' ? [50, 100, 200] : [25, 50, 75, 125, 150, 250]);
    const mol = mass / caco3;
    const massCaO = mol * cao;
    const massCO2 = mol * co2;
    const verified = Math.abs(massCaO + massCO2 - mass) < 1e-9;
    return {
      topic: 'stoichiometry',
      exam: 'NEET',
      question: `How many grams of quicklime (CaO) are obtained by completely heating ${mass} g of limestone (CaCO₃ → CaO + CO₂)? (Ca = 40, C = 12, O = 16)`,
      answer: [r4(massCaO)],
      answerText: `${r4(massCaO)} g`,
      unit: 'g',
      tolerance: 0.005,
      steps: [
        `Molar masses: CaCO₃ = ${caco3} g/mol, CaO = ${cao} g/mol`,
        `Moles of CaCO₃ = ${mass} / ${caco3} = ${r4(mol)} mol`,
        `1 mol CaCO₃ gives 1 mol CaO: mass = ${r4(mol)} × ${cao} = ${r4(massCaO)} g`,
      ],
      verification: `mass balance: ${r4(massCaO)} g CaO + ${r4(massCO2)} g CO₂ = ${mass} g CaCO₃`,
      verified,
    };
  },
  molarity(rng, d) {
    const grams = pick(rng, d === 'easy' ? [4, 8, 20, 40] : [2, 6, 10, 12, 16, 30]);
    const ml = pick(rng, [100, 200, 250, 500, 1000]);
    const molarity = grams / 40 / (ml / 1000);
    const verified = Math.abs(molarity * (ml / 1000) * 40 - grams) < 1e-9;
    return {
      topic: 'solutions (molarity)',
      exam: 'NEET',
      question: `${grams} g of NaOH (molar mass 40 g/mol) is dissolved in water to make ${ml} mL of solution. What is its molarity?`,
      answer: [r4(molarity)],
      answerText: `${r4(molarity)} M`,
      unit: 'M',
      tolerance: 0.005,
      steps: [
        `Moles = ${grams} / 40 = ${grams / 40} mol`,
        `Volume = ${ml} mL = ${ml / 1000} L`,
        `M = moles / litres = ${r4(molarity)} mol/L`,
      ],
      verification: 'moles recovered from M × V × molar mass equal the mass dissolved',
      verified,
    };
  },
  dilution(rng) {
    const m1 = pick(rng, [0.5, 1, 2, 5]);
    const v1 = pick(rng, [50, 100, 200, 250]);
    const m2 = pick(rng, [0.1, 0.2, 0.25]);
    const v2 = (m1 * v1) / m2;
    const verified = Math.abs(m1 * v1 - m2 * v2) < 1e-9;
    return {
      topic: 'solutions (dilution)',
      exam: 'NEET',
      question: `To what final volume must ${v1} mL of a ${m1} M solution be diluted to make it ${m2} M?`,
      answer: [r4(v2)],
      answerText: `${r4(v2)} mL`,
      unit: 'mL',
      tolerance: 0.005,
      steps: ['M₁V₁ = M₂V₂', `V₂ = ${m1} × ${v1} / ${m2} = ${r4(v2)} mL`],
      verification: 'moles of solute are the same before and after dilution',
      verified,
    };
  },
  'arithmetic-progression'(rng, d) {
    const a = randInt(rng, -10, 20);
    const diff = nonZero(rng, -5, 7);
    const n = randInt(rng, d === 'easy' ? 5 : 10, d === 'hard' ? 60 : 25);
    const S = (n * (2 * a + (n - 1) * diff)) / 2;
    let loop = 0;
    for (let k = 0; k < n; k++) loop += a + k * diff;
    return {
      topic: 'sequences (AP)',
      exam: 'JEE',
      question: `Find the sum of the first ${n} terms of the AP ${a}, ${a + diff}, ${a + 2 * diff}, …`,
      answer: [S],
      answerText: String(S),
      unit: '',
      tolerance: 0,
      steps: ['Sₙ = n/2 × [2a + (n − 1)d]', `S = ${n}/2 × [${2 * a} + ${n - 1} × ${diff}] = ${S}`],
      verification: `adding the ${n} terms one by one gives ${loop}`,
      verified: loop === S,
    };
  },
  'geometric-progression'(rng, d) {
    const a = randInt(rng, 1, 9);
    const ratio = pick(rng, d === 'easy' ? [F(2), F(3)] : [F(2), F(3), F(1, 2), F(-2), F(1, 3)]);
    const n = randInt(rng, 4, d === 'hard' ? 12 : 8);
    const S = F(a).mul(ratio.pow(n).sub(Fraction.ONE)).div(ratio.sub(Fraction.ONE));
    let loop = Fraction.ZERO;
    for (let k = 0; k < n; k++) loop = loop.add(F(a).mul(ratio.pow(k)));
    return {
      topic: 'sequences (GP)',
      exam: 'JEE',
      question: `Find the sum of the first ${n} terms of the GP with first term ${a} and common ratio ${ratio.toString()}.`,
      answer: [S.toNumber()],
      answerText: S.isInteger() ? S.toString() : `${S.toString()} ≈ ${r4(S.toNumber())}`,
      unit: '',
      tolerance: 1e-6,
      steps: [
        'Sₙ = a(rⁿ − 1)/(r − 1)',
        `S = ${a} × ((${ratio.toString()})^${n} − 1) / (${ratio.toString()} − 1) = ${S.toString()}`,
      ],
      verification: 'adding the terms one by one with exact fractions gives the same sum',
      verified: loop.equals(S),
    };
  },
  probability(rng, d) {
    const boys = randInt(rng, 3, d === 'easy' ? 5 : 7);
    const girls = randInt(rng, 2, d === 'easy' ? 4 : 5);
    const k = randInt(rng, 2, Math.min(4, boys + girls - 1));
    const j = randInt(rng, 1, Math.min(k, girls));
    const p = F(nCr(girls, j) * nCr(boys, k - j), nCr(boys + girls, k));
    // Brute force: enumerate every k-subset of the class and count those with exactly j girls.
    const n = boys + girls;
    let hits = 0;
    let all = 0;
    for (let mask = 0; mask < 1 << n; mask++) {
      let bits = 0;
      let g = 0;
      for (let i = 0; i < n; i++)
        if (mask & (1 << i)) {
          bits++;
          if (i < girls) g++;
        }
      if (bits !== k) continue;
      all++;
      if (g === j) hits++;
    }
    return {
      topic: 'probability',
      exam: 'JEE',
      question: `A committee of ${k} is chosen at random from ${boys} boys and ${girls} girls. What is the probability that it has exactly ${j} girl${j > 1 ? 's' : ''}?`,
      answer: [p.toNumber()],
      answerText: `${p.toString()} ≈ ${r4(p.toNumber())}`,
      unit: '',
      tolerance: 0.001,
      steps: [
        `Favourable = C(${girls},${j}) × C(${boys},${k - j}) = ${nCr(girls, j)} × ${nCr(boys, k - j)}`,
        `Total = C(${n},${k}) = ${nCr(n, k)}`,
        `P = ${p.toString()}`,
      ],
      verification: `enumerating all ${all} committees finds ${hits} with exactly ${j} girls`,
      verified: all === nCr(n, k) && F(hits, all).equals(p),
    };
  },
  logarithm(rng) {
    const b = pick(rng, [2, 3, 5, 10]);
    const p = randInt(rng, 1, 4);
    const q = randInt(rng, 1, 3);
    const x = b ** p;
    const y = b ** q;
    const ans = p + q;
    return {
      topic: 'logarithms',
      exam: 'JEE',
      question: `Evaluate log_${b}(${x}) + log_${b}(${y}).`,
      answer: [ans],
      answerText: String(ans),
      unit: '',
      tolerance: 0,
      steps: [
        'log_b(x) + log_b(y) = log_b(xy)',
        `= log_${b}(${x * y}) = ${ans}, since ${b}^${ans} = ${x * y}`,
      ],
      verification: `${b}^${ans} = ${b ** ans} = ${x} × ${y}`,
      verified: b ** ans === x * y,
    };
  },
  'ideal-gas'(rng) {
    const P = pick(rng, [1, 2, 3, 0.5]);
    const V = pick(rng, [8.21, 16.42, 24.63, 4.105]);
    const T = pick(rng, [200, 250, 300, 400, 500]);
    const R = 0.0821;
    const n = (P * V) / (R * T);
    return {
      topic: 'gaseous state',
      exam: 'NEET',
      question: `How many moles of an ideal gas occupy ${V} L at ${P} atm and ${T} K? (R = 0.0821 L atm mol⁻¹ K⁻¹)`,
      answer: [r4(n)],
      answerText: `${r4(n)} mol`,
      unit: 'mol',
      tolerance: 0.005,
      steps: ['PV = nRT ⇒ n = PV / RT', `n = ${P} × ${V} / (0.0821 × ${T}) = ${r4(n)} mol`],
      verification: 'substituting n back gives the stated pressure',
      verified: Math.abs((n * R * T) / V - P) < 1e-9,
    };
  },
  'current-electricity'(rng) {
    const r1 = pick(rng, [2, 3, 4, 6]);
    const r2 = pick(rng, [3, 6, 12]);
    const r3 = pick(rng, [2, 4, 6]);
    const V = pick(rng, [6, 12, 24]);
    const par = F(r2 * r3, r2 + r3);
    const R = F(r1).add(par);
    const I = F(V).div(R);
    const powerSum = I.mul(I)
      .mul(F(r1))
      .add(I.mul(par).mul(I.mul(par)).div(F(r2)))
      .add(I.mul(par).mul(I.mul(par)).div(F(r3)));
    return {
      topic: 'current electricity',
      exam: 'JEE/NEET',
      question: `A ${r1} Ω resistor is in series with a parallel pair of ${r2} Ω and ${r3} Ω, across a ${V} V battery. Find the current drawn from the battery.`,
      answer: [I.toNumber()],
      answerText: `${I.toString()} A ≈ ${r4(I.toNumber())} A`,
      unit: 'A',
      tolerance: 0.005,
      steps: [
        `Parallel: ${r2}×${r3}/(${r2}+${r3}) = ${par.toString()} Ω`,
        `Total R = ${r1} + ${par.toString()} = ${R.toString()} Ω`,
        `I = V/R = ${V} / ${R.toString()} = ${I.toString()} A`,
      ],
      verification: 'power dissipated in the three resistors equals V × I',
      verified: powerSum.equals(F(V).mul(I)),
    };
  },
  'work-energy'(rng) {
    const h = pick(rng, [5, 10, 20, 45, 80]);
    const g = 10;
    const v = Math.sqrt(2 * g * h);
    const m = pick(rng, [1, 2, 5]);
    return {
      topic: 'work, energy and power',
      exam: 'JEE/NEET',
      question: `A ${m} kg block slides from rest down a frictionless slope of height ${h} m. What is its speed at the bottom? (g = 10 m/s²)`,
      answer: [r4(v)],
      answerText: `${r4(v)} m/s`,
      unit: 'm/s',
      tolerance: 0.005,
      steps: [
        'Energy conservation: mgh = ½mv²',
        `v = √(2gh) = √(2 × 10 × ${h}) = ${r4(v)} m/s (independent of mass)`,
      ],
      verification: `½ × ${m} × v² = ${r4(0.5 * m * v * v)} J equals mgh = ${m * g * h} J`,
      verified: Math.abs(0.5 * m * v * v - m * g * h) < 1e-9,
    };
  },
};

export const MATH_TOPICS = Object.keys(TEMPLATES) as [string, ...string[]];

/** One problem of a topic. */
export function generateProblem(
  topic: string,
  rng: () => number,
  difficulty: MathDifficulty,
  id: string,
): Problem {
  const gen = TEMPLATES[topic];
  if (!gen) throw new Error(`unknown topic ${topic}`);
  return { id, difficulty, ...gen(rng, difficulty) };
}
