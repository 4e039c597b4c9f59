// On-page SEO audit of raw HTML, without a browser: title and meta lengths, exactly one H1, heading
// order, image alt text, keyword placement, canonical, robots, lang, viewport and JSON-LD structured data.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { collectElements, tokenizeHtml, visibleText } from '../shared/html.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { countPhrase, words } from '../shared/text.js';
import type { SkillCheck } from '../skill.js';
import { defineSkill } from '../skill.js';
import { META_RANGE, TITLE_RANGE } from './meta-snippets.js';
import { ui } from '../shared/form-meta.js';

const inputSchema = z.object({
  html: z
    .string()
    .min(1)
    .max(500_000)
    .meta(
      ui({
        label: 'Your page',
        help: 'Give the page’s web address and we fetch it, or write its title, description and text.',
        widget: 'page',
      }),
    ),
  url: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .meta(
      ui({
        label: 'The page’s address',
        help: 'Used to check the canonical link; filled in when you fetch the page.',
        hidden: true,
      }),
    ),
  keyword: z
    .string()
    .trim()
    .min(2)
    .max(80)
    .optional()
    .meta(ui({ label: 'Search phrase the page should rank for', example: 'running shoes' })),
  pageType: z
    .enum(['product', 'category', 'article', 'home', 'other'])
    .default('product')
    .meta(
      ui({
        label: 'Kind of page',
        options: {
          product: 'Product page',
          category: 'Category page',
          article: 'Article or blog post',
          home: 'Home page',
          other: 'Other',
        },
      }),
    ),
});

export interface StructuredDataItem {
  type: string;
  valid: boolean;
  problems: string[];
}

function typesOf(node: unknown): unknown[] {
  if (Array.isArray(node)) return node.flatMap(typesOf);
  if (node && typeof node === 'object') {
    const graph = (node as Record<string, unknown>)['@graph'];
    return Array.isArray(graph) ? [node, ...graph.flatMap(typesOf)] : [node];
  }
  return [];
}

/** Validates the JSON-LD blocks of a page; Product nodes must carry name, image and a priced offer. */
export function auditJsonLd(blocks: readonly string[]): { items: StructuredDataItem[]; parseErrors: number } {
  const items: StructuredDataItem[] = [];
  let parseErrors = 0;
  for (const raw of blocks) {
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      parseErrors++;
      continue;
    }
    for (const node of typesOf(data)) {
      const n = node as Record<string, unknown>;
      const typeValue = n['@type'];
      const type = Array.isArray(typeValue) ? typeValue.map(String).join(',') : String(typeValue ?? '(none)');
      if (type === '(none)' && n['@graph']) continue;
      const problems: string[] = [];
      if (/\bProduct\b/.test(type)) {
        if (!n['name']) problems.push('Product has no name');
        if (!n['image']) problems.push('Product has no image');
        const offers = (Array.isArray(n['offers']) ? n['offers'][0] : n['offers']) as
          Record<string, unknown> | undefined;
        if (!offers) problems.push('Product has no offers');
        else {
          const price = offers['price'] ?? offers['lowPrice'];
          if (price === undefined || !Number.isFinite(Number(price)))
            problems.push('offer has no numeric price');
          if (!/^[A-Z]{3}$/.test(String(offers['priceCurrency'] ?? '')))
            problems.push('offer priceCurrency must be an ISO 4217 code');
          if (!offers['availability']) problems.push('offer has no availability');
        }
        const rating = n['aggregateRating'] as Record<string, unknown> | undefined;
        if (rating) {
          const v = Number(rating['ratingValue']);
          if (!(v >= 1 && v <= 5)) problems.push('aggregateRating.ratingValue should be 1–5');
          if (!(Number(rating['reviewCount'] ?? rating['ratingCount']) >= 1))
            problems.push('aggregateRating needs reviewCount ≥ 1');
        }
      }
      items.push({ type, valid: problems.length === 0, problems });
    }
  }
  return { items, parseErrors };
}

