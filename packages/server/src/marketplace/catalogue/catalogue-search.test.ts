import { describe, expect, it } from 'vitest';
import { testCatalogue } from '../../api/testing/marketplace-harness.js';
import { searchScore, tokenize } from './catalogue-search.js';

const content = testCatalogue[0]!;

describe('catalogue search', () => {
  it('tokenizes to lower-case words without accents', () => {
    expect(tokenize('Café  SEO-audit, a 2x')).toEqual(['cafe', 'seo', 'audit', '2x']);
  });

  it('needs every term to match and weighs the name above the description', () => {
    expect(searchScore(content, tokenize('content health'))).toBe(5 + 4);
    expect(searchScore(content, tokenize('compliant'))).toBe(1);
    expect(searchScore(content, tokenize('content plumbing'))).toBe(0);
  });

  it('matches word prefixes and skill titles', () => {
    expect(searchScore(content, tokenize('read'))).toBe(3);
  });
});
