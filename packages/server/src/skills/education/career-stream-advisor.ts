// Class 11 stream advice from class 9–10 marks and interests: a fit score per stream (PCM, PCB,
// Commerce, Humanities) with the usual school cut-offs, reasons, and the careers each stream opens.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { codeSimilarity } from './career-match.js';
import { CAREERS, type Stream } from './data/careers.js';

const mark = z.number().min(0).max(100);
const inputSchema = z.object({
  marks: z.object({
    maths: mark,
    science: mark,
    socialScience: mark,
    english: mark,
    secondLanguage: mark.optional(),
  }),
  hollandCode: z
    .string()
    .trim()
    .toUpperCase()
    .max(3)
    .regex(/^(?!.*(.).*\1)[RIASEC]{1,3}$/, 'must be 1–3 distinct letters from R, I, A, S, E, C')
    .optional(),
  /** Schools differ; these are common minimums for admission to a stream. */
  cutoffs: z
    .object({
      pcmMaths: mark.default(60),
      pcmScience: mark.default(60),
      pcbScience: mark.default(60),
      commerceMaths: mark.default(50),
    })
    .prefault({}),
});

/** Which interest codes lean to each stream. */
const STREAM_CODE: Record<Stream, string> = { PCM: 'IRC', PCB: 'ISR', Commerce: 'ECI', Humanities: 'ASE' };

export const careerStreamAdvisor = defineSkill({
  id: 'career.stream-advisor',
  agentIds: [AgentId.career],
  title: 'Class 11 stream advisor',
  description:
    'Recommends PCM, PCB, Commerce or Humanities from class 10 marks and interests, with cut-off checks, reasons and the careers each opens.',
  inputSchema,
  async run(input) {
    const m = input.marks;
    const c = input.cutoffs;
    const interest = (s: Stream) =>
      input.hollandCode ? codeSimilarity(input.hollandCode, STREAM_CODE[s]) : 0.5;
    const rows = (['PCM', 'PCB', 'Commerce', 'Humanities'] as Stream[])
      .map((s) => {
        const academic =
          s === 'PCM'
            ? 0.5 * m.maths + 0.4 * m.science + 0.1 * m.english
            : s === 'PCB'
              ? 0.6 * m.science + 0.2 * m.maths + 0.2 * m.english
              : s === 'Commerce'
                ? 0.45 * m.maths + 0.3 * m.english + 0.25 * m.socialScience
                : 0.45 * m.socialScience + 0.45 * m.english + 0.1 * (m.secondLanguage ?? m.english);
        const reasons: string[] = [];
        let eligible = true;
        if (s === 'PCM' && (m.maths < c.pcmMaths || m.science < c.pcmScience)) {
          eligible = false;
          reasons.push(`PCM usually needs maths ≥ ${c.pcmMaths} and science ≥ ${c.pcmScience}`);
        }
        if (s === 'PCB' && m.science < c.pcbScience) {
          eligible = false;
          reasons.push(`PCB usually needs science ≥ ${c.pcbScience}`);
        }
        if (s === 'Commerce' && m.maths < c.commerceMaths)
          reasons.push(`take Commerce without maths (maths ${m.maths} < ${c.commerceMaths})`);
        const fit = round(0.6 * academic + 0.4 * interest(s) * 100, 1);
        reasons.push(
          `academic fit ${round(academic, 0)}/100`,
          input.hollandCode
            ? `interest fit ${round(interest(s) * 100, 0)}% for ${input.hollandCode}`
            : 'no interest code given',
        );
        const careers = CAREERS.filter((k) => k.streams[0] === s)
          .map((k) => k.title)
          .slice(0, 5);
        return { stream: s, fit, eligible, reasons, careers };
      })
      .sort((a, b) => Number(b.eligible) - Number(a.eligible) || b.fit - a.fit);
    const best = rows[0];
    const close = rows.filter((r) => r.eligible && best && best.fit - r.fit <= 5);
    const checks = [
      check(
        'eligible recommendation',
        best?.eligible === true,
        best?.eligible
          ? `${best.stream} meets the usual cut-offs`
          : 'no stream meets the cut-offs; talk to the school about bridge options',
      ),
      check(
        'clear choice',
        close.length <= 1,
        close.length <= 1
          ? `${best?.stream} leads clearly`
          : `close call between ${close.map((r) => r.stream).join(' and ')}: decide by interest`,
      ),
    ];
    const markdown = doc(
      `# Recommended stream: ${best?.stream}`,
      table(
        ['Stream', 'Fit', 'Meets cut-offs', 'Why', 'Leads to'],
        rows.map((r) => [
          r.stream,
          r.fit,
          r.eligible ? 'yes' : 'no',
          r.reasons.join('; '),
          r.careers.join(', '),
        ]),
      ),
      bullets([
        'Marks show today’s strengths; interests predict what you will enjoy working at for years.',
        'Cut-offs vary by school and board — check yours.',
      ]),
      checksSection(checks),
    );
    return offlineResult(
      { ranked: rows, recommendation: best?.stream ?? null },
      {
        summary: `Recommended stream: ${best?.stream} (fit ${best?.fit})`,
        markdown,
        checks,
        confidence: close.length <= 1 ? 0.75 : 0.55,
      },
    );
  },
});
