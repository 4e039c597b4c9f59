// Vocabulary profile: lexical variety (moving-window type–token ratio), share of very common words,
// academic words used, and richer alternatives for overused words.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, pct, round } from '../shared/checks.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { STOP_WORDS, lowerWords } from '../shared/text.js';
import { defineSkill } from '../skill.js';
import { ACADEMIC_WORDS, COMMON_WORDS, OVERUSED } from './data/english-words.js';
import { own } from '../shared/own.js';

const inputSchema = z.object({
  text: z.string().min(20).max(50_000),
  window: z.number().int().min(10).max(200).default(50),
});

/** Moving-average type–token ratio: stable across text lengths, unlike plain TTR. */
export function mattr(ws: readonly string[], window: number): number {
  if (ws.length <= window) return ws.length ? new Set(ws).size / ws.length : 0;
  let sum = 0;
  for (let i = 0; i + window <= ws.length; i++) sum += new Set(ws.slice(i, i + window)).size / window;
  return sum / (ws.length - window + 1);
}

/** Academic-list match allowing simple inflections (analyse → analysed, analysing). */
function isAcademic(w: string): boolean {
  if (ACADEMIC_WORDS.has(w)) return true;
  const stems = [
    w.replace(/(ing|ed|es|s|al|ly|ation|ions|ion)$/, ''),
    w.replace(/(ing|ed)$/, 'e'),
    w.replace(/ies$/, 'y'),
  ];
  return stems.some((s) => s.length > 3 && ACADEMIC_WORDS.has(s));
}

export const englishVocabularyProfile = defineSkill({
  id: 'english.vocabulary-profile',
  agentIds: [AgentId.english],
  title: 'Vocabulary profile',
  description:
    'Lexical variety, share of basic words, academic vocabulary and richer alternatives for overused words.',
  inputSchema,
  async run(input) {
    const ws = lowerWords(input.text);
    const content = ws.filter((w) => !STOP_WORDS.has(w));
    const variety = mattr(ws, input.window);
    const common = ws.filter((w) => COMMON_WORDS.has(w) || STOP_WORDS.has(w)).length / Math.max(1, ws.length);
    const academic = [...new Set(content.filter(isAcademic))].sort();
    const counts = new Map<string, number>();
    for (const w of content) counts.set(w, (counts.get(w) ?? 0) + 1);
    const overused = [...counts.entries()]
      .filter(
        ([w, n]) =>
          (own(OVERUSED, w) !== undefined && n >= 2) || (n >= 4 && n / Math.max(1, content.length) > 0.03),
      )
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([word, count]) => ({ word, count, alternatives: own(OVERUSED, word) ?? [] }));
    const longWords = ws.filter((w) => w.length >= 9).length / Math.max(1, ws.length);
    const level =
      variety >= 0.8 && academic.length >= 5 ? 'advanced' : variety >= 0.7 ? 'intermediate' : 'developing';
    const checks = [
      check(
        'lexical variety',
        variety >= 0.7,
        `moving type–token ratio ${round(variety, 3)} (≥ 0.70 shows varied word choice)`,
      ),
      check(
        'overused words',
        overused.length === 0,
        overused.length === 0 ? 'none' : overused.map((o) => `${o.word} ×${o.count}`).join(', '),
      ),
      check('academic vocabulary', academic.length >= 3, `${academic.length} academic word(s)`),
    ];
    const markdown = doc(
      `# Vocabulary profile: ${level}`,
      table(
        ['Measure', 'Value'],
        [
          ['Words', ws.length],
          ['Distinct words', new Set(ws).size],
          ['Variety (MATTR)', round(variety, 3)],
          ['Very common words', pct(common, 0)],
          ['Long words (9+ letters)', pct(longWords, 0)],
          ['Academic words', academic.length],
        ],
      ),
      academic.length > 0 && `**Academic words used:** ${academic.join(', ')}`,
      overused.length > 0 &&
        `## Try instead\n${bullets(overused.map((o) => `**${o.word}** (×${o.count})${o.alternatives.length ? `: ${o.alternatives.join(', ')}` : ': vary or cut'}`))}`,
      checksSection(checks),
    );
    return offlineResult(
      {
        level,
        words: ws.length,
        mattr: round(variety, 4),
        commonShare: round(common, 4),
        academic,
        overused,
      },
      {
        summary: `Vocabulary ${level}: variety ${round(variety, 2)}, ${academic.length} academic word(s), ${overused.length} overused`,
        markdown,
        checks,
        confidence: 0.85,
      },
    );
  },
});
