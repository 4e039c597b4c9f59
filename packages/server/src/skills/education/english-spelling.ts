// Spelling check against a list of frequently misspelt words, with each mistake located and corrected
// (the capitalisation of the original word is kept).
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { MISSPELLINGS } from './data/english-words.js';
import { own } from '../shared/own.js';

const inputSchema = z.object({ text: z.string().min(1).max(50_000) });

export interface SpellingIssue {
  offset: number;
  word: string;
  suggestion: string;
}

/** Finds listed misspellings; the suggestion copies the original's capitalisation. */
export function findMisspellings(text: string): SpellingIssue[] {
  const out: SpellingIssue[] = [];
  for (const m of text.matchAll(/[A-Za-z]+/g)) {
    const fix = own(MISSPELLINGS, m[0].toLowerCase());
    if (!fix) continue;
    const suggestion =
      m[0] === m[0].toUpperCase() && m[0].length > 1
        ? fix.toUpperCase()
        : /^[A-Z]/.test(m[0])
          ? fix[0]?.toUpperCase() + fix.slice(1)
          : fix;
    out.push({ offset: m.index, word: m[0], suggestion });
  }
  return out;
}

/** The text with every listed misspelling corrected. */
export function correctSpelling(text: string): string {
  let out = '';
  let at = 0;
  for (const i of findMisspellings(text)) {
    out += text.slice(at, i.offset) + i.suggestion;
    at = i.offset + i.word.length;
  }
  return out + text.slice(at);
}

export const englishSpelling = defineSkill({
  id: 'english.spelling',
  agentIds: [AgentId.english, AgentId.homework],
  title: 'Spelling check',
  description:
    'Finds commonly misspelt words (recieve, seperate, definately…) with their positions, and returns the corrected text.',
  inputSchema,
  async run(input) {
    const issues = findMisspellings(input.text);
    const corrected = correctSpelling(input.text);
    const clean = findMisspellings(corrected).length === 0;
    const checks = [
      check('no misspellings', issues.length === 0, `${issues.length} misspelt word(s)`),
      check('correction complete', clean, 'the corrected text has none of the listed misspellings'),
    ];
    const markdown = doc(
      '# Spelling check',
      issues.length === 0
        ? '_No common misspellings found._'
        : table(
            ['Where', 'Written', 'Correct'],
            issues.map((i) => [`char ${i.offset}`, i.word, i.suggestion]),
          ),
      issues.length > 0 && `## Corrected text\n${corrected}`,
      checksSection(checks),
    );
    return offlineResult(
      { issues, corrected },
      {
        summary: `${issues.length} misspelling(s) corrected`,
        markdown,
        checks,
        confidence: 0.95,
        selfChecksPassed: clean,
      },
    );
  },
});
