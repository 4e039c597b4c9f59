// Keyword density: how often target phrases occur per 100 words, where they appear, and what dominates.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { STOP_WORDS, countPhrase, lowerWords } from '../shared/text.js';
import { defineSkill } from '../skill.js';

const inputSchema = z.object({
  text: z.string().min(1).max(50_000),
  keywords: z.array(z.string().trim().min(1).max(80)).min(1).max(20),
  /** Healthy density range in percent of words. */
  minDensity: z.number().min(0).max(10).default(0.5),
  maxDensity: z.number().min(0.1).max(20).default(2.5),
});

/** Density in percent: occurrences × words in the phrase ÷ total words × 100. */
export function keywordDensity(occurrences: number, phraseWords: number, totalWords: number): number {
  return totalWords === 0 ? 0 : (occurrences * phraseWords * 100) / totalWords;
}

function topNgrams(ws: readonly string[], n: number, limit: number): { phrase: string; count: number }[] {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= ws.length; i++) {
    const gram = ws.slice(i, i + n);
    if (gram.some((w) => STOP_WORDS.has(w) || w.length < 3)) continue;
    const key = gram.join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .filter(([, c]) => c > 1)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([phrase, count]) => ({ phrase, count }));
}

export const textKeywordDensity = defineSkill({
  id: 'text.keyword-density',
  agentIds: [AgentId.content, AgentId.seo, AgentId.ppc],
  title: 'Keyword density',
  description:
    'Occurrences and density of target keywords, placement in headings and the opening, and the dominant phrases.',
  inputSchema,
  async run(input) {
    const ws = lowerWords(input.text);
    const total = ws.length;
    const opening = ws.slice(0, 100).join(' ');
    const headings = input.text
      .split(/\r?\n/)
      .filter((l) => /^\s*#{1,6}\s/.test(l))
      .join('\n');
    const rows = input.keywords.map((kw) => {
      const phraseWords = Math.max(1, lowerWords(kw).length);
      const count = countPhrase(input.text, kw);
      const density = round(keywordDensity(count, phraseWords, total), 2);
      return {
        keyword: kw,
        count,
        density,
        inOpening: countPhrase(opening, kw) > 0,
        inHeading: countPhrase(headings, kw) > 0,
        status:
          count === 0
            ? 'missing'
            : density < input.minDensity
              ? 'low'
              : density > input.maxDensity
                ? 'stuffed'
                : 'ok',
      };
    });
    const checks = [
      ...rows.map((r) =>
        check(
          `density of "${r.keyword}"`,
          r.status === 'ok',
          `${r.count}× = ${r.density}% (target ${input.minDensity}–${input.maxDensity}%)`,
        ),
      ),
      check(
        'primary keyword early',
        rows[0]?.inOpening ?? false,
        `"${rows[0]?.keyword}" ${rows[0]?.inOpening ? 'appears' : 'does not appear'} in the first 100 words`,
      ),
    ];
    const output = {
      totalWords: total,
      keywords: rows,
      topPhrases: [...topNgrams(ws, 2, 8), ...topNgrams(ws, 1, 8)],
    };
    const markdown = doc(
      '# Keyword density',
      `${total} words analysed.`,
      table(
        ['Keyword', 'Count', 'Density', 'In opening', 'In a heading', 'Status'],
        rows.map((r) => [
          r.keyword,
          r.count,
          `${r.density}%`,
          r.inOpening ? 'yes' : 'no',
          r.inHeading ? 'yes' : 'no',
          r.status,
        ]),
      ),
      '## Most repeated phrases',
      table(
        ['Phrase', 'Count'],
        output.topPhrases.map((p) => [p.phrase, p.count]),
      ),
      checksSection(checks),
    );
    const ok = rows.filter((r) => r.status === 'ok').length;
    return offlineResult(output, {
      summary: `${ok}/${rows.length} keywords in the ${input.minDensity}–${input.maxDensity}% range over ${total} words`,
      markdown,
      checks,
      confidence: 0.97,
    });
  },
});
