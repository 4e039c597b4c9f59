import { describe, expect, it } from 'vitest';
import { skillRunner } from '../execute.js';
import { gtinCheckDigit, isValidGtin } from './seo-product-schema.js';
import { normaliseUrl } from './seo-redirect-check.js';
import { slugify } from './seo-slug-check.js';
import { seoInternalLinks } from './seo-internal-links.js';
import { seoMetaSnippets } from './seo-meta-snippets.js';
import { seoPageAudit } from './seo-page-audit.js';
import { seoProductSchema } from './seo-product-schema.js';
import { seoRedirectCheck } from './seo-redirect-check.js';
import { seoSitemap } from './seo-sitemap.js';
import { seoSlugCheck } from './seo-slug-check.js';

const runSkill = skillRunner([
  seoInternalLinks,
  seoMetaSnippets,
  seoPageAudit,
  seoProductSchema,
  seoRedirectCheck,
  seoSitemap,
  seoSlugCheck,
]);

const ctx = { now: Date.UTC(2026, 0, 5) };

const goodPage = `<!doctype html><html lang="en-IN"><head>
<title>Running Shoes for Men — Lightweight &amp; Durable | ShopCo</title>
<meta name="description" content="Shop running shoes for men with cushioned soles, breathable mesh and free returns. Sizes 6–12, delivered across India in 2 days.">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:title" content="Running shoes"><meta property="og:image" content="https://shop.example/og.jpg">
<link rel="canonical" href="https://shop.example/running-shoes-men">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Stride Running Shoes","image":"https://shop.example/a.jpg","offers":{"@type":"Offer","price":"2499.00","priceCurrency":"INR","availability":"https://schema.org/InStock"}}</script>
</head><body><h1>Running Shoes for Men</h1><p>${'These running shoes for men keep you light on your feet. '.repeat(20)}</p>
<h2>Features</h2><img src="a.jpg" alt="Blue running shoe, side view"><a href="/sizes">Size guide</a></body></html>`;

const badPage = `<html><head><title>Shoes</title><meta name="robots" content="noindex"></head>
<body><h1>Shoes</h1><h1>More shoes</h1><h4>Skip</h4><img src="x.jpg"><img src="y.jpg" alt="">
<script type="application/ld+json">{"@type":"Product","name":"X"</script><a href="/x">click here</a></body></html>`;

type Audit = {
  score: number;
  checks: { name: string; passed: boolean }[];
  images: { missingAlt: string[] };
  h1: string[];
};
const passed = (a: Audit, name: string) => a.checks.find((c) => c.name === name)?.passed;

