// Influencer shortlist from a creator CSV: engagement rate against the benchmark for the creator's size,
// audience fit to the brief, and fake-follower heuristics, combined into one ranked score with reasons.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, money, offlineResult, pct, round } from '../shared/checks.js';
import { readCsvRecords } from '../shared/csv.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { ui } from '../shared/form-meta.js';

/** Typical engagement rates (likes + comments ÷ followers) by follower tier. */
export const ER_BENCHMARKS = [
  { tier: 'nano', max: 10_000, er: 0.04 },
  { tier: 'micro', max: 100_000, er: 0.025 },
  { tier: 'mid', max: 500_000, er: 0.018 },
  { tier: 'macro', max: 1_000_000, er: 0.013 },
  { tier: 'mega', max: Infinity, er: 0.01 },
] as const;

export function benchmarkFor(followers: number): (typeof ER_BENCHMARKS)[number] {
  return ER_BENCHMARKS.find((b) => followers < b.max) ?? ER_BENCHMARKS[4];
}

export const creatorColumns = {
  handle: { aliases: ['username', 'creator', 'name'], type: 'string', required: true },
  platform: { aliases: ['network'], type: 'string' },
  followers: { aliases: ['follower count', 'subscribers'], type: 'number', required: true },
  avgLikes: { aliases: ['likes', 'average likes', 'avg likes'], type: 'number', required: true },
  avgComments: { aliases: ['comments', 'average comments', 'avg comments'], type: 'number', required: true },
  following: { aliases: ['follows'], type: 'number' },
  growth30d: { aliases: ['follower growth', 'growth', 'growth 30d', 'follower growth 30d'], type: 'number' },
  category: { aliases: ['niche', 'categories', 'topic'], type: 'string' },
  audienceCountry: { aliases: ['top country', 'country'], type: 'string' },
  audienceCountryShare: { aliases: ['country share', 'top country share'], type: 'number' },
  audienceAge: { aliases: ['top age', 'age'], type: 'string' },
  fee: { aliases: ['rate', 'price', 'cost'], type: 'number' },
} as const;

const inputSchema = z.object({
  csv: z
    .string()
    .min(1)
    .max(300_000)
    .meta(
      ui({
        label: 'Creators',
        help: 'One row per creator: handle, platform, followers, average likes and comments, category, country, fee. Upload your export or edit the grid.',
        widget: 'csv',
      }),
    ),
  brief: z
    .object({
      categories: z
        .array(z.string().trim().min(2).max(40))
        .max(10)
        .default([])
        .meta(ui({ label: 'Categories you want', example: 'fitness' })),
      targetCountry: z
        .string()
        .trim()
        .max(40)
        .optional()
        .meta(ui({ label: 'Audience country', example: 'India' })),
      ageRanges: z
        .array(z.string().trim().max(10))
        .max(6)
        .default([])
        .meta(ui({ label: 'Audience age ranges', example: '18-24', advanced: true })),
      minFollowers: z
        .number()
        .int()
        .min(0)
        .max(1e9)
        .default(0)
        .meta(ui({ label: 'Fewest followers' })),
      maxFollowers: z
        .number()
        .int()
        .min(0)
        .max(1e10)
        .optional()
        .meta(ui({ label: 'Most followers' })),
      platform: z
        .string()
        .trim()
        .max(20)
        .optional()
        .meta(ui({ label: 'Platform', example: 'instagram' })),
      maxFee: z
        .number()
        .min(0)
        .max(1e9)
        .optional()
        .meta(ui({ label: 'Highest fee per post' })),
    })
    .prefault({})
    .meta(ui({ label: 'Your campaign brief' })),
  top: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(10)
    .meta(ui({ label: 'How many to shortlist' })),
  currency: z
    .string()
    .trim()
    .length(3)
    .default('INR')
    .meta(ui({ label: 'Currency', advanced: true })),
});

export interface CreatorScore {
  handle: string;
  followers: number;
  tier: string;
  engagementRate: number;
  benchmark: number;
  engagementScore: number;
  fitScore: number;
  authenticityScore: number;
  score: number;
  redFlags: string[];
  reasons: string[];
  costPerEngagement: number | null;
  excluded?: string;
}

