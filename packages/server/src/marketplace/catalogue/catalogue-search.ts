// Full-text search over the catalogue: every query word must match a word of the agent (by prefix);
// matches in the name weigh most, then specialty, skills, industry and description.
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

interface Field {
  words: string[];
  weight: number;
}

const fieldCache = new WeakMap<CatalogueEntry, Field[]>();

function fields(entry: CatalogueEntry): Field[] {
  let f = fieldCache.get(entry);
  if (!f) {
    f = [
      { words: tokenize(entry.name), weight: 5 },
      { words: tokenize(entry.specialty), weight: 4 },
      { words: tokenize(entry.skills.map((s) => `${s.title} ${s.id}`).join(' ')), weight: 3 },
      { words: tokenize(entry.industry), weight: 2 },
      { words: tokenize(entry.description), weight: 1 },
    ];
    fieldCache.set(entry, f);
  }
  return f;
}

/** 0 when some term matches nothing; otherwise the sum over terms of the best field weight. */
export function searchScore(entry: CatalogueEntry, terms: readonly string[]): number {
  let total = 0;
  for (const term of terms) {
    let best = 0;
    for (const field of fields(entry)) {
      if (field.weight > best && field.words.some((w) => w.startsWith(term))) best = field.weight;
    }
    if (best === 0) return 0;
    total += best;
  }
  return total;
}
