// Précis / summary check: length against the target ratio, coverage of the source's key terms,
// phrases copied verbatim, and first-person intrusions.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, pct, round } from '../shared/checks.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { STOP_WORDS, lowerWords } from '../shared/text.js';
import { defineSkill } from '../skill.js';

const inputSchema = z.object({
  source: z.string().min(100).max(30_000),
  summary: z.string().min(10).max(10_000),
  /** CBSE précis: about one third of the original. */
  targetRatio: z
    .number()
    .min(0.05)
    .max(0.9)
    .default(1 / 3),
  copyRunWords: z.number().int().min(4).max(15).default(6),
});

/** The source's key terms: the most frequent content words (and their frequency). */
export function keyTerms(text: string, n = 10): { term: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const w of lowerWords(text))
    if (!STOP_WORDS.has(w) && w.length > 3) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts.entries()]
    .filter(([, c]) => c >= 2)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([term, count]) => ({ term, count }));
}

/** Runs of at least `n` consecutive words that appear verbatim in the source. */
export function copiedRuns(source: string, summary: string, n: number): string[] {
  const src = lowerWords(source);
  const grams = new Set<string>();
  for (let i = 0; i + n <= src.length; i++) grams.add(src.slice(i, i + n).join(' '));
  const sw = lowerWords(summary);
  const runs: string[] = [];
  let i = 0;
  while (i + n <= sw.length) {
    if (grams.has(sw.slice(i, i + n).join(' '))) {
      let j = i + n;
      while (j < sw.length && grams.has(sw.slice(j - n + 1, j + 1).join(' '))) j++;
      runs.push(sw.slice(i, j).join(' '));
      i = j;
    } else i++;
  }
  return runs;
}

export const englishPrecisCheck = defineSkill({
  id: 'english.precis-check',
  agentIds: [AgentId.english],
  title: 'Précis and summary check',
  description:
    'Checks a summary against its source: target length, key ideas covered, copied phrases and first-person intrusions.',
  inputSchema,
  async run(input) {
    const srcWords = lowerWords(input.source).length;
    const sumWords = lowerWords(input.summary).length;
    const ratio = sumWords / srcWords;
    const terms = keyTerms(input.source);
    const summaryWords = new Set(lowerWords(input.summary).map((w) => w.replace(/s$/, '')));
    const covered = terms.filter((t) => summaryWords.has(t.term.replace(/s$/, '')));
    const coverage = terms.length ? covered.length / terms.length : 1;
    const copied = copiedRuns(input.source, input.summary, input.copyRunWords);
    const copiedWords = copied.reduce((s, r) => s + r.split(' ').length, 0);
    const firstPerson =
      /\b(I|I'm|I think|my|me|we|our)\b/.test(input.summary) && !/\b(I|my|me)\b/.test(input.source);
    const lengthOk = Math.abs(ratio - input.targetRatio) <= input.targetRatio * 0.2;
    const checks = [
      check(
        'length',
        lengthOk,
        `${sumWords} words = ${pct(ratio, 0)} of ${srcWords} (target ${pct(input.targetRatio, 0)} ± 20%)`,
      ),
      check(
        'key ideas covered',
        coverage >= 0.6,
        `${covered.length}/${terms.length} key terms: missing ${
          terms
            .filter((t) => !covered.includes(t))
            .map((t) => t.term)
            .join(', ') || 'none'
        }`,
      ),
      check(
        'own words',
        copiedWords <= sumWords * 0.2,
        `${copied.length} copied run(s) of ${input.copyRunWords}+ words (${pct(copiedWords / Math.max(1, sumWords), 0)} of the summary)`,
      ),
      check(
        'impersonal voice',
        !firstPerson,
        firstPerson
          ? 'the summary adds "I/we"; a précis reports the author’s ideas'
          : 'no first-person intrusion',
      ),
    ];
    const markdown = doc(
      '# Summary check',
      table(
        ['Measure', 'Value'],
        [
          ['Source words', srcWords],
          ['Summary words', sumWords],
          ['Ratio', pct(ratio, 0)],
          ['Key-term coverage', pct(coverage, 0)],
          ['Copied words', copiedWords],
        ],
      ),
      copied.length > 0 && `## Rephrase these copied phrases\n${bullets(copied.map((c) => `“${c}”`))}`,
      checksSection(checks),
    );
    return offlineResult(
      {
        ratio: round(ratio, 3),
        coverage: round(coverage, 3),
        keyTerms: terms,
        missingTerms: terms.filter((t) => !covered.includes(t)).map((t) => t.term),
        copied,
      },
      {
        summary: `Summary at ${pct(ratio, 0)} length, ${pct(coverage, 0)} key-term coverage, ${copied.length} copied run(s)`,
        markdown,
        checks,
        confidence: 0.8,
      },
    );
  },
});
