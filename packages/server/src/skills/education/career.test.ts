import { describe, expect, it } from 'vitest';
import { isPlatformError } from '../../errors.js';
import { skillRunner } from '../execute.js';
import { codeSimilarity, type CareerMatch } from './career-match.js';
import { hexDistance, scoreRiasec } from './career-riasec.js';
import type { Milestone } from './career-roadmap.js';
import { CAREERS } from './data/careers.js';
import { RIASEC_ITEMS } from './data/riasec-items.js';
import { careerMatch } from './career-match.js';
import { careerRiasec } from './career-riasec.js';
import { careerRoadmap } from './career-roadmap.js';
import { careerSkillsGap } from './career-skills-gap.js';
import { careerStreamAdvisor } from './career-stream-advisor.js';

const runSkill = skillRunner([
  careerMatch,
  careerRiasec,
  careerRoadmap,
  careerSkillsGap,
  careerStreamAdvisor,
]);

const ctx = { now: Date.UTC(2026, 0, 5) };
/** Answers that like `liked` types (5), are neutral on `neutral` (3) and dislike the rest (1). */
const answersFor = (liked: string, neutral = '') =>
  Object.fromEntries(
    RIASEC_ITEMS.map((i) => [i.id, liked.includes(i.type) ? 5 : neutral.includes(i.type) ? 3 : 1]),
  );