describe('seo.page-audit', () => {
  it('passes a well-built product page', async () => {
    const r = await runSkill(
      'seo.page-audit',
      { html: goodPage, keyword: 'running shoes', pageType: 'product' },
      ctx,
    );
    const a = r.output as Audit;
    expect(a.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual([]);
    expect(a.score).toBe(100);
  });

  it('finds each problem on a poor page', async () => {
    const r = await runSkill('seo.page-audit', { html: badPage, keyword: 'running shoes' }, ctx);
    const a = r.output as Audit;
    expect(passed(a, 'title length')).toBe(false); // "Shoes" is 5 chars
    expect(passed(a, 'meta description length')).toBe(false);
    expect(passed(a, 'exactly one H1')).toBe(false);
    expect(a.h1).toEqual(['Shoes', 'More shoes']);
    expect(passed(a, 'heading order')).toBe(false);
    expect(a.images.missingAlt).toEqual(['x.jpg']);
    expect(passed(a, 'structured data')).toBe(false); // unparseable JSON-LD
    expect(passed(a, 'indexable')).toBe(false);
    expect(passed(a, 'keyword in title')).toBe(false);
    expect(passed(a, 'descriptive links')).toBe(false);
    expect(a.score).toBeLessThan(30);
  });

  it('tolerates broken markup: unclosed tags, stray < and attributes with >', async () => {
    const html =
      '<title>Cheap & cheerful tees for summer < 500 rupees</title><h1 data-x="a>b">Tees<p>1 < 2 <img src=z.png alt=Tee>';
    const r = await runSkill('seo.page-audit', { html }, ctx);
    const a = r.output as Audit & { title: string };
    expect(a.title).toBe('Cheap & cheerful tees for summer < 500 rupees');
    expect(a.h1).toHaveLength(1);
    expect(a.images.missingAlt).toEqual([]);
  });
});

describe('seo.meta-snippets', () => {
  it('keeps every title and description within range with the keyword', async () => {
    const r = await runSkill(
      'seo.meta-snippets',
      {
        pages: [
          { topic: 'Cotton kurtas for women in every size', primaryKeyword: 'cotton kurtas', brand: 'Looms' },
          { topic: 'Steel water bottles that keep drinks cold', primaryKeyword: 'steel water bottle' },
        ],
      },
      ctx,
    );
    const pages = (r.output as { pages: { title: string; metaDescription: string; keyword: string }[] })
      .pages;
    for (const p of pages) {
      expect(p.title.length).toBeGreaterThanOrEqual(30);
      expect(p.title.length).toBeLessThanOrEqual(60);
      expect(p.metaDescription.length).toBeGreaterThanOrEqual(70);
      expect(p.metaDescription.length).toBeLessThanOrEqual(160);
      expect(p.title.toLowerCase()).toContain(p.keyword);
    }
    expect(r.checks.every((c) => c.passed)).toBe(true);
  });
});

describe('seo.product-schema', () => {
  it('computes GS1 check digits', () => {
    expect(gtinCheckDigit('400638133393')).toBe(1); // EAN-13 4006381333931
    expect(isValidGtin('4006381333931')).toBe(true);
    expect(isValidGtin('4006381333932')).toBe(false);
    expect(isValidGtin('036000291452')).toBe(true); // UPC-A
  });

  it('builds valid JSON-LD and reports bad data', async () => {
    const r = await runSkill(
      'seo.product-schema',
      {
        products: [
          {
            name: 'Stride Shoe',
            gtin: '4006381333931',
            images: ['https://shop.example/a.jpg'],
            price: 2499,
            ratingValue: 4.4,
            reviewCount: 120,
          },
          { name: 'Bad Shoe', gtin: '4006381333932', images: ['/b.jpg'], price: 999 },
        ],
      },
      ctx,
    );
    const products = (
      r.output as { products: { valid: boolean; problems: string[]; jsonLd: Record<string, unknown> }[] }
    ).products;
    expect(products[0]?.valid).toBe(true);
    expect(products[0]?.jsonLd['gtin13']).toBe('4006381333931');
    expect((products[0]?.jsonLd['offers'] as Record<string, unknown>)['price']).toBe('2499.00');
    expect(products[1]?.valid).toBe(false);
    expect(products[1]?.problems.join(' ')).toMatch(/check digit \(expected 1\)/);
    expect(products[1]?.problems.join(' ')).toMatch(/not absolute/);
    expect(r.checks.find((c) => c.name === 'markup re-validated')?.passed).toBe(true);
  });
});

describe('seo.slug-check', () => {
  it('slugifies accents, ampersands and stop words within the length', () => {
    expect(slugify('Crème Brûlée & Café Recipes for the Home')).toBe('creme-brulee-cafe-recipes-home');
    expect(slugify('The Best of the Best', 60)).toBe('best-best');
    expect(slugify('a'.repeat(10) + ' ' + 'b'.repeat(10), 15)).toBe('aaaaaaaaaa');
  });

  it('makes duplicates unique and audits existing slugs', async () => {
    const r = await runSkill(
      'seo.slug-check',
      {
        items: [
          { title: 'Red Shoes', existingSlug: 'Red_Shoes' },
          { title: 'Red shoes!' },
          { title: 'Blue shoes', existingSlug: 'blue-shoes' },
        ],
      },
      ctx,
    );
    const slugs = (r.output as { slugs: { slug: string; problems: string[] }[] }).slugs;
    expect(slugs.map((s) => s.slug)).toEqual(['red-shoes', 'red-shoes-2', 'blue-shoes']);
    expect(slugs[0]?.problems).toEqual(expect.arrayContaining(['upper case', 'underscores (use hyphens)']));
    expect(slugs[2]?.problems).toEqual([]);
  });
});

describe('seo.internal-links', () => {
  it('links related pages, never to themselves, and finds orphans', async () => {
    const r = await runSkill(
      'seo.internal-links',
      {
        maxLinksPerPage: 1,
        pages: [
          {
            url: '/running-shoes',
            title: 'Running shoes',
            keywords: ['running shoes', 'trainers'],
            text: 'Pair them with our running socks.',
          },
          { url: '/running-socks', title: 'Running socks', keywords: ['running socks'] },
          { url: '/teapots', title: 'Teapots', keywords: ['ceramic teapot'] },
        ],
      },
      ctx,
    );
    const o = r.output as {
      links: { from: string; to: string; anchor: string; inText: boolean }[];
      orphans: string[];
    };
    expect(o.links).toContainEqual(
      expect.objectContaining({
        from: '/running-shoes',
        to: '/running-socks',
        anchor: 'running socks',
        inText: true,
      }),
    );
    expect(o.links.every((l) => l.from !== l.to)).toBe(true);
    expect(o.orphans).toContain('/teapots');
  });

  it('rejects duplicate URLs naming the entry', async () => {
    await expect(
      runSkill(
        'seo.internal-links',
        {
          pages: [
            { url: '/a', title: 'A', keywords: ['aa'] },
            { url: '/a', title: 'B', keywords: ['bb'] },
          ],
        },
        ctx,
      ),
    ).rejects.toThrow(/pages\[1\]\.url/);
  });
});

describe('seo.redirect-check', () => {
  it('flattens chains, finds loops and conflicts', async () => {
    const r = await runSkill(
      'seo.redirect-check',
      {
        redirects: [
          { from: '/a', to: '/b' },
          { from: '/b/', to: '/c' },
          { from: '/x', to: '/y', status: 302 },
          { from: '/y', to: '/x' },
          { from: '/a', to: '/z' },
        ],
      },
      ctx,
    );
    const o = r.output as {
      flattened: { from: string; to: string; hops: number }[];
      loops: string[][];
      conflicts: string[];
      temporary: string[];
    };
    expect(o.flattened).toContainEqual({ from: '/a', to: '/c', hops: 2 });
    expect(o.loops.length).toBe(2);
    expect(o.conflicts).toHaveLength(1);
    expect(o.temporary).toEqual(['/x']);
    expect(r.checks.find((c) => c.name === 'flattened map is one hop')?.passed).toBe(true);
  });

  it('normalises host case, fragments and trailing slashes', () => {
    expect(normaliseUrl('HTTPS://Shop.Example/Path/#top')).toBe('https://shop.example/Path');
    expect(normaliseUrl('https://shop.example')).toBe('https://shop.example/');
  });
});

describe('seo.sitemap', () => {
  it('writes escaped XML that reads back, dropping duplicates, other hosts and future dates', async () => {
    const r = await runSkill(
      'seo.sitemap',
      {
        baseUrl: 'https://shop.example',
        urls: [
          { loc: '/shoes?colour=red&size=9', lastmod: '2025-12-01', priority: 0.8 },
          { loc: 'https://shop.example/shoes?colour=red&size=9' },
          { loc: 'https://other.example/x' },
          { loc: '/future', lastmod: '2027-01-01' },
        ],
      },
      ctx,
    );
    const o = r.output as { xml: string; count: number; rejected: string[] };
    expect(o.count).toBe(2);
    expect(o.xml).toContain(
      '<loc>https://shop.example/shoes?colour=red&amp;size=9</loc><lastmod>2025-12-01</lastmod><priority>0.8</priority>',
    );
    expect(o.xml).not.toContain('2027-01-01');
    expect(o.rejected).toHaveLength(3);
    expect(r.checks.find((c) => c.name === 'XML round-trip')?.passed).toBe(true);
  });
});
