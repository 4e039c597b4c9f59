// Readability report: Flesch reading ease and Flesch–Kincaid grade against an audience target.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { countSyllables, fleschBand, lowerWords, readability, splitSentences } from '../shared/text.js';
import { defineSkill } from '../skill.js';

/** Minimum reading ease per audience (patients need plain language; specialists tolerate more). */
export const readingEaseTargets = { patients: 60, general: 60, students: 50, professionals: 30 } as const;

const inputSchema = z.object({
  text: z.string().min(1).max(50_000),
  audience: z.enum(['patients', 'general', 'students', 'professionals']).default('general'),
  /** Overrides the audience's minimum reading ease. */
  minReadingEase: z.number().min(0).max(100).optional(),
  maxSentenceWords: z.number().int().min(8).max(60).default(25),
});

export const textReadability = defineSkill({
  id: 'text.readability',
  agentIds: [AgentId.content, AgentId.social, AgentId.email, AgentId.brand, AgentId.english, AgentId.seo],
  title: 'Readability score',
  description:
    'Flesch reading ease, Flesch–Kincaid grade, long sentences and complex words against a target for the audience.',
  inputSchema,
  async run(input) {
    const stats = readability(input.text);
    const target = input.minReadingEase ?? readingEaseTargets[input.audience];
    const sentences = splitSentences(input.text);
    const long = sentences
      .map((s) => ({ sentence: s, words: lowerWords(s).length }))
      .filter((s) => s.words > input.maxSentenceWords)
      .sort((a, b) => b.words - a.words);
    const complexCounts = new Map<string, number>();
    for (const w of lowerWords(input.text))
      if (countSyllables(w) >= 4) complexCounts.set(w, (complexCounts.get(w) ?? 0) + 1);
    const complex = [...complexCounts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 15);
    const ease = round(stats.fleschReadingEase, 1);
    const grade = round(stats.fleschKincaidGrade, 1);
    const checks = [
      check(
        'reading ease',
        ease >= target,
        `${ease} (${fleschBand(ease)}); target ≥ ${target} for ${input.audience}`,
      ),
      check(
        'long sentences',
        long.length === 0,
        `${long.length} sentence(s) over ${input.maxSentenceWords} words`,
      ),
      check(
        'text measured',
        stats.words > 0 && stats.sentences > 0,
        `${stats.sentences} sentences, ${stats.words} words, ${stats.syllables} syllables`,
      ),
    ];
    const output = {
      fleschReadingEase: ease,
      fleschKincaidGrade: grade,
      band: fleschBand(ease),
      target,
      meetsTarget: ease >= target,
      sentences: stats.sentences,
      words: stats.words,
      syllables: stats.syllables,
      wordsPerSentence: round(stats.wordsPerSentence, 1),
      syllablesPerWord: round(stats.syllablesPerWord, 2),
      longSentences: long.slice(0, 10),
      complexWords: complex.map(([word, count]) => ({ word, count })),
    };
    const advice: string[] = [];
    if (stats.wordsPerSentence > 20)
      advice.push(`Shorten sentences: ${output.wordsPerSentence} words on average; aim for 15–20.`);
    if (stats.syllablesPerWord > 1.6)
      advice.push(`Prefer shorter words: ${output.syllablesPerWord} syllables per word on average.`);
    if (complex.length > 0)
      advice.push(
        `Replace or explain: ${complex
          .slice(0, 5)
          .map(([w]) => w)
          .join(', ')}.`,
      );
    const markdown = doc(
      '# Readability report',
      table(
        ['Measure', 'Value'],
        [
          ['Flesch reading ease', `${ease} — ${output.band}`],
          ['Flesch–Kincaid grade', grade],
          ['Sentences / words', `${stats.sentences} / ${stats.words}`],
          ['Words per sentence', output.wordsPerSentence],
          ['Syllables per word', output.syllablesPerWord],
        ],
      ),
      '## Advice',
      bullets(advice, '_The text already reads at the target level._'),
      long.length > 0 &&
        `## Longest sentences\n${bullets(long.slice(0, 5).map((l) => `(${l.words} words) ${l.sentence}`))}`,
      checksSection(checks),
    );
    return offlineResult(output, {
      summary: `Reading ease ${ease} (${output.band}), grade ${grade}; ${output.meetsTarget ? 'meets' : 'below'} the target of ${target}`,
      markdown,
      checks,
      confidence: 0.9,
    });
  },
});
