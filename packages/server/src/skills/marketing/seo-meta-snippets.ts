// Title tags and meta descriptions for many pages at once, each checked for length and keyword.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { META_RANGE, TITLE_RANGE, metaCandidates, snippetOk, titleCandidates } from './meta-snippets.js';

const inputSchema = z.object({
  pages: z
    .array(
      z.object({
        url: z.string().trim().max(2000).optional(),
        topic: z.string().trim().min(3).max(150),
        primaryKeyword: z.string().trim().min(2).max(60),
        brand: z.string().trim().max(40).optional(),
        audience: z.string().trim().max(60).optional(),
        benefit: z.string().trim().max(120).optional(),
      }),
    )
    .min(1)
    .max(50),
});

export const seoMetaSnippets = defineSkill({
  id: 'seo.meta-snippets',
  agentIds: [AgentId.seo, AgentId.content],
  title: 'Title and meta description writer',
  description:
    'Search-snippet titles (30–60 chars) and meta descriptions (70–160 chars) that include the keyword, for up to 50 pages.',
  inputSchema,
  async run(input) {
    const pages = input.pages.map((p) => {
      const titles = titleCandidates(p);
      const metas = metaCandidates(p);
      const title = titles.find((t) => snippetOk(t, p.primaryKeyword, TITLE_RANGE)) ?? titles[0] ?? '';
      const meta = metas.find((m) => snippetOk(m, p.primaryKeyword, META_RANGE)) ?? metas[0] ?? '';
      return {
        url: p.url ?? null,
        keyword: p.primaryKeyword,
        title,
        metaDescription: meta,
        alternatives: titles.filter((t) => t !== title).slice(0, 2),
      };
    });
    const badTitles = pages.filter((p) => !snippetOk(p.title, p.keyword, TITLE_RANGE));
    const badMetas = pages.filter((p) => !snippetOk(p.metaDescription, p.keyword, META_RANGE));
    const dupTitles = pages.length - new Set(pages.map((p) => p.title.toLowerCase())).size;
    const checks = [
      check(
        'title lengths',
        badTitles.length === 0,
        badTitles.length === 0
          ? `all ${pages.length} titles within ${TITLE_RANGE.min}–${TITLE_RANGE.max} chars with the keyword`
          : `${badTitles.length} title(s) out of range (keyword too long?)`,
      ),
      check(
        'description lengths',
        badMetas.length === 0,
        badMetas.length === 0
          ? `all within ${META_RANGE.min}–${META_RANGE.max} chars with the keyword`
          : `${badMetas.length} out of range`,
      ),
      check(
        'unique titles',
        dupTitles === 0,
        dupTitles === 0 ? 'no duplicates' : `${dupTitles} duplicate title(s); differentiate the keywords`,
      ),
    ];
    const markdown = doc(
      '# Titles and meta descriptions',
      table(
        ['Page', 'Title', 'Chars', 'Meta description', 'Chars'],
        pages.map((p) => [
          p.url ?? p.keyword,
          p.title,
          p.title.length,
          p.metaDescription,
          p.metaDescription.length,
        ]),
      ),
      checksSection(checks),
    );
    return offlineResult(
      { pages },
      {
        summary: `Wrote titles and descriptions for ${pages.length} page(s); ${badTitles.length + badMetas.length} out of range`,
        markdown,
        checks,
        confidence: 0.9,
      },
    );
  },
});
