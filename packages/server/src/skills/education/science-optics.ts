// Mirror and lens problems with the Cartesian sign convention (CBSE class 10): image distance,
// magnification, image height and nature, lens power — solved exactly and checked by substitution.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { Fraction } from '../shared/fraction.js';
import { bullets, checksSection, doc } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

const inputSchema = z.object({
  device: z.enum(['convex-lens', 'concave-lens', 'concave-mirror', 'convex-mirror']),
  /** Magnitudes in cm; signs are applied by the convention. */
  focalLength: z.number().positive().max(10_000),
  objectDistance: z.number().positive().max(100_000),
  objectHeight: z.number().positive().max(10_000).optional(),
});

export interface OpticsAnswer {
  u: number;
  f: number;
  v: number | null;
  magnification: number | null;
  imageHeight: number | null;
  nature: string;
  powerDioptre: number | null;
}

/** Solves one optics problem exactly; `v` is null when the image is at infinity. */
export function solveOptics(input: z.output<typeof inputSchema>): {
  answer: OpticsAnswer;
  steps: string[];
  verified: boolean;
} {
  const lens = input.device.endsWith('lens');
  const u = Fraction.fromNumber(input.objectDistance).neg();
  const fMag = Fraction.fromNumber(input.focalLength);
  // Lens: convex f > 0. Mirror: concave f < 0 (focus in front), convex f > 0.
  const f = input.device === 'convex-lens' || input.device === 'convex-mirror' ? fMag : fMag.neg();
  const steps: string[] = [
    `Sign convention: the object is on the left, so u = ${u.toNumber()} cm; f = ${f.toNumber()} cm for a ${input.device.replace('-', ' ')}.`,
    lens
      ? 'Lens formula: 1/v − 1/u = 1/f  ⇒  1/v = 1/f + 1/u.'
      : 'Mirror formula: 1/v + 1/u = 1/f  ⇒  1/v = 1/f − 1/u.',
  ];
  const invV = lens
    ? Fraction.ONE.div(f).add(Fraction.ONE.div(u))
    : Fraction.ONE.div(f).sub(Fraction.ONE.div(u));
  const power = lens ? round(100 / f.toNumber(), 3) : null;
  if (invV.isZero()) {
    steps.push('1/v = 0, so the image forms at infinity (the object is at the focus).');
    return {
      answer: {
        u: u.toNumber(),
        f: f.toNumber(),
        v: null,
        magnification: null,
        imageHeight: null,
        nature: 'at infinity (highly magnified, real and inverted)',
        powerDioptre: power,
      },
      steps,
      verified: true,
    };
  }
  const v = Fraction.ONE.div(invV);
  steps.push(`1/v = ${invV.toString()}  ⇒  v = ${v.toString()} = ${round(v.toNumber(), 3)} cm.`);
  const m = lens ? v.div(u) : v.div(u).neg();
  steps.push(
    lens
      ? `Magnification m = v/u = ${round(m.toNumber(), 3)}.`
      : `Magnification m = −v/u = ${round(m.toNumber(), 3)}.`,
  );
  const real = lens ? v.sign() > 0 : v.sign() < 0;
  const mAbs = Math.abs(m.toNumber());
  const size = Math.abs(mAbs - 1) < 1e-9 ? 'same size' : mAbs > 1 ? 'magnified' : 'diminished';
  const where = lens
    ? v.sign() > 0
      ? 'on the other side of the lens'
      : 'on the same side as the object'
    : v.sign() < 0
      ? 'in front of the mirror'
      : 'behind the mirror';
  const nature = `${real ? 'real and inverted' : 'virtual and erect'}, ${size}, ${round(Math.abs(v.toNumber()), 3)} cm ${where}`;
  const imageHeight = input.objectHeight !== undefined ? round(m.toNumber() * input.objectHeight, 3) : null;
  if (imageHeight !== null)
    steps.push(
      `Image height h′ = m × h = ${round(m.toNumber(), 3)} × ${input.objectHeight} = ${imageHeight} cm.`,
    );
  if (power !== null) steps.push(`Power P = 100 / f(cm) = ${power} D.`);
  // Verification: substitute back into the formula with exact fractions.
  const lhs = lens
    ? Fraction.ONE.div(v).sub(Fraction.ONE.div(u))
    : Fraction.ONE.div(v).add(Fraction.ONE.div(u));
  const verified = lhs.equals(Fraction.ONE.div(f));
  return {
    answer: {
      u: u.toNumber(),
      f: f.toNumber(),
      v: round(v.toNumber(), 4),
      magnification: round(m.toNumber(), 4),
      imageHeight,
      nature,
      powerDioptre: power,
    },
    steps,
    verified,
  };
}

export const scienceOptics = defineSkill({
  id: 'science.optics',
  agentIds: [AgentId.science, AgentId.homework],
  title: 'Mirror and lens solver',
  description:
    'Solves mirror and lens problems with the CBSE sign convention: image position, magnification, height, nature and power, verified by substitution.',
  inputSchema,
  async run(input) {
    const { answer, steps, verified } = solveOptics(input);
    const checks = [
      check(
        'formula verified',
        verified,
        verified ? 'v and u satisfy the formula exactly' : 'substitution failed',
      ),
    ];
    const markdown = doc(
      `# ${input.device.replace('-', ' ')}: object at ${input.objectDistance} cm, f = ${input.focalLength} cm`,
      `**Image:** ${answer.nature}.`,
      '## Steps',
      bullets(steps),
      checksSection(checks),
    );
    return offlineResult(answer, {
      summary: `Image ${answer.nature}`,
      markdown,
      checks,
      confidence: 1,
      selfChecksPassed: verified,
    });
  },
});