/** Audits one page. Pure: the same HTML always gives the same report. */
export function auditPage(input: z.output<typeof inputSchema>) {
  const tokens = tokenizeHtml(input.html);
  const els = collectElements(
    tokens,
    new Set(['title', 'meta', 'link', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'img', 'script', 'html', 'a']),
  );
  const by = (name: string) => els.filter((e) => e.name === name);
  const meta = (key: string) =>
    by('meta')
      .find((m) => (m.attrs['name'] ?? m.attrs['property'] ?? '').toLowerCase() === key)
      ?.attrs['content']?.trim();
  const titles = by('title');
  const title = titles[0]?.text ?? '';
  const description = meta('description') ?? '';
  const h1s = by('h1');
  const headings = els.filter((e) => /^h[1-6]$/.test(e.name));
  const skipped: string[] = [];
  for (let k = 1; k < headings.length; k++) {
    const prev = Number(headings[k - 1]?.name[1]);
    const cur = Number(headings[k]?.name[1]);
    if (cur > prev + 1) skipped.push(`h${prev} → h${cur} ("${headings[k]?.text.slice(0, 40)}")`);
  }
  const imgs = by('img');
  const noAlt = imgs.filter((i) => !('alt' in i.attrs));
  const emptyAlt = imgs.filter((i) => 'alt' in i.attrs && i.attrs['alt']?.trim() === '');
  const jsonLd = by('script').filter((s) => (s.attrs['type'] ?? '').toLowerCase().includes('ld+json'));
  const sd = auditJsonLd(jsonLd.map((s) => s.text));
  const canonical = by('link').find((l) =>
    (l.attrs['rel'] ?? '').toLowerCase().split(/\s+/).includes('canonical'),
  )?.attrs['href'];
  const robots = (meta('robots') ?? '').toLowerCase();
  const lang = by('html')[0]?.attrs['lang'];
  const viewport = meta('viewport');
  const bodyText = visibleText(tokens);
  const wordCount = words(bodyText).length;
  const anchors = by('a');
  const vagueAnchors = anchors.filter((a) => /^(click here|here|read more|more|link)$/i.test(a.text));
  const emptyAnchors = anchors.filter((a) => a.text === '' && !a.attrs['aria-label'] && !a.attrs['title']);
  const kw = input.keyword;
  const opening = words(bodyText).slice(0, 100).join(' ');
  const minWords =
    input.pageType === 'product' || input.pageType === 'category'
      ? 150
      : input.pageType === 'article'
        ? 600
        : 250;
  const hasProductSd = sd.items.some((i) => /\bProduct\b/.test(i.type));

  const checks: (SkillCheck & { severity: 'error' | 'warning' | 'notice'; fix: string })[] = [];
  const add = (
    name: string,
    passed: boolean,
    detail: string,
    severity: 'error' | 'warning' | 'notice',
    fix: string,
  ) => checks.push({ ...check(name, passed, detail), severity, fix });

  add(
    'title length',
    title.length >= TITLE_RANGE.min && title.length <= TITLE_RANGE.max,
    title ? `${title.length} chars: "${title}"` : 'no <title>',
    'error',
    `write a ${TITLE_RANGE.min}–${TITLE_RANGE.max} character title`,
  );
  add(
    'single title',
    titles.length === 1,
    `${titles.length} <title> element(s)`,
    'warning',
    'keep exactly one <title>',
  );
  add(
    'meta description length',
    description.length >= META_RANGE.min && description.length <= META_RANGE.max,
    description ? `${description.length} chars` : 'no meta description',
    'error',
    `write a ${META_RANGE.min}–${META_RANGE.max} character meta description`,
  );
  add(
    'exactly one H1',
    h1s.length === 1 && (h1s[0]?.text ?? '') !== '',
    `${h1s.length} H1(s)${h1s.length ? `: ${h1s.map((h) => `"${h.text.slice(0, 50)}"`).join(', ')}` : ''}`,
    'error',
    h1s.length === 0 ? 'add one H1 naming the page' : 'keep one H1; demote the others to H2',
  );
  add(
    'heading order',
    skipped.length === 0,
    skipped.length ? `skipped levels: ${skipped.join('; ')}` : `${headings.length} headings in order`,
    'notice',
    'do not skip heading levels',
  );
  add(
    'image alt text',
    noAlt.length === 0,
    `${imgs.length} image(s), ${noAlt.length} without alt, ${emptyAlt.length} with empty alt`,
    'error',
    'describe every meaningful image in its alt attribute',
  );
  if (kw) {
    add(
      'keyword in title',
      countPhrase(title, kw) > 0,
      `"${kw}" ${countPhrase(title, kw) > 0 ? 'found' : 'missing'}`,
      'error',
      'put the keyword near the start of the title',
    );
    add(
      'keyword in H1',
      h1s.some((h) => countPhrase(h.text, kw) > 0),
      `"${kw}" ${h1s.some((h) => countPhrase(h.text, kw) > 0) ? 'found' : 'missing'} in H1`,
      'warning',
      'use the keyword in the H1',
    );
    add(
      'keyword in description',
      countPhrase(description, kw) > 0,
      `"${kw}" ${countPhrase(description, kw) > 0 ? 'found' : 'missing'}`,
      'notice',
      'mention the keyword in the meta description',
    );
    add(
      'keyword early in content',
      countPhrase(opening, kw) > 0,
      `"${kw}" ${countPhrase(opening, kw) > 0 ? 'in' : 'not in'} the first 100 words`,
      'notice',
      'use the keyword in the first paragraph',
    );
  }
  add(
    'structured data',
    jsonLd.length > 0 &&
      sd.parseErrors === 0 &&
      sd.items.every((i) => i.valid) &&
      (input.pageType !== 'product' || hasProductSd),
    jsonLd.length === 0
      ? 'no JSON-LD'
      : `${jsonLd.length} JSON-LD block(s): ${sd.items.map((i) => i.type).join(', ') || 'none parsed'}${sd.parseErrors ? `; ${sd.parseErrors} unparseable` : ''}${sd.items
          .flatMap((i) => i.problems)
          .map((p) => `; ${p}`)
          .join('')}`,
    input.pageType === 'product' ? 'error' : 'warning',
    input.pageType === 'product'
      ? 'add Product JSON-LD with name, image and offers (price, priceCurrency, availability)'
      : 'add JSON-LD for the page type',
  );
  add(
    'canonical URL',
    !!canonical && /^https?:\/\//i.test(canonical),
    canonical ? `canonical: ${canonical}` : 'no rel=canonical',
    'warning',
    'add an absolute rel="canonical" link',
  );
  add(
    'indexable',
    !/noindex/.test(robots),
    robots ? `robots: ${robots}` : 'no robots meta (indexable)',
    'error',
    'remove noindex if the page should rank',
  );
  add(
    'html lang',
    !!lang,
    lang ? `lang="${lang}"` : 'no lang attribute',
    'notice',
    'set <html lang="en-IN"> (or the right language)',
  );
  add(
    'mobile viewport',
    !!viewport,
    viewport ? 'viewport set' : 'no viewport meta',
    'warning',
    'add <meta name="viewport" content="width=device-width, initial-scale=1">',
  );
  add(
    'content length',
    wordCount >= minWords,
    `${wordCount} words of visible text (≥ ${minWords} for a ${input.pageType} page)`,
    'warning',
    'add unique, useful copy (specs, FAQs, care instructions)',
  );
  add(
    'social preview',
    !!meta('og:title') && !!meta('og:image'),
    `og:title ${meta('og:title') ? 'set' : 'missing'}, og:image ${meta('og:image') ? 'set' : 'missing'}`,
    'notice',
    'add og:title and og:image',
  );
  add(
    'descriptive links',
    vagueAnchors.length === 0 && emptyAnchors.length === 0,
    `${anchors.length} link(s); ${vagueAnchors.length} vague ("click here"), ${emptyAnchors.length} empty`,
    'notice',
    'use descriptive anchor text',
  );

  const weight = { error: 3, warning: 2, notice: 1 } as const;
  const total = checks.reduce((s, c) => s + weight[c.severity], 0);
  const got = checks.reduce((s, c) => s + (c.passed ? weight[c.severity] : 0), 0);
  return {
    score: round((got / total) * 100, 0),
    title,
    metaDescription: description,
    h1: h1s.map((h) => h.text),
    images: {
      total: imgs.length,
      missingAlt: noAlt.map((i) => i.attrs['src'] ?? '(no src)'),
      emptyAlt: emptyAlt.length,
    },
    structuredData: sd.items,
    canonical: canonical ?? null,
    wordCount,
    checks,
  };
}

