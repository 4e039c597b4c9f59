// Deal health by MEDDICC: which qualification elements are known, weighted into a score, with red
// flags (no champion late in the cycle, no economic buyer at proposal, missing or overdue next step,
// single-threaded).
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { isoDate } from '../shared/dates.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { DEFAULT_STAGE_PROBABILITIES, dayOfIso } from './deals.js';
import { own } from '../shared/own.js';

const element = z.union([z.boolean(), z.string().trim().max(500)]).optional();
const inputSchema = z.object({
  today: isoDate.optional(),
  deals: z
    .array(
      z.object({
        id: z.string().trim().min(1).max(60),
        name: z.string().trim().max(120).default(''),
        stage: z.string().trim().toLowerCase().max(40),
        metrics: element,
        economicBuyer: element,
        decisionCriteria: element,
        decisionProcess: element,
        paperProcess: element,
        pain: element,
        champion: element,
        competition: element,
        contacts: z.number().int().min(0).max(1000).default(1),
        nextStep: z.object({ date: isoDate, description: z.string().trim().min(1).max(200) }).optional(),
      }),
    )
    .min(1)
    .max(1000),
});

const WEIGHTS: Record<
  | 'metrics'
  | 'economicBuyer'
  | 'decisionCriteria'
  | 'decisionProcess'
  | 'paperProcess'
  | 'pain'
  | 'champion'
  | 'competition',
  number
> = {
  metrics: 15,
  economicBuyer: 20,
  decisionCriteria: 10,
  decisionProcess: 15,
  paperProcess: 10,
  pain: 15,
  champion: 15,
  competition: 5,
};
const LABEL: Record<keyof typeof WEIGHTS, string> = {
  metrics: 'Metrics',
  economicBuyer: 'Economic buyer',
  decisionCriteria: 'Decision criteria',
  decisionProcess: 'Decision process',
  paperProcess: 'Paper process',
  pain: 'Identified pain',
  champion: 'Champion',
  competition: 'Competition',
};

const known = (v: boolean | string | undefined) =>
  typeof v === 'string' ? v.length > 0 && !/^(no|none|unknown|tbd|n\/a)$/i.test(v) : v === true;

export const aeDealHealth = defineSkill({
  id: 'ae.deal-health',
  agentIds: [AgentId.ae],
  title: 'MEDDICC deal health',
  description:
    'Scores deals on MEDDICC completeness and flags risks: no champion late, no economic buyer at proposal, missing next step, single-threaded.',
  inputSchema,
  async run(input, ctx) {
    const today = input.today ? dayOfIso(input.today) : Math.floor(ctx.now / 86_400_000);
    const total = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
    const rows = input.deals.map((d) => {
      const p = own(DEFAULT_STAGE_PROBABILITIES, d.stage.replace(/\s+/g, '-')) ?? 0.3;
      const have = (Object.keys(WEIGHTS) as (keyof typeof WEIGHTS)[]).filter((k) => known(d[k]));
      const missing = (Object.keys(WEIGHTS) as (keyof typeof WEIGHTS)[]).filter((k) => !known(d[k]));
      const score = round((have.reduce((s, k) => s + WEIGHTS[k], 0) / total) * 100, 0);
      const flags: string[] = [];
      if (p >= 0.4 && !known(d.champion)) flags.push('no champion past the demo stage');
      if (p >= 0.6 && !known(d.economicBuyer)) flags.push('economic buyer unknown at proposal');
      if (p >= 0.6 && !known(d.paperProcess)) flags.push('paper process (legal, procurement) unknown');
      if (!d.nextStep) flags.push('no next step');
      else if (dayOfIso(d.nextStep.date) < today) flags.push(`next step overdue since ${d.nextStep.date}`);
      if (d.contacts < 2 && p >= 0.3) flags.push('single-threaded (one contact)');
      const health =
        flags.length === 0 && score >= 70
          ? 'healthy'
          : flags.length <= 1 && score >= 45
            ? 'watch'
            : 'at risk';
      return {
        id: d.id,
        name: d.name || d.id,
        stage: d.stage,
        score,
        health,
        missing: missing.map((k) => LABEL[k]),
        flags,
      };
    });
    const risky = rows.filter((r) => r.health === 'at risk');
    const checks = [
      check(
        'no deals at risk',
        risky.length === 0,
        risky.length === 0
          ? 'all deals healthy or on watch'
          : `${risky.length} at risk: ${risky.map((r) => r.name).join(', ')}`,
      ),
      check(
        'scores in range',
        rows.every((r) => r.score >= 0 && r.score <= 100),
        'MEDDICC scores between 0 and 100',
      ),
    ];
    const markdown = doc(
      '# Deal health (MEDDICC)',
      table(
        ['Deal', 'Stage', 'Score', 'Health', 'Missing', 'Red flags'],
        rows.map((r) => [
          r.name,
          r.stage,
          r.score,
          r.health,
          r.missing.join(', ') || '—',
          r.flags.join('; ') || '—',
        ]),
      ),
      risky.length > 0 &&
        `## This week\n${bullets(risky.map((r) => `${r.name}: ${r.flags[0] ?? `fill in ${r.missing[0]}`}`))}`,
      checksSection(checks),
    );
    return offlineResult(
      { deals: rows },
      {
        summary: `${rows.length} deals: ${rows.filter((r) => r.health === 'healthy').length} healthy, ${risky.length} at risk`,
        markdown,
        checks,
        confidence: 0.85,
      },
    );
  },
});
