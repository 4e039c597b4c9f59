import { describe, expect, it } from 'vitest';
import { loadAgentSpecs } from '../../assets/agent-spec-files.js';
import { testCatalogue } from '../../api/testing/marketplace-harness.js';
import { createCatalogueSearch, tokenize } from './catalogue-search.js';
import { defaultCatalogue } from './default-catalogue.js';

const catalogue = defaultCatalogue({ currency: 'INR', specs: loadAgentSpecs() });
const search = createCatalogueSearch(catalogue);
/** Agent ids found for `q`, best first. */
const found = (q: string) =>
  [...(search.search(q) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1]).map(([id]) => id);

describe('catalogue search', () => {
  it('tokenizes to lower-case words without accents', () => {
    expect(tokenize('Café  SEO-audit, a 2x')).toEqual(['cafe', 'seo', 'audit', '2x']);
  });

  it('finds agents for every example the search box suggests', () => {
    for (const q of ['SEO', 'JEE', 'cold email', 'cold', 'cold outreach'])
      expect(found(q), q).not.toEqual([]);
    expect(found('cold email')).toContain('sales-development-rep');
    expect(found('cold outreach')[0]).toBe('sales-development-rep');
    expect(found('SEO')[0]).toBe('seo-specialist');
    expect(found('JEE')[0]).toBe('math-tutor');
  });

  it('stems words, so plural and verb forms find the same agents', () => {
    expect(found('newsletters')).toContain('email-marketing');
    expect(found('audits')).toEqual(found('audit'));
  });

  it('knows synonyms customers use', () => {
    expect(found('teacher maths')).toContain('math-tutor');
    expect(found('instagram')).toContain('social-media-marketing');
    expect(found('google ads')).toContain('ppc-specialist');
  });

  it('tolerates typos in longer words and matches the word being typed by prefix', () => {
    expect(found('influencr')).toContain('influencer-marketing');
    expect(found('balanse equations')).toContain('science-tutor');
    expect(found('outre')).toContain('sales-development-rep');
  });

  it('searches the industries an agent serves', () => {
    expect(found('fintech')).toContain('sales-development-rep');
  });

  it('needs every word to match and ranks the name above the description', () => {
    expect(found('content plumbing')).toEqual([]);
    const test = createCatalogueSearch(testCatalogue);
    const scores = test.search('content') ?? new Map();
    expect([...scores.keys()][0]).toBe('content-marketing');
  });

  it('treats a query without searchable words as no search', () => {
    expect(search.search('  ')).toBeUndefined();
    expect(search.search('the')).toBeUndefined();
  });
});