export const seoPageAudit = defineSkill({
  id: 'seo.page-audit',
  agentIds: [AgentId.seo, AgentId.ppc],
  title: 'On-page SEO audit',
  description:
    'Audits a page’s HTML: title 30–60, meta description 70–160, one H1, alt text, keyword placement, canonical, robots and JSON-LD.',
  inputSchema,
  async run(input) {
    const report = auditPage(input);
    const failed = report.checks.filter((c) => !c.passed);
    const checks = report.checks.map(({ name, passed, detail }) => ({ name, passed, detail }));
    const markdown = doc(
      `# SEO audit${input.url ? ` — ${input.url}` : ''}`,
      `Score **${report.score}/100** · ${failed.length} of ${checks.length} checks need work.`,
      table(
        ['Check', 'Result', 'Severity', 'Detail'],
        report.checks.map((c) => [c.name, c.passed ? '✅ pass' : '❌ fail', c.severity, c.detail]),
      ),
      '## Fixes, most important first',
      bullets(
        [...failed]
          .sort(
            (a, b) =>
              ['error', 'warning', 'notice'].indexOf(a.severity) -
              ['error', 'warning', 'notice'].indexOf(b.severity),
          )
          .map((c) => `**${c.name}** (${c.severity}): ${c.fix}`),
        '_Nothing to fix._',
      ),
      checksSection(checks),
    );
    return offlineResult(report, {
      summary: `SEO score ${report.score}/100; ${failed.filter((c) => c.severity === 'error').length} error(s), ${failed.length} issue(s) in total`,
      markdown,
      checks,
      confidence: 0.95,
    });
  },
});
