// XML sitemap generator: absolute same-host URLs, duplicates removed, valid lastmod dates, escaped XML,
// and a re-read of the produced XML to prove every URL survived.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { dayOf, isoDate, parseIsoDay } from '../shared/dates.js';
import { collectElements, tokenizeHtml } from '../shared/html.js';
import { bullets, checksSection, doc } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { normaliseUrl } from './seo-redirect-check.js';

const inputSchema = z.object({
  baseUrl: z
    .string()
    .trim()
    .regex(/^https?:\/\/[^/\s]+/i, 'must be an absolute http(s) URL')
    .max(200),
  urls: z
    .array(
      z.object({
        loc: z.string().trim().min(1).max(2000),
        lastmod: isoDate.optional(),
        changefreq: z.enum(['always', 'hourly', 'daily', 'weekly', 'monthly', 'yearly', 'never']).optional(),
        priority: z.number().min(0).max(1).optional(),
      }),
    )
    .min(1)
    .max(5000),
});

function xmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export const seoSitemap = defineSkill({
  id: 'seo.sitemap',
  agentIds: [AgentId.seo],
  title: 'XML sitemap',
  description:
    'Builds a valid XML sitemap: absolute same-host URLs, no duplicates, no future lastmod, XML-escaped, re-read to verify.',
  inputSchema,
  async run(input, ctx) {
    const base = normaliseUrl(input.baseUrl).replace(/\/$/, '');
    const host = /^https?:\/\/([^/]+)/i.exec(base)?.[1] ?? '';
    const rejected: string[] = [];
    const seen = new Set<string>();
    const entries: { loc: string; lastmod?: string; changefreq?: string; priority?: number }[] = [];
    const today = dayOf(ctx.now);
    for (const u of input.urls) {
      const abs = /^https?:\/\//i.test(u.loc) ? u.loc : `${base}${u.loc.startsWith('/') ? '' : '/'}${u.loc}`;
      const norm = normaliseUrl(abs);
      const h = /^https?:\/\/([^/]+)/i.exec(norm)?.[1];
      if (h !== host) {
        rejected.push(`${u.loc} (other host)`);
        continue;
      }
      if (seen.has(norm)) {
        rejected.push(`${u.loc} (duplicate)`);
        continue;
      }
      seen.add(norm);
      const future = u.lastmod !== undefined && (parseIsoDay(u.lastmod) ?? 0) > today;
      if (future) rejected.push(`${u.loc} lastmod ${u.lastmod} is in the future (dropped the date)`);
      entries.push({
        loc: norm,
        ...(u.lastmod && !future ? { lastmod: u.lastmod } : {}),
        ...(u.changefreq ? { changefreq: u.changefreq } : {}),
        ...(u.priority !== undefined ? { priority: u.priority } : {}),
      });
    }
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
      ...entries.map(
        (e) =>
          `  <url><loc>${xmlEscape(e.loc)}</loc>${e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : ''}${e.changefreq ? `<changefreq>${e.changefreq}</changefreq>` : ''}${e.priority !== undefined ? `<priority>${e.priority.toFixed(1)}</priority>` : ''}</url>`,
      ),
      '</urlset>',
      '',
    ].join('\n');
    const reread = collectElements(tokenizeHtml(xml), new Set(['loc'])).map((l) => l.text);
    const roundTrip = reread.length === entries.length && reread.every((l, i) => l === entries[i]?.loc);
    const bytes = new TextEncoder().encode(xml).length;
    const checks = [
      check(
        'sitemap limits',
        entries.length <= 50_000 && bytes <= 50 * 1024 * 1024,
        `${entries.length} URLs, ${bytes} bytes (limits 50,000 URLs and 50 MB)`,
      ),
      check(
        'XML round-trip',
        roundTrip,
        roundTrip ? 'every <loc> reads back exactly' : 'some URLs did not survive escaping',
      ),
      check(
        'all URLs accepted',
        rejected.length === 0,
        rejected.length === 0 ? 'none rejected' : `${rejected.length} rejected or adjusted`,
      ),
    ];
    const markdown = doc(
      '# XML sitemap',
      `${entries.length} URL(s) for ${host}.`,
      rejected.length > 0 && `## Rejected or adjusted\n${bullets(rejected.slice(0, 50))}`,
      `\`\`\`xml\n${entries.length > 50 ? xml.split('\n').slice(0, 52).join('\n') + '\n  …' : xml}\`\`\``,
      checksSection(checks),
    );
    return offlineResult(
      { xml, count: entries.length, rejected },
      {
        summary: `Sitemap with ${entries.length} URL(s); ${rejected.length} rejected or adjusted`,
        markdown,
        checks,
        confidence: 0.98,
        selfChecksPassed: roundTrip,
      },
    );
  },
});
