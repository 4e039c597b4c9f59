// Full-text search over the catalogue with MiniSearch: names, specialties, skills, industries served
// and descriptions, ranked by BM25 with field boosts; English stemming, a small domain thesaurus of
// synonyms and typo tolerance. Every query word (or one of its synonyms) must match.
import MiniSearch, { type Query, type SearchOptions } from 'minisearch';
import { stemmer } from 'stemmer';
import type { CatalogueEntry } from './catalogue-entry.js';

/** Lower-case words of at least two letters or digits, without accents. */
export function tokenize(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 2);
}

/** Words a query may drop: they say nothing about which agent is meant. */
const STOP_WORDS = new Set([
  'a',
  'an',
  'and',
  'for',
  'of',
  'the',
  'to',
  'with',
  'my',
  'our',
  'me',
  'i',
  'in',
]);

/**
 * Words customers use for what the agents do. Each group is a set of equivalents: a query word
 * matches an agent that has any word of its group. Kept small and domain-specific on purpose.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['cold', 'outreach', 'prospecting', 'prospect', 'sdr'],
  ['email', 'mail', 'newsletter', 'inbox', 'mailing'],
  ['lead', 'prospect', 'pipeline'],
  ['seo', 'search', 'ranking', 'serp', 'sitemap'],
  ['ads', 'advert', 'advertising', 'ppc', 'paid', 'adwords'],
  ['social', 'instagram', 'linkedin', 'twitter', 'facebook', 'post'],
  ['influencer', 'creator'],
  ['blog', 'article', 'content', 'copywriting', 'writing'],
  ['brand', 'branding', 'positioning'],
  ['tutor', 'teacher', 'teaching', 'tutoring', 'coach', 'lesson'],
  ['math', 'maths', 'mathematics', 'algebra', 'jee'],
  ['science', 'physics', 'chemistry', 'biology', 'neet', 'cbse'],
  ['exam', 'test', 'mock', 'quiz'],
  ['homework', 'assignment'],
  ['career', 'counselling', 'counseling', 'riasec'],
  ['study', 'revision', 'timetable', 'planner'],
  ['english', 'grammar', 'essay', 'spelling', 'vocabulary'],
  ['crm', 'contacts', 'dedupe', 'duplicate'],
  ['deal', 'forecast', 'quota', 'closing'],
  ['enablement', 'battlecard', 'objection', 'competitor'],
  ['ecommerce', 'commerce', 'shop', 'store', 'retail'],
  ['healthcare', 'health', 'medical', 'clinic', 'hospital'],
];

const stem = (word: string): string => stemmer(word);

/** Stemmed synonyms of a stemmed word (the word itself first). */
const synonymsByStem: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, Set<string>>();
  for (const group of SYNONYM_GROUPS) {
    const stems = group.map(stem);
    for (const s of stems) {
      const set = map.get(s) ?? new Set<string>();
      for (const other of stems) set.add(other);
      map.set(s, set);
    }
  }
  return new Map([...map].map(([s, set]) => [s, [s, ...[...set].filter((x) => x !== s)]]));
})();

interface Doc {
  id: string;
  name: string;
  specialty: string;
  skills: string;
  industries: string;
  description: string;
}

/** How far a typed word may be from an indexed one: none for short words, one or two edits for long. */
function fuzziness(term: string): number {
  if (term.length >= 8) return 2;
  return term.length >= 5 ? 1 : 0;
}

export interface CatalogueSearch {
  /**
   * Relevance score by agent id for the agents matching every word of `q` (empty when none do), or
   * undefined when `q` has no searchable word (blank, or only words such as "the").
   */
  search(q: string): Map<string, number> | undefined;
}

/** Builds the index over `entries` once; searching is in memory. */
export function createCatalogueSearch(entries: readonly CatalogueEntry[]): CatalogueSearch {
  const index = new MiniSearch<Doc>({
    fields: ['name', 'specialty', 'skills', 'industries', 'description'],
    tokenize,
    processTerm: (term) => (STOP_WORDS.has(term) ? null : stem(term)),
    searchOptions: {
      boost: { name: 5, specialty: 4, skills: 3, industries: 2, description: 1 },
      // Query words are tokenized and stemmed by us (below), so they are taken as they are.
      processTerm: (term) => term,
    },
  });
  index.addAll(
    entries.map((e) => ({
      id: e.id,
      name: e.name,
      specialty: e.specialty,
      skills: e.skills.map((s) => `${s.title} ${s.id.replace(/[.-]/g, ' ')} ${s.description}`).join(' '),
      industries: [e.industry, ...(e.industries ?? [])].join(' '),
      description: `${e.tagline ?? ''} ${e.description}`,
    })),
  );

  return {
    search(q) {
      const words = tokenize(q).filter((w) => !STOP_WORDS.has(w));
      if (words.length === 0) return undefined;
      const queries: Query[] = words.map((word, i) => {
        const s = stem(word);
        const last = i === words.length - 1;
        const alternatives = synonymsByStem.get(s) ?? [s];
        const sub: SearchOptions & { queries: Query[] } = {
          combineWith: 'OR',
          // The word being typed matches by prefix ("outre" finds "outreach"); its synonyms exactly.
          queries: [
            { queries: [s], fuzzy: fuzziness(s), prefix: last && word.length >= 3 },
            ...alternatives.slice(1).map((alt): Query => ({ queries: [alt], fuzzy: false, prefix: false })),
          ],
        };
        return sub;
      });
      const results = index.search({ combineWith: 'AND', queries });
      return new Map(results.map((r) => [String(r.id), r.score]));
    },
  };
}
