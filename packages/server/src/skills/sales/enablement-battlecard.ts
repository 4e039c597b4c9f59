// Competitive battlecard from structured data: where we win, lose and tie feature by feature
// (weighted by importance), prices normalised to per seat per month, landmine questions, objection
// handling and their weaknesses; a configured model may add a counter-pitch.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, money, offlineResult, pct, round } from '../shared/checks.js';
import { askWriter } from '../shared/enrich.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill, type SkillResult } from '../skill.js';
import { perSeatMonth, pricingSchema } from './pricing.js';
import { own } from '../shared/own.js';
import { ui } from '../shared/form-meta.js';

const support = z.enum(['yes', 'partial', 'no']);
const product = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .meta(ui({ label: 'Product name' })),
  pricing: pricingSchema.meta(ui({ label: 'Pricing' })),
  features: z
    .record(z.string().max(80), support)
    .refine((r) => Object.keys(r).length <= 80, 'at most 80 features')
    .meta(
      ui({
        label: 'Features',
        help: 'Each feature and whether the product has it.',
        keyLabel: 'Feature',
        valueLabel: 'Has it?',
      }),
    ),
  strengths: z
    .array(z.string().trim().min(2).max(200))
    .max(10)
    .default([])
    .meta(ui({ label: 'Strengths' })),
  weaknesses: z
    .array(z.string().trim().min(2).max(200))
    .max(10)
    .default([])
    .meta(ui({ label: 'Weaknesses' })),
});

const inputSchema = z.object({
  us: product.meta(ui({ label: 'Your product' })),
  competitor: product.meta(ui({ label: 'The competitor' })),
  importance: z
    .record(z.string().max(80), z.number().int().min(1).max(5))
    .default({})
    .meta(
      ui({
        label: 'How much each feature matters to buyers (1–5)',
        keyLabel: 'Feature',
        valueLabel: 'Importance (1–5)',
        advanced: true,
      }),
    ),
  objections: z
    .array(
      z.object({ objection: z.string().trim().min(3).max(200), response: z.string().trim().min(3).max(600) }),
    )
    .max(15)
    .default([])
    .meta(ui({ label: 'Objections you hear, and your answers', advanced: true })),
});

const VALUE = { yes: 1, partial: 0.5, no: 0 } as const;

export interface Battlecard {
  win: string[];
  lose: string[];
  tie: string[];
  ourScore: number;
  theirScore: number;
  ourPrice: number;
  theirPrice: number;
  priceDifference: number;
  landmines: string[];
}

