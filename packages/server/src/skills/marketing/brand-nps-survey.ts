// Brand-health survey analysis: Net Promoter Score with its margin of error, by segment, and the words
// detractors use most.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { STOP_WORDS, lowerWords } from '../shared/text.js';
import { defineSkill } from '../skill.js';

const inputSchema = z.object({
  responses: z
    .array(
      z.object({
        score: z.number().int().min(0).max(10),
        segment: z.string().trim().max(60).optional(),
        comment: z.string().max(2000).optional(),
      }),
    )
    .min(1)
    .max(10_000),
});

export interface NpsResult {
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  nps: number;
  /** 95% margin of error in NPS points. */
  marginOfError: number;
}

/** NPS = %promoters (9–10) − %detractors (0–6); margin of error from the variance of the +1/0/−1 scores. */
export function computeNps(scores: readonly number[]): NpsResult {
  const n = scores.length;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  const pp = promoters / n;
  const pd = detractors / n;
  const nps = (pp - pd) * 100;
  const variance = pp + pd - (pp - pd) ** 2;
  return {
    n,
    promoters,
    passives: n - promoters - detractors,
    detractors,
    nps: round(nps, 1),
    marginOfError: round(1.96 * Math.sqrt(variance / n) * 100, 1),
  };
}

export const brandNpsSurvey = defineSkill({
  id: 'brand.nps-survey',
  agentIds: [AgentId.brand],
  title: 'NPS survey analysis',
  description:
    'Net Promoter Score with margin of error, by segment, plus the themes detractors mention most.',
  inputSchema,
  async run(input) {
    const overall = computeNps(input.responses.map((r) => r.score));
    const segments = [...new Set(input.responses.map((r) => r.segment ?? '(all)'))].sort();
    const bySegment = segments.map((s) => ({
      segment: s,
      ...computeNps(input.responses.filter((r) => (r.segment ?? '(all)') === s).map((r) => r.score)),
    }));
    const themeCounts = new Map<string, number>();
    for (const r of input.responses.filter((x) => x.score <= 6 && x.comment)) {
      for (const w of new Set(lowerWords(r.comment ?? '').filter((x) => x.length > 3 && !STOP_WORDS.has(x))))
        themeCounts.set(w, (themeCounts.get(w) ?? 0) + 1);
    }
    const themes = [...themeCounts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 10)
      .map(([word, count]) => ({ word, count }));
    const reconciled = overall.promoters + overall.passives + overall.detractors === overall.n;
    const checks = [
      check(
        'sample size',
        overall.n >= 30,
        `${overall.n} response(s); ±${overall.marginOfError} points at 95% confidence`,
      ),
      check(
        'counts reconcile',
        reconciled,
        `${overall.promoters} promoters + ${overall.passives} passives + ${overall.detractors} detractors = ${overall.n}`,
      ),
      check(
        'segments large enough',
        bySegment.every((s) => s.n >= 30) || segments.length === 1,
        bySegment
          .filter((s) => s.n < 30)
          .map((s) => `${s.segment} (${s.n})`)
          .join(', ') || 'every segment has ≥ 30',
      ),
    ];
    const markdown = doc(
      '# NPS analysis',
      `NPS **${overall.nps}** ± ${overall.marginOfError} (n = ${overall.n}).`,
      table(
        ['Segment', 'n', 'Promoters', 'Passives', 'Detractors', 'NPS', '± (95%)'],
        bySegment.map((s) => [s.segment, s.n, s.promoters, s.passives, s.detractors, s.nps, s.marginOfError]),
      ),
      themes.length > 0 &&
        `## What detractors mention\n${table(
          ['Word', 'Detractors mentioning'],
          themes.map((t) => [t.word, t.count]),
        )}`,
      checksSection(checks),
    );
    return offlineResult(
      { overall, bySegment, detractorThemes: themes },
      {
        summary: `NPS ${overall.nps} ± ${overall.marginOfError} from ${overall.n} responses`,
        markdown,
        checks,
        confidence: 0.98,
        selfChecksPassed: reconciled,
      },
    );
  },
});
