// Keyword grouping: de-duplicates close variants and clusters keywords into tight ad groups by their
// most telling shared word, so each group can have its own ad and landing page.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { STOP_WORDS, lowerWords, titleCase } from '../shared/text.js';
import { defineSkill } from '../skill.js';

const MODIFIERS = new Set([
  'best',
  'buy',
  'online',
  'near',
  'me',
  'price',
  'prices',
  'cheap',
  'top',
  'india',
  'sale',
  'shop',
  'store',
  'order',
  'cost',
  'review',
  'reviews',
  'vs',
  'men',
  'women',
  'kids',
]);

/** A light stem so plurals group together ("shoes" ~ "shoe"). */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('es') && /(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

const inputSchema = z.object({
  keywords: z.array(z.string().trim().min(1).max(100)).min(1).max(2000),
  maxGroupSize: z.number().int().min(2).max(50).default(20),
});

export const ppcKeywordGrouping = defineSkill({
  id: 'ppc.keyword-grouping',
  agentIds: [AgentId.ppc],
  title: 'Keyword grouping',
  description: 'Removes close-variant duplicates and clusters keywords into tightly themed ad groups.',
  inputSchema,
  async run(input) {
    const seen = new Map<string, string>();
    const duplicates: { keyword: string; sameAs: string }[] = [];
    const unique: { keyword: string; stems: string[] }[] = [];
    for (const k of input.keywords) {
      const stems = lowerWords(k)
        .filter((w) => !STOP_WORDS.has(w))
        .map(stem);
      const key = [...stems].sort().join(' ');
      const prior = seen.get(key);
      if (prior !== undefined) {
        duplicates.push({ keyword: k, sameAs: prior });
        continue;
      }
      seen.set(key, k);
      unique.push({ keyword: k, stems });
    }
    const freq = new Map<string, number>();
    for (const u of unique) for (const s of new Set(u.stems)) freq.set(s, (freq.get(s) ?? 0) + 1);
    const groups = new Map<string, string[]>();
    for (const u of unique) {
      const themed = u.stems.filter((s) => !MODIFIERS.has(s));
      const candidates = themed.length > 0 ? themed : u.stems;
      // The theme is the keyword's most shared meaningful word; ties go to the later (head) noun.
      let theme = candidates[candidates.length - 1] ?? u.keyword.toLowerCase();
      for (const s of candidates) if ((freq.get(s) ?? 0) > (freq.get(theme) ?? 0)) theme = s;
      const list = groups.get(theme) ?? [];
      list.push(u.keyword);
      groups.set(theme, list);
    }
    const adGroups: { name: string; keywords: string[] }[] = [];
    for (const [theme, list] of [...groups.entries()].sort(
      (a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]),
    )) {
      for (let i = 0; i < list.length; i += input.maxGroupSize) {
        adGroups.push({
          name: `${titleCase(theme)}${list.length > input.maxGroupSize ? ` ${i / input.maxGroupSize + 1}` : ''}`,
          keywords: list.slice(i, i + input.maxGroupSize),
        });
      }
    }
    const assigned = adGroups.flatMap((g) => g.keywords);
    const exactlyOnce = assigned.length === unique.length && new Set(assigned).size === unique.length;
    const singletons = adGroups.filter((g) => g.keywords.length === 1).length;
    const checks = [
      check(
        'every keyword grouped once',
        exactlyOnce,
        `${unique.length} unique keywords in ${adGroups.length} ad group(s)`,
      ),
      check(
        'group size',
        adGroups.every((g) => g.keywords.length <= input.maxGroupSize),
        `≤ ${input.maxGroupSize} keywords per group`,
      ),
      check('duplicates removed', duplicates.length === 0, `${duplicates.length} close variant(s) removed`),
      check(
        'few single-keyword groups',
        singletons <= Math.max(1, adGroups.length / 3),
        `${singletons} group(s) with one keyword`,
      ),
    ];
    const markdown = doc(
      '# Ad groups',
      table(
        ['Ad group', 'Keywords', 'Count'],
        adGroups.map((g) => [g.name, g.keywords.join(', '), g.keywords.length]),
      ),
      duplicates.length > 0 &&
        `## Close variants removed\n${table(
          ['Keyword', 'Same as'],
          duplicates.map((d) => [d.keyword, d.sameAs]),
        )}`,
      checksSection(checks),
    );
    return offlineResult(
      { adGroups, duplicates },
      {
        summary: `${unique.length} keywords in ${adGroups.length} ad groups; ${duplicates.length} duplicate(s) removed`,
        markdown,
        checks,
        confidence: 0.8,
        selfChecksPassed: exactlyOnce,
      },
    );
  },
});