export const influencerShortlist = defineSkill({
  id: 'influencer.shortlist',
  agentIds: [AgentId.influencer],
  title: 'Influencer shortlist',
  description:
    'Scores creators from a CSV on engagement vs. their tier benchmark, audience fit and fake-follower signals, and ranks a shortlist with reasons.',
  inputSchema,
  async run(input) {
    const { records } = readCsvRecords(input.csv, creatorColumns, 'csv');
    const b = input.brief;
    const scored: CreatorScore[] = records.map((r) => {
      const followers = r.followers ?? 0;
      const likes = r.avgLikes ?? 0;
      const comments = r.avgComments ?? 0;
      const er = followers > 0 ? (likes + comments) / followers : 0;
      const bench = benchmarkFor(followers);
      const engagementScore = Math.min(1, er / bench.er);
      const reasons: string[] = [];
      const redFlags: string[] = [];
      // Audience fit: category, country share, age.
      const cats = (r.category ?? '').toLowerCase();
      const catMatch =
        b.categories.length === 0 ? 1 : b.categories.some((c) => cats.includes(c.toLowerCase())) ? 1 : 0;
      const countryShare =
        (r.audienceCountryShare ?? 0) > 1
          ? (r.audienceCountryShare ?? 0) / 100
          : (r.audienceCountryShare ?? 0);
      const countryMatch = !b.targetCountry
        ? 1
        : (r.audienceCountry ?? '').toLowerCase() === b.targetCountry.toLowerCase()
          ? Math.min(1, countryShare / 0.6 || 0.5)
          : 0;
      const ageMatch =
        b.ageRanges.length === 0 || !r.audienceAge ? 1 : b.ageRanges.includes(r.audienceAge) ? 1 : 0;
      const fitScore = 0.45 * catMatch + 0.4 * countryMatch + 0.15 * ageMatch;
      if (catMatch) reasons.push(b.categories.length ? `creates ${r.category}` : 'category not constrained');
      if (b.targetCountry && countryMatch > 0)
        reasons.push(`${pct(countryShare, 0)} audience in ${r.audienceCountry}`);
      // Authenticity heuristics.
      let authenticity = 1;
      if (er < bench.er * 0.25) {
        redFlags.push(
          `engagement ${pct(er, 2)} is under a quarter of the ${bench.tier} benchmark (bought followers?)`,
        );
        authenticity -= 0.4;
      }
      if (er > bench.er * 5 && followers > 50_000) {
        redFlags.push(`engagement ${pct(er, 1)} is over 5× the benchmark (engagement pods?)`);
        authenticity -= 0.2;
      }
      const commentRatio = likes > 0 ? comments / likes : 0;
      if (likes > 100 && commentRatio < 0.005) {
        redFlags.push(`${pct(commentRatio, 2)} comments per like (bot likes?)`);
        authenticity -= 0.2;
      }
      if (commentRatio > 0.25 && comments > 50) {
        redFlags.push(`${pct(commentRatio, 0)} comments per like (comment pods?)`);
        authenticity -= 0.15;
      }
      const growth = (r.growth30d ?? 0) > 1 ? (r.growth30d ?? 0) / 100 : (r.growth30d ?? 0);
      if (growth > 0.3) {
        redFlags.push(`followers grew ${pct(growth, 0)} in 30 days (sudden spike)`);
        authenticity -= 0.25;
      }
      if ((r.following ?? 0) > followers && followers > 5000) {
        redFlags.push('follows more accounts than follow them (follow-for-follow)');
        authenticity -= 0.15;
      }
      const authenticityScore = Math.max(0, authenticity);
      if (engagementScore >= 0.8) reasons.push(`engagement ${pct(er, 2)} vs ${pct(bench.er, 1)} benchmark`);
      const score = round(100 * (0.35 * engagementScore + 0.35 * fitScore + 0.3 * authenticityScore), 1);
      const engagements = likes + comments;
      const s: CreatorScore = {
        handle: r.handle ?? '',
        followers,
        tier: bench.tier,
        engagementRate: round(er, 5),
        benchmark: bench.er,
        engagementScore: round(engagementScore, 3),
        fitScore: round(fitScore, 3),
        authenticityScore: round(authenticityScore, 3),
        score,
        redFlags,
        reasons,
        costPerEngagement: r.fee !== undefined && engagements > 0 ? round(r.fee / engagements, 2) : null,
      };
      if (followers < b.minFollowers) s.excluded = `under ${b.minFollowers} followers`;
      else if (b.maxFollowers !== undefined && followers > b.maxFollowers)
        s.excluded = `over ${b.maxFollowers} followers`;
      else if (b.platform && r.platform && r.platform.toLowerCase() !== b.platform.toLowerCase())
        s.excluded = `on ${r.platform}, brief wants ${b.platform}`;
      else if (b.maxFee !== undefined && (r.fee ?? 0) > b.maxFee)
        s.excluded = `fee ${money(r.fee ?? 0, input.currency)} over budget`;
      else if (redFlags.length >= 3) s.excluded = 'too many authenticity red flags';
      return s;
    });
    const eligible = scored
      .filter((s) => !s.excluded)
      .sort((a, z2) => z2.score - a.score || a.handle.localeCompare(z2.handle));
    const shortlist = eligible.slice(0, input.top);
    const ordered = shortlist.every((s, i) => i === 0 || (shortlist[i - 1]?.score ?? 0) >= s.score);
    const checks = [
      check('ranked by score', ordered, 'highest score first'),
      check(
        'shortlist filled',
        shortlist.length >= Math.min(input.top, 3),
        `${shortlist.length} creator(s) shortlisted of ${records.length}`,
      ),
      check(
        'authenticity',
        shortlist.every((s) => s.redFlags.length === 0),
        `${shortlist.filter((s) => s.redFlags.length > 0).length} shortlisted creator(s) with red flags to review`,
      ),
    ];
    const excluded = scored.filter((s) => s.excluded);
    const markdown = doc(
      '# Influencer shortlist',
      table(
        [
          '#',
          'Creator',
          'Followers',
          'Tier',
          'Engagement',
          'Fit',
          'Authenticity',
          'Score',
          'Cost / engagement',
          'Why',
          'Red flags',
        ],
        shortlist.map((s, i) => [
          i + 1,
          s.handle,
          s.followers,
          s.tier,
          pct(s.engagementRate, 2),
          round(s.fitScore * 100, 0),
          round(s.authenticityScore * 100, 0),
          s.score,
          s.costPerEngagement === null ? '—' : money(s.costPerEngagement, input.currency),
          s.reasons.join('; '),
          s.redFlags.join('; ') || '—',
        ]),
      ),
      excluded.length > 0 &&
        `## Excluded\n${table(
          ['Creator', 'Reason'],
          excluded.map((s) => [s.handle, s.excluded]),
        )}`,
      checksSection(checks),
    );
    return offlineResult(
      { shortlist, excluded },
      {
        summary: `Shortlisted ${shortlist.length} of ${records.length} creators; ${excluded.length} excluded`,
        markdown,
        checks,
        confidence: 0.8,
        selfChecksPassed: ordered,
      },
    );
  },
});
