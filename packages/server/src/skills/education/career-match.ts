// Career matching by Holland code, stream and subject strengths, ranked with reasons.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { CAREERS, type Career, type Stream } from './data/careers.js';

export const streamSchema = z.enum(['PCM', 'PCB', 'Commerce', 'Humanities']);

/** 0..1 similarity of a person's code (1–3 letters) to a career's 3-letter code, order-aware. */
export function codeSimilarity(person: string, career: string): number {
  const w = [3, 2, 1];
  let s = 0;
  [...person].forEach((ch, i) => {
    const j = career.indexOf(ch);
    if (j >= 0) s += (w[i] ?? 1) * (1 - Math.abs(i - j) * 0.25);
  });
  const max = [...person].reduce((a, _, i) => a + (w[i] ?? 1), 0);
  return max ? s / max : 0;
}

export interface CareerMatch {
  id: string;
  title: string;
  code: string;
  cluster: string;
  score: number;
  eligible: boolean;
  reasons: string[];
  exams: string[];
  path: string;
}

/** Ranks careers for a person; ineligible ones (wrong stream) sink to the bottom with the reason. */
export function matchCareers(
  code: string,
  stream: Stream | undefined,
  strengths: readonly string[],
): CareerMatch[] {
  return CAREERS.map((c: Career) => {
    const sim = codeSimilarity(code, c.code);
    const strengthHits = c.skills.filter((s) =>
      strengths.some((st) => s.skill.toLowerCase().includes(st.toLowerCase())),
    ).length;
    const eligible = !stream || c.streams.includes(stream);
    const reasons = [`interest match ${Math.round(sim * 100)}% (${code} vs ${c.code})`];
    if (strengthHits) reasons.push(`${strengthHits} of your strengths are core skills here`);
    if (!eligible) reasons.push(`needs ${c.streams.join(' or ')} in class 11–12`);
    const score = round(100 * (0.8 * sim + 0.2 * Math.min(1, strengthHits / 2)) * (eligible ? 1 : 0.5), 1);
    return {
      id: c.id,
      title: c.title,
      code: c.code,
      cluster: c.cluster,
      score,
      eligible,
      reasons,
      exams: c.exams.map((e) => e.name),
      path: c.path,
    };
  }).sort(
    (a, b) => Number(b.eligible) - Number(a.eligible) || b.score - a.score || a.title.localeCompare(b.title),
  );
}

const inputSchema = z.object({
  hollandCode: z
    .string()
    .trim()
    .toUpperCase()
    .max(3)
    .regex(/^(?!.*(.).*\1)[RIASEC]{1,3}$/, 'must be 1–3 distinct letters from R, I, A, S, E, C'),
  stream: streamSchema.optional(),
  strengths: z.array(z.string().trim().min(2).max(40)).max(10).default([]),
  top: z.number().int().min(1).max(30).default(8),
});

export const careerMatch = defineSkill({
  id: 'career.match',
  agentIds: [AgentId.career],
  title: 'Career matches',
  description:
    'Ranks careers by Holland-code fit, class 11–12 stream eligibility and your strengths, with entrance exams and the study path.',
  inputSchema,
  async run(input) {
    const ranked = matchCareers(input.hollandCode, input.stream, input.strengths);
    const top = ranked.slice(0, input.top);
    const ordered = top.every(
      (m, i) =>
        i === 0 ||
        (top[i - 1]?.eligible === m.eligible
          ? (top[i - 1]?.score ?? 0) >= m.score
          : top[i - 1]?.eligible === true),
    );
    const checks = [
      check('ranked', ordered, 'eligible careers first, then by score'),
      check(
        'eligible options',
        top.some((m) => m.eligible),
        `${top.filter((m) => m.eligible).length} of the top ${top.length} fit your stream`,
      ),
    ];
    const markdown = doc(
      `# Careers for ${input.hollandCode}${input.stream ? ` (${input.stream})` : ''}`,
      table(
        ['#', 'Career', 'Cluster', 'Code', 'Fit', 'Entrance exams', 'Why'],
        top.map((m, i) => [
          i + 1,
          m.title,
          m.cluster,
          m.code,
          m.score,
          m.exams.join(', '),
          m.reasons.join('; '),
        ]),
      ),
      '## Next steps',
      bullets(top.slice(0, 3).map((m) => `**${m.title}:** ${m.path}.`)),
      '_Holland codes are a guide to interests, not ability; talk to people in these careers before deciding._',
      checksSection(checks),
    );
    return offlineResult(
      { matches: top },
      {
        summary: `Top match for ${input.hollandCode}: ${top[0]?.title}`,
        markdown,
        checks,
        confidence: 0.75,
        selfChecksPassed: ordered,
      },
    );
  },
});