export const enablementBattlecard = defineSkill({
  id: 'enablement.battlecard',
  agentIds: [AgentId.enablement, AgentId.ae],
  title: 'Competitive battlecard',
  description:
    'Feature-by-feature win/lose/tie with weighted scores, normalised per-seat prices, landmine questions, objection handling and competitor weaknesses.',
  usesWriter: true,
  inputSchema,
  async run(input, ctx): Promise<SkillResult<Battlecard>> {
    const features = [
      ...new Set([...Object.keys(input.us.features), ...Object.keys(input.competitor.features)]),
    ].sort();
    const weight = (f: string) => own(input.importance, f) ?? 3;
    const win: string[] = [];
    const lose: string[] = [];
    const tie: string[] = [];
    let ours = 0;
    let theirs = 0;
    let max = 0;
    for (const f of features) {
      const a = VALUE[own(input.us.features, f) ?? 'no'];
      const b = VALUE[own(input.competitor.features, f) ?? 'no'];
      ours += a * weight(f);
      theirs += b * weight(f);
      max += weight(f);
      (a > b ? win : a < b ? lose : tie).push(f);
    }
    const ourPrice = round(perSeatMonth(input.us.pricing), 2);
    const theirPrice = round(perSeatMonth(input.competitor.pricing), 2);
    const currency = input.us.pricing.currency;
    const sameCurrency = input.us.pricing.currency === input.competitor.pricing.currency;
    const byWeight = (xs: string[]) => [...xs].sort((x, y) => weight(y) - weight(x) || x.localeCompare(y));
    const landmines = byWeight(win)
      .slice(0, 5)
      .map((f) => `How do you handle ${f.toLowerCase()} today, and what happens when it fails?`);
    const card: Battlecard = {
      win: byWeight(win),
      lose: byWeight(lose),
      tie,
      ourScore: round((ours / max) * 100, 1),
      theirScore: round((theirs / max) * 100, 1),
      ourPrice,
      theirPrice,
      priceDifference: round((ourPrice - theirPrice) / (theirPrice || 1), 4),
      landmines,
    };
    const categorised =
      win.length + lose.length + tie.length === features.length &&
      new Set([...win, ...lose, ...tie]).size === features.length;
    const checks = [
      check(
        'every feature categorised',
        categorised,
        `${features.length} features: ${win.length} win, ${lose.length} lose, ${tie.length} tie`,
      ),
      check(
        'prices comparable',
        sameCurrency,
        sameCurrency
          ? `${money(ourPrice, currency)} vs ${money(theirPrice, currency)} per seat per month`
          : 'different currencies: convert before comparing',
      ),
      check(
        'objection handling',
        input.objections.length > 0 || lose.length === 0,
        input.objections.length
          ? `${input.objections.length} objection(s) covered`
          : `add responses for where we lose: ${lose.slice(0, 3).join(', ')}`,
      ),
    ];
    const outcome = await askWriter(
      ctx,
      `Write a 60-word counter-pitch a rep can say when a prospect mentions ${input.competitor.name}. We win on: ${card.win.slice(0, 4).join(', ')}. They win on: ${card.lose.slice(0, 3).join(', ')}. Their weaknesses: ${input.competitor.weaknesses.join('; ')}. Be factual, never disparaging.`,
      'You write honest, specific sales enablement copy.',
    );
    const m = (x: number) => money(x, currency);
    const markdown = doc(
      outcome.kind === 'text'
        ? `> The counter-pitch was written by a model (${outcome.provider}); comparisons and scores were computed offline.`
        : '',
      `# Battlecard: ${input.us.name} vs ${input.competitor.name}`,
      table(
        ['', input.us.name, input.competitor.name],
        [
          ['Weighted feature score', card.ourScore, card.theirScore],
          ['Price per seat per month', m(ourPrice), m(theirPrice)],
        ],
      ),
      `Price difference: ${card.priceDifference >= 0 ? '+' : ''}${pct(card.priceDifference, 0)} vs ${input.competitor.name}.`,
      `## Where we win\n${bullets(card.win.map((f) => `${f} (importance ${weight(f)})`))}`,
      `## Where they win — be ready\n${bullets(card.lose.map((f) => `${f} (importance ${weight(f)})`))}`,
      `## Landmine questions\n${bullets(landmines)}`,
      input.objections.length > 0 &&
        `## Objection handling\n${table(
          ['They say', 'We say'],
          input.objections.map((o) => [o.objection, o.response]),
        )}`,
      input.competitor.weaknesses.length > 0 &&
        `## Their known weaknesses\n${bullets(input.competitor.weaknesses)}`,
      input.us.strengths.length > 0 && `## Our proof points\n${bullets(input.us.strengths)}`,
      outcome.kind === 'text' ? `## Counter-pitch (model: ${outcome.provider})\n${outcome.text}` : '',
      checksSection(checks),
    );
    const base = offlineResult(card, {
      summary: `${input.us.name} ${card.ourScore} vs ${input.competitor.name} ${card.theirScore}; win on ${card.win.length}, lose on ${card.lose.length} feature(s)`,
      markdown,
      checks,
      confidence: 0.9,
      selfChecksPassed: categorised,
    });
    return outcome.kind === 'text' ? { ...base, method: 'model' } : base;
  },
});