describe('career data', () => {
  it('has valid codes, streams and skills', () => {
    expect(new Set(CAREERS.map((c) => c.id)).size).toBe(CAREERS.length);
    for (const c of CAREERS) {
      expect(c.code).toMatch(/^(?!.*(.).*\1)[RIASEC]{3}$/);
      expect(c.streams.length).toBeGreaterThan(0);
      expect(c.skills.length).toBeGreaterThanOrEqual(3);
      for (const e of c.exams) expect(e.month).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('career.riasec', () => {
  it('scores types and orders the code by score, ties in hexagon order', () => {
    const { scores, code } = scoreRiasec({ ...answersFor('IR', 'S'), R1: 4 });
    expect(scores.I).toBe(100);
    expect(scores.R).toBeCloseTo(((29 / 6 - 1) / 4) * 100, 1);
    expect(code).toBe('IRS');
    expect(scoreRiasec(answersFor('AS')).code).toBe('ASR'); // A and S tie at 100; R, I, E, C tie at 0 → R first
    expect(hexDistance('R', 'I')).toBe(1);
    expect(hexDistance('R', 'C')).toBe(1);
    expect(hexDistance('R', 'S')).toBe(3);
  });

  it('maps an investigative-realistic student to science and engineering careers', async () => {
    const answers = Object.fromEntries(
      RIASEC_ITEMS.map((i) => [i.id, i.type === 'I' ? 5 : i.type === 'R' ? 4 : i.type === 'C' ? 3 : 1]),
    );
    const r = await runSkill('career.riasec', { answers, stream: 'PCM' }, ctx);
    const o = r.output as { code: string; consistency: string; careers: CareerMatch[]; clusters: string[] };
    expect(o.code).toBe('IRC');
    expect(o.consistency).toBe('high');
    expect(o.careers[0]?.code).toMatch(/^(IRC|RIC|ICR)$/);
    expect(o.clusters).toContain('Engineering & technology');
    expect(r.checks.every((c) => c.passed)).toBe(true);
  });

  it('returns the questionnaire without answers and validates item ids and coverage', async () => {
    const q = await runSkill('career.riasec', {}, ctx);
    expect((q.output as { questionnaire: unknown[] }).questionnaire).toHaveLength(36);
    await expect(
      runSkill('career.riasec', { answers: { ...answersFor('A'), Z9: 3 } }, ctx),
    ).rejects.toSatisfy(
      (e: unknown) => isPlatformError(e, 'VALIDATION') && e.details['field'] === 'answers.Z9',
    );
    await expect(runSkill('career.riasec', { answers: { R1: 5, R2: 5, R3: 5 } }, ctx)).rejects.toThrow(
      /at least 3 items/,
    );
  });
});

describe('career.match', () => {
  it('ranks by code fit and stream eligibility', async () => {
    const r = await runSkill(
      'career.match',
      { hollandCode: 'ISR', stream: 'PCB', strengths: ['Biology'] },
      ctx,
    );
    const m = (r.output as { matches: CareerMatch[] }).matches;
    expect(m[0]?.id).toBe('doctor');
    expect(m.every((x, i) => i === 0 || !x.eligible || m[i - 1]?.eligible)).toBe(true);
    expect(codeSimilarity('ISR', 'ISR')).toBe(1);
    expect(codeSimilarity('ISR', 'CEA')).toBe(0);
    await expect(runSkill('career.match', { hollandCode: 'XYZ' }, ctx)).rejects.toThrow(/hollandCode/);
  });
});

describe('career.stream-advisor', () => {
  it('recommends PCM for strong maths and science with investigative interests', async () => {
    const r = await runSkill(
      'career.stream-advisor',
      { marks: { maths: 92, science: 88, socialScience: 70, english: 75 }, hollandCode: 'IRC' },
      ctx,
    );
    expect((r.output as { recommendation: string }).recommendation).toBe('PCM');
  });

  it('does not recommend PCM below the maths cut-off', async () => {
    const r = await runSkill(
      'career.stream-advisor',
      { marks: { maths: 48, science: 70, socialScience: 90, english: 92 }, hollandCode: 'ASE' },
      ctx,
    );
    const o = r.output as { recommendation: string; ranked: { stream: string; eligible: boolean }[] };
    expect(o.recommendation).toBe('Humanities');
    expect(o.ranked.find((x) => x.stream === 'PCM')?.eligible).toBe(false);
  });
});

describe('career.roadmap', () => {
  it('dates exams from the board-exam year and keeps milestones in order', async () => {
    const r = await runSkill(
      'career.roadmap',
      { careerId: 'doctor', currentClass: 10, today: '2026-01-05' },
      ctx,
    );
    const o = r.output as { boardYear: number; milestones: Milestone[] };
    // Class 10 in Jan 2026 → class 12 boards in 2028; NEET in May 2028.
    expect(o.boardYear).toBe(2028);
    expect(o.milestones.find((m) => m.what === 'NEET-UG')?.when).toBe('May 2028');
    expect(o.milestones.find((m) => m.what.startsWith('Register for NEET'))?.when).toBe('Mar 2028');
    expect(o.milestones[0]?.what).toMatch(/Start class 11/);
    expect(r.checks.every((c) => c.passed)).toBe(true);
  });

  it('places CLAT in December before the boards', async () => {
    const r = await runSkill(
      'career.roadmap',
      { careerId: 'lawyer', currentClass: 12, today: '2026-06-10' },
      ctx,
    );
    const o = r.output as { boardYear: number; milestones: Milestone[] };
    expect(o.boardYear).toBe(2027);
    expect(o.milestones.find((m) => m.what === 'CLAT')?.when).toBe('Dec 2026');
    await expect(
      runSkill('career.roadmap', { careerId: 'astronaut-chef', currentClass: 9 }, ctx),
    ).rejects.toThrow(/careerId/);
  });
});

describe('career.skills-gap', () => {
  it('orders gaps largest first and computes readiness', async () => {
    const r = await runSkill(
      'career.skills-gap',
      { careerId: 'software-engineer', skills: { Programming: 2, Mathematics: 4, 'problem solving': 1 } },
      ctx,
    );
    const o = r.output as { readiness: number; gaps: { skill: string; gap: number }[] };
    expect(o.gaps.map((g) => [g.skill, g.gap])).toEqual([
      ['Problem solving', 3],
      ['Teamwork', 3],
      ['Programming', 2],
      ['Mathematics', 0],
    ]);
    expect(o.readiness).toBeCloseTo((2 + 4 + 1 + 0) / 15, 3);
    expect(r.checks.find((c) => c.name === 'all core skills rated')?.passed).toBe(false);
  });
});
