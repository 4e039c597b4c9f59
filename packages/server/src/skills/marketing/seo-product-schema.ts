// Product structured data: builds schema.org Product JSON-LD from catalogue rows and validates it
// (GTIN check digits, ISO currency, absolute image URLs, rating bounds) before it goes on a page.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { auditJsonLd } from './seo-page-audit.js';

/** GS1 check digit for GTIN-8/12/13/14: weights 3,1,3,… from the right, excluding the check digit. */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidGtin(gtin: string): boolean {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(gtin)) return false;
  return gtinCheckDigit(gtin.slice(0, -1)) === Number(gtin.slice(-1));
}

const availability = {
  'in-stock': 'InStock',
  'out-of-stock': 'OutOfStock',
  preorder: 'PreOrder',
  'limited-stock': 'LimitedAvailability',
} as const;

const inputSchema = z.object({
  products: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(200),
        description: z.string().trim().max(5000).optional(),
        sku: z.string().trim().max(64).optional(),
        gtin: z.string().trim().max(14).optional(),
        brand: z.string().trim().max(80).optional(),
        images: z.array(z.string().trim().max(2000)).min(1).max(10),
        price: z.number().min(0).max(1e9),
        currency: z.string().trim().length(3).default('INR'),
        availability: z.enum(['in-stock', 'out-of-stock', 'preorder', 'limited-stock']).default('in-stock'),
        url: z.string().trim().max(2000).optional(),
        condition: z.enum(['new', 'used', 'refurbished']).default('new'),
        ratingValue: z.number().min(0).max(5).optional(),
        reviewCount: z.number().int().min(0).max(1e9).optional(),
      }),
    )
    .min(1)
    .max(50),
});

type ProductIn = z.output<typeof inputSchema>['products'][number];

function buildJsonLd(p: ProductIn): Record<string, unknown> {
  const node: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: p.name,
    image: p.images,
  };
  if (p.description) node['description'] = p.description;
  if (p.sku) node['sku'] = p.sku;
  if (p.gtin) node[`gtin${p.gtin.length}`] = p.gtin;
  if (p.brand) node['brand'] = { '@type': 'Brand', name: p.brand };
  node['offers'] = {
    '@type': 'Offer',
    price: p.price.toFixed(2),
    priceCurrency: p.currency.toUpperCase(),
    availability: `https://schema.org/${availability[p.availability]}`,
    itemCondition: `https://schema.org/${p.condition === 'new' ? 'NewCondition' : p.condition === 'used' ? 'UsedCondition' : 'RefurbishedCondition'}`,
    ...(p.url ? { url: p.url } : {}),
  };
  if (p.ratingValue !== undefined && p.reviewCount !== undefined && p.reviewCount > 0) {
    node['aggregateRating'] = {
      '@type': 'AggregateRating',
      ratingValue: p.ratingValue,
      reviewCount: p.reviewCount,
    };
  }
  return node;
}

function problemsOf(p: ProductIn): string[] {
  const out: string[] = [];
  if (p.gtin && !isValidGtin(p.gtin))
    out.push(
      `GTIN ${p.gtin} fails its check digit (expected ${p.gtin.length >= 8 && /^\d+$/.test(p.gtin) ? gtinCheckDigit(p.gtin.slice(0, -1)) : '?'})`,
    );
  if (!p.gtin && !p.sku) out.push('no GTIN or SKU: Google needs an identifier for rich results');
  if (!/^[A-Z]{3}$/.test(p.currency.toUpperCase()))
    out.push(`currency "${p.currency}" is not an ISO 4217 code`);
  const relImages = p.images.filter((u) => !/^https?:\/\//i.test(u));
  if (relImages.length > 0) out.push(`${relImages.length} image URL(s) are not absolute`);
  if (p.price === 0 && p.availability === 'in-stock') out.push('price is 0 for an in-stock product');
  if (p.ratingValue !== undefined && (p.reviewCount ?? 0) === 0)
    out.push('rating given without reviews; it is left out');
  if (p.ratingValue !== undefined && p.ratingValue < 1) out.push('ratingValue below 1 on a 1–5 scale');
  if (p.name.length > 150) out.push('name over 150 characters');
  if (p.url && !/^https?:\/\//i.test(p.url)) out.push('offer URL is not absolute');
  return out;
}

export const seoProductSchema = defineSkill({
  id: 'seo.product-schema',
  agentIds: [AgentId.seo],
  title: 'Product structured data',
  description:
    'Product JSON-LD for rich results from catalogue data, with GTIN check-digit, currency, URL and rating validation.',
  inputSchema,
  async run(input) {
    const products = input.products.map((p) => {
      const jsonLd = buildJsonLd(p);
      const problems = problemsOf(p);
      // Re-read the generated markup with the same validator the page audit uses.
      const reread = auditJsonLd([JSON.stringify(jsonLd)]);
      return {
        name: p.name,
        problems,
        valid: problems.length === 0 && reread.items.every((i) => i.valid),
        jsonLd,
        snippet: `<script type="application/ld+json">\n${JSON.stringify(jsonLd, null, 2)}\n</script>`,
      };
    });
    const invalid = products.filter((p) => !p.valid);
    const rereadOk = products.every((p) =>
      auditJsonLd([JSON.stringify(p.jsonLd)]).items.every((i) => i.valid),
    );
    const checks = [
      check(
        'product data valid',
        invalid.length === 0,
        invalid.length === 0
          ? `all ${products.length} products valid`
          : `${invalid.length} with problems: ${invalid
              .map((p) => p.name)
              .slice(0, 5)
              .join(', ')}`,
      ),
      check(
        'markup re-validated',
        rereadOk,
        rereadOk ? 'generated JSON-LD passes the page-audit validator' : 'generated JSON-LD fails validation',
      ),
    ];
    const markdown = doc(
      '# Product structured data',
      table(
        ['Product', 'Valid', 'Problems'],
        products.map((p) => [p.name, p.valid ? 'yes' : 'no', p.problems.join('; ') || '—']),
      ),
      ...products.slice(0, 5).map((p) => `### ${p.name}\n\`\`\`html\n${p.snippet}\n\`\`\``),
      products.length > 5 ? `_${products.length - 5} more snippets in the structured output._` : '',
      checksSection(checks),
    );
    return offlineResult(
      { products },
      {
        summary: `Generated JSON-LD for ${products.length} product(s); ${invalid.length} need fixes`,
        markdown,
        checks,
        confidence: 0.97,
        selfChecksPassed: rereadOk,
      },
    );
  },
});
