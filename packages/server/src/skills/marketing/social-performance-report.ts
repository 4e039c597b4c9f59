// Social performance from an exported CSV: engagement rate and CTR by platform, pillar and weekday,
// best and worst posts, with totals that reconcile.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, pct, round } from '../shared/checks.js';
import { readCsvRecords } from '../shared/csv.js';
import { parseIsoDay, weekdayName } from '../shared/dates.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

const inputSchema = z.object({
  csv: z.string().min(1).max(300_000),
  /** Posts with fewer impressions are left out of best/worst lists (rates are noise). */
  minImpressions: z.number().int().min(0).max(1_000_000).default(100),
});

const columns = {
  date: { aliases: ['published', 'post date', 'day'], type: 'string' },
  platform: { aliases: ['network', 'channel'], type: 'string', required: true },
  pillar: { aliases: ['topic', 'theme', 'category'], type: 'string' },
  post: { aliases: ['title', 'text', 'id', 'post id'], type: 'string' },
  impressions: { aliases: ['views', 'reach'], type: 'number', required: true },
  likes: { aliases: ['reactions'], type: 'number' },
  comments: { aliases: ['replies'], type: 'number' },
  shares: { aliases: ['reposts', 'retweets'], type: 'number' },
  saves: { aliases: ['bookmarks'], type: 'number' },
  clicks: { aliases: ['link clicks'], type: 'number' },
} as const;

interface Agg {
  posts: number;
  impressions: number;
  engagements: number;
  clicks: number;
}

const add = (m: Map<string, Agg>, key: string, r: Agg) => {
  const a = m.get(key) ?? { posts: 0, impressions: 0, engagements: 0, clicks: 0 };
  m.set(key, {
    posts: a.posts + r.posts,
    impressions: a.impressions + r.impressions,
    engagements: a.engagements + r.engagements,
    clicks: a.clicks + r.clicks,
  });
};

export const socialPerformanceReport = defineSkill({
  id: 'social.performance-report',
  agentIds: [AgentId.social],
  title: 'Social performance report',
  description:
    'Engagement rate and CTR by platform, pillar and weekday from a posts CSV, with best and worst posts.',
  inputSchema,
  async run(input) {
    const { records } = readCsvRecords(input.csv, columns, 'csv');
    const rows = records.map((r, i) => {
      const engagements = (r.likes ?? 0) + (r.comments ?? 0) + (r.shares ?? 0) + (r.saves ?? 0);
      const day = r.date ? parseIsoDay(r.date.slice(0, 10)) : undefined;
      return {
        i,
        post: r.post ?? `row ${i + 1}`,
        platform: (r.platform ?? '').toLowerCase(),
        pillar: r.pillar ?? '(none)',
        weekday: day === undefined ? undefined : weekdayName(day),
        impressions: r.impressions ?? 0,
        engagements,
        clicks: r.clicks ?? 0,
      };
    });
    const usable = rows.filter((r) => r.impressions > 0);
    const byPlatform = new Map<string, Agg>();
    const byPillar = new Map<string, Agg>();
    const byDay = new Map<string, Agg>();
    const total: Agg = { posts: 0, impressions: 0, engagements: 0, clicks: 0 };
    for (const r of usable) {
      const a = { posts: 1, impressions: r.impressions, engagements: r.engagements, clicks: r.clicks };
      add(byPlatform, r.platform, a);
      add(byPillar, r.pillar, a);
      if (r.weekday) add(byDay, r.weekday, a);
      total.posts++;
      total.impressions += r.impressions;
      total.engagements += r.engagements;
      total.clicks += r.clicks;
    }
    const rate = (a: Agg) => ({
      ...a,
      engagementRate: a.impressions ? round(a.engagements / a.impressions, 4) : 0,
      ctr: a.impressions ? round(a.clicks / a.impressions, 4) : 0,
    });
    const group = (m: Map<string, Agg>) =>
      [...m.entries()]
        .map(([key, a]) => ({ key, ...rate(a) }))
        .sort((x, y) => y.engagementRate - x.engagementRate || x.key.localeCompare(y.key));
    const ranked = usable
      .filter((r) => r.impressions >= input.minImpressions)
      .map((r) => ({ ...r, engagementRate: r.engagements / r.impressions }))
      .sort((a, b) => b.engagementRate - a.engagementRate);
    const platforms = group(byPlatform);
    const reconciled =
      platforms.reduce((s, p) => s + p.engagements, 0) === total.engagements &&
      platforms.reduce((s, p) => s + p.impressions, 0) === total.impressions;
    const checks = [
      check(
        'rows usable',
        usable.length === rows.length,
        `${usable.length} of ${rows.length} rows have impressions > 0`,
      ),
      check('totals reconcile', reconciled, 'platform totals add up to the overall totals'),
      check('enough data', total.posts >= 10, `${total.posts} post(s); 10+ gives steadier rates`),
    ];
    const section = (title: string, g: ReturnType<typeof group>) =>
      `## ${title}\n${table(
        ['', 'Posts', 'Impressions', 'Engagement rate', 'CTR'],
        g.map((x) => [x.key, x.posts, x.impressions, pct(x.engagementRate, 2), pct(x.ctr, 2)]),
      )}`;
    const markdown = doc(
      '# Social performance',
      `${total.posts} posts · ${total.impressions} impressions · engagement rate ${pct(total.impressions ? total.engagements / total.impressions : 0, 2)} · CTR ${pct(total.impressions ? total.clicks / total.impressions : 0, 2)}`,
      section('By platform', platforms),
      section('By pillar', group(byPillar)),
      byDay.size > 0 && section('By weekday', group(byDay)),
      `## Best posts\n${table(
        ['Post', 'Platform', 'Engagement rate'],
        ranked.slice(0, 5).map((r) => [r.post, r.platform, pct(r.engagementRate, 2)]),
      )}`,
      `## Weakest posts\n${table(
        ['Post', 'Platform', 'Engagement rate'],
        ranked
          .slice(-5)
          .reverse()
          .map((r) => [r.post, r.platform, pct(r.engagementRate, 2)]),
      )}`,
      checksSection(checks),
    );
    const best = platforms[0];
    return offlineResult(
      {
        total: rate(total),
        byPlatform: platforms,
        byPillar: group(byPillar),
        byWeekday: group(byDay),
        best: ranked.slice(0, 5),
        worst: ranked.slice(-5).reverse(),
      },
      {
        summary: `${total.posts} posts analysed; best platform ${best?.key ?? '—'} at ${pct(best?.engagementRate ?? 0, 2)} engagement`,
        markdown,
        checks,
        confidence: 0.97,
        selfChecksPassed: reconciled,
      },
    );
  },
});
