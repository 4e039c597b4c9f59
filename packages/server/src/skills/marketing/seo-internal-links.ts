// Internal-link suggestions: links pages that share keywords, with anchor text found in the source,
// a cap per page, and the orphan pages nobody would link to.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { invalid } from '../shared/invalid.js';
import { jaccard } from '../shared/similarity.js';
import { STOP_WORDS, countPhrase, lowerWords } from '../shared/text.js';
import { defineSkill } from '../skill.js';

const inputSchema = z.object({
  pages: z
    .array(
      z.object({
        url: z.string().trim().min(1).max(2000),
        title: z.string().trim().min(1).max(200),
        keywords: z.array(z.string().trim().min(2).max(80)).min(1).max(10),
        text: z.string().max(20_000).optional(),
      }),
    )
    .min(2)
    .max(200),
  maxLinksPerPage: z.number().int().min(1).max(20).default(5),
  minScore: z.number().min(0).max(1).default(0.1),
});

function tokens(texts: readonly string[]): Set<string> {
  return new Set(
    texts
      .flatMap((t) => lowerWords(t))
      .filter((w) => !STOP_WORDS.has(w))
      .map((w) => w.replace(/s$/, '')),
  );
}

export const seoInternalLinks = defineSkill({
  id: 'seo.internal-links',
  agentIds: [AgentId.seo],
  title: 'Internal linking plan',
  description:
    'Suggests links between related pages with anchor text, caps links per page and finds orphan pages.',
  inputSchema,
  async run(input) {
    const urls = input.pages.map((p) => p.url);
    if (new Set(urls).size !== urls.length) {
      const dup = urls.find((u, i) => urls.indexOf(u) !== i);
      throw invalid(`pages[${urls.lastIndexOf(dup ?? '')}].url`, `duplicate URL "${dup}"`);
    }
    const sets = input.pages.map((p) => tokens([p.title, ...p.keywords]));
    const links: { from: string; to: string; anchor: string; score: number; inText: boolean }[] = [];
    input.pages.forEach((src, i) => {
      const cands = input.pages
        .map((dst, j) => {
          if (i === j) return undefined;
          const overlap = jaccard(sets[i] as Set<string>, sets[j] as Set<string>);
          const inTextKw = src.text
            ? dst.keywords.find((k) => countPhrase(src.text as string, k) > 0)
            : undefined;
          const score = overlap + (inTextKw ? 0.3 : 0);
          return score >= input.minScore
            ? {
                from: src.url,
                to: dst.url,
                anchor: inTextKw ?? dst.keywords[0] ?? dst.title,
                score: round(score, 3),
                inText: !!inTextKw,
              }
            : undefined;
        })
        .filter((x): x is NonNullable<typeof x> => x !== undefined)
        .sort((a, b) => b.score - a.score || a.to.localeCompare(b.to))
        .slice(0, input.maxLinksPerPage);
      links.push(...cands);
    });
    const incoming = new Map(urls.map((u) => [u, 0]));
    for (const l of links) incoming.set(l.to, (incoming.get(l.to) ?? 0) + 1);
    const orphans = urls.filter((u) => (incoming.get(u) ?? 0) === 0);
    const perPage = new Map<string, number>();
    for (const l of links) perPage.set(l.from, (perPage.get(l.from) ?? 0) + 1);
    const capOk = [...perPage.values()].every((n) => n <= input.maxLinksPerPage);
    const noSelf = links.every((l) => l.from !== l.to);
    const checks = [
      check('no self links', noSelf, 'no page links to itself'),
      check('link cap', capOk, `at most ${input.maxLinksPerPage} suggested links per page`),
      check(
        'no orphan pages',
        orphans.length === 0,
        orphans.length === 0
          ? 'every page receives at least one link'
          : `${orphans.length} page(s) get no links: add related content or hub pages`,
      ),
    ];
    const markdown = doc(
      '# Internal linking plan',
      `${links.length} link suggestion(s) across ${urls.length} pages.`,
      table(
        ['From', 'To', 'Anchor text', 'Score', 'Anchor already in copy'],
        links.map((l) => [l.from, l.to, l.anchor, l.score, l.inText ? 'yes' : 'no']),
      ),
      '## Orphan pages',
      bullets(orphans),
      checksSection(checks),
    );
    return offlineResult(
      { links, orphans },
      {
        summary: `${links.length} internal link(s) suggested; ${orphans.length} orphan page(s)`,
        markdown,
        checks,
        confidence: 0.8,
        selfChecksPassed: noSelf && capOk,
      },
    );
  },
});
