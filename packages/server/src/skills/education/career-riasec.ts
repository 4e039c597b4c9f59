// RIASEC interest assessment: scores the six Holland types from questionnaire answers, derives the
// three-letter code (ties broken in hexagon order), its consistency and differentiation, and the
// career clusters and careers that fit. Without answers it returns the questionnaire itself.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { invalid } from '../shared/invalid.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill, type SkillResult } from '../skill.js';
import { matchCareers, streamSchema, type CareerMatch } from './career-match.js';
import { RIASEC_ITEMS, RIASEC_NAMES, RIASEC_ORDER, type RiasecType } from './data/riasec-items.js';
import { ui } from '../shared/form-meta.js';

const itemIds = new Set(RIASEC_ITEMS.map((i) => i.id));

const inputSchema = z.object({
  /** Item id → rating 1 (strongly dislike) … 5 (strongly like). Omit to get the questionnaire. */
  answers: z
    .record(z.string().max(4), z.number().int().min(1).max(5))
    .refine((a) => Object.keys(a).length <= 100, 'at most 100 answers')
    .optional()
    .meta(
      ui({
        label: 'How much would you enjoy each activity?',
        help: 'Answer at least three in each group; leave the rest blank. Leave them all blank to get the questionnaire.',
        keys: RIASEC_ITEMS.map((i) => ({ key: i.id, label: i.text })),
        options: {
          1: '1 · strongly dislike',
          2: '2 · dislike',
          3: '3 · not sure',
          4: '4 · like',
          5: '5 · strongly like',
        },
      }),
    ),
  stream: streamSchema.optional().meta(
    ui({
      label: 'Stream after class 10',
      help: 'Careers that need another stream are marked.',
      options: {
        PCM: 'Science with maths (PCM)',
        PCB: 'Science with biology (PCB)',
        Commerce: 'Commerce',
        Humanities: 'Humanities',
      },
    }),
  ),
});

/** Steps between two types around the Holland hexagon (1 adjacent, 2 alternate, 3 opposite). */
export function hexDistance(a: RiasecType, b: RiasecType): number {
  const d = Math.abs(RIASEC_ORDER.indexOf(a) - RIASEC_ORDER.indexOf(b));
  return Math.min(d, 6 - d);
}

/** Scores 0–100 per type (mean rating rescaled) and the Holland code. */
export function scoreRiasec(answers: Record<string, number>): {
  scores: Record<RiasecType, number>;
  answered: Record<RiasecType, number>;
  code: string;
} {
  const scores = {} as Record<RiasecType, number>;
  const answered = {} as Record<RiasecType, number>;
  for (const t of RIASEC_ORDER) {
    const vals = RIASEC_ITEMS.filter((i) => i.type === t && answers[i.id] !== undefined).map(
      (i) => answers[i.id] as number,
    );
    answered[t] = vals.length;
    scores[t] = vals.length ? round(((vals.reduce((a, b) => a + b, 0) / vals.length - 1) / 4) * 100, 1) : 0;
  }
  const code = [...RIASEC_ORDER]
    .sort((a, b) => scores[b] - scores[a] || RIASEC_ORDER.indexOf(a) - RIASEC_ORDER.indexOf(b))
    .slice(0, 3)
    .join('');
  return { scores, answered, code };
}

export type RiasecOutput =
  | { questionnaire: typeof RIASEC_ITEMS }
  | {
      code: string;
      scores: Record<RiasecType, number>;
      consistency: string;
      differentiation: number;
      clusters: string[];
      careers: CareerMatch[];
    };

export const careerRiasec = defineSkill({
  id: 'career.riasec',
  agentIds: [AgentId.career],
  title: 'RIASEC interest assessment',
  description:
    'Scores a 36-item Holland interest inventory into a three-letter code with consistency and differentiation, then maps it to career clusters and careers.',
  inputSchema,
  async run(input): Promise<SkillResult<RiasecOutput>> {
    if (!input.answers) {
      const checks = [check('questionnaire', true, `${RIASEC_ITEMS.length} items, 6 per type`)];
      const markdown = doc(
        '# Interest inventory',
        'Rate each activity: 1 strongly dislike · 2 dislike · 3 not sure · 4 like · 5 strongly like.',
        table(
          ['Item', 'Activity'],
          RIASEC_ITEMS.map((i) => [i.id, i.text]),
        ),
        checksSection(checks),
      );
      return offlineResult(
        { questionnaire: RIASEC_ITEMS },
        { summary: `Questionnaire of ${RIASEC_ITEMS.length} items`, markdown, checks, confidence: 1 },
      );
    }
    const unknown = Object.keys(input.answers).find((k) => !itemIds.has(k));
    if (unknown) throw invalid(`answers.${unknown}`, 'is not an item of the inventory');
    const { scores, answered, code } = scoreRiasec(input.answers);
    const thin = RIASEC_ORDER.filter((t) => answered[t] < 3);
    if (thin.length)
      throw invalid(
        'answers',
        `answer at least 3 items for each type; too few for ${thin.map((t) => RIASEC_NAMES[t]).join(', ')}`,
      );
    const values = RIASEC_ORDER.map((t) => scores[t]);
    const differentiation = round(Math.max(...values) - Math.min(...values), 1);
    const [first, second] = [...code] as [RiasecType, RiasecType];
    const dist = hexDistance(first, second);
    const consistency = dist === 1 ? 'high' : dist === 2 ? 'medium' : 'low';
    const matches = matchCareers(code, input.stream, []).slice(0, 8);
    const clusters = [...new Set(matches.filter((m) => m.eligible).map((m) => m.cluster))].slice(0, 4);
    const sortedOk = [...code].every(
      (t, i, arr) => i === 0 || scores[arr[i - 1] as RiasecType] >= scores[t as RiasecType],
    );
    const checks = [
      check(
        'code follows scores',
        sortedOk,
        `${code}: ${[...code].map((t) => `${t} ${scores[t as RiasecType]}`).join(', ')}`,
      ),
      check(
        'clear profile',
        differentiation >= 20,
        `differentiation ${differentiation} points (≥ 20 means clear preferences)`,
      ),
      check(
        'consistent code',
        consistency !== 'low',
        `${RIASEC_NAMES[first]} and ${RIASEC_NAMES[second]} are ${dist === 1 ? 'neighbours' : dist === 2 ? 'one apart' : 'opposite'} on the hexagon (${consistency} consistency)`,
      ),
    ];
    const markdown = doc(
      `# Your interest code: ${code}`,
      table(
        ['Type', 'Score (0–100)', 'Items answered'],
        RIASEC_ORDER.map((t) => [`${t} — ${RIASEC_NAMES[t]}`, scores[t], answered[t]]),
      ),
      `**Consistency:** ${consistency} · **Differentiation:** ${differentiation}`,
      `## Career clusters to explore\n${bullets(clusters)}`,
      `## Careers that fit\n${table(
        ['Career', 'Code', 'Fit', 'Entrance exams'],
        matches.map((m) => [
          m.title + (m.eligible ? '' : ' (other stream)'),
          m.code,
          m.score,
          m.exams.join(', '),
        ]),
      )}`,
      differentiation < 20
        ? '_Your interests are broad; try new activities and retake the inventory in a few months._'
        : '',
      checksSection(checks),
    );
    return offlineResult(
      { code, scores, consistency, differentiation, clusters, careers: matches },
      {
        summary: `Holland code ${code} (${consistency} consistency); top career ${matches[0]?.title}`,
        markdown,
        checks,
        confidence: differentiation >= 20 ? 0.8 : 0.55,
        selfChecksPassed: sortedOk,
      },
    );
  },
});
