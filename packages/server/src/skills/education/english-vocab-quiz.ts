// Vocabulary quizzes from the shipped word bank: "which word means…" and synonym questions, with
// distractors of the same part of speech, shuffled options and a verified key.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { invalid } from '../shared/invalid.js';
import { checksSection, doc } from '../shared/markdown.js';
import { pickRng, shuffle } from '../shared/random.js';
import { defineSkill } from '../skill.js';
import { VOCAB_BANK, type VocabEntry } from './data/english-words.js';

const LETTERS = ['A', 'B', 'C', 'D'] as const;

const inputSchema = z.object({
  count: z.number().int().min(1).max(30).default(10),
  partsOfSpeech: z
    .array(z.enum(['noun', 'verb', 'adjective', 'adverb']))
    .max(4)
    .default([]),
  kinds: z
    .array(z.enum(['meaning', 'synonym']))
    .min(1)
    .max(2)
    .default(['meaning', 'synonym']),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .optional(),
});

export interface VocabQuestion {
  number: number;
  kind: 'meaning' | 'synonym';
  prompt: string;
  options: string[];
  answer: (typeof LETTERS)[number];
  word: string;
  explanation: string;
}

export const englishVocabQuiz = defineSkill({
  id: 'english.vocab-quiz',
  agentIds: [AgentId.english, AgentId.testPrep],
  title: 'Vocabulary quiz',
  description:
    'Meaning and synonym questions from a graded word bank, with same-part-of-speech distractors and an answer key with example sentences.',
  inputSchema,
  async run(input, ctx) {
    const pool = VOCAB_BANK.filter(
      (v) => input.partsOfSpeech.length === 0 || input.partsOfSpeech.includes(v.pos),
    );
    if (pool.length < 4)
      throw invalid('partsOfSpeech', 'too few words in the bank for these parts of speech');
    const rng = pickRng(ctx, input.seed);
    const words = shuffle(rng, pool).slice(0, input.count);
    const questions: VocabQuestion[] = words.map((w, i) => {
      const kind = input.kinds[i % input.kinds.length] as 'meaning' | 'synonym';
      const others = shuffle(
        rng,
        pool.filter(
          (o) => o.word !== w.word && o.pos === w.pos && !o.synonyms.some((s) => w.synonyms.includes(s)),
        ),
      );
      const fallback = shuffle(
        rng,
        pool.filter((o) => o.word !== w.word && !others.includes(o)),
      );
      const distractors: VocabEntry[] = [...others, ...fallback].slice(0, 3);
      const correct = kind === 'meaning' ? w.word : (w.synonyms[0] as string);
      const wrong = distractors.map((d) => (kind === 'meaning' ? d.word : (d.synonyms[0] as string)));
      const options = shuffle(rng, [correct, ...wrong]);
      return {
        number: i + 1,
        kind,
        prompt:
          kind === 'meaning'
            ? `Which word means "${w.definition}"?`
            : `Choose the word closest in meaning to "${w.word}".`,
        options,
        answer: LETTERS[options.indexOf(correct)] as VocabQuestion['answer'],
        word: w.word,
        explanation: `${w.word} (${w.pos}): ${w.definition}. e.g. "${w.example}"`,
      };
    });
    const keyOk = questions.every((q) => {
      const entry = VOCAB_BANK.find((v) => v.word === q.word) as VocabEntry;
      const right = q.options['ABCD'.indexOf(q.answer)];
      return q.kind === 'meaning' ? right === entry.word : right === entry.synonyms[0];
    });
    const distinctOptions = questions.every((q) => new Set(q.options).size === 4);
    const checks = [
      check('answer key verified', keyOk, 'each key letter points at the right word'),
      check('four distinct options', distinctOptions, 'no repeated options'),
      check('enough questions', questions.length === input.count, `${questions.length} of ${input.count}`),
    ];
    const markdown = doc(
      '# Vocabulary quiz',
      questions
        .map(
          (q) =>
            `**${q.number}.** ${q.prompt}\n${q.options.map((o, k) => `   ${LETTERS[k]}. ${o}`).join('\n')}`,
        )
        .join('\n\n'),
      '## Answer key',
      questions.map((q) => `${q.number}. **${q.answer}** — ${q.explanation}`).join('\n'),
      checksSection(checks),
    );
    return offlineResult(
      { questions },
      {
        summary: `${questions.length}-question vocabulary quiz`,
        markdown,
        checks,
        confidence: 0.98,
        selfChecksPassed: keyOk && distinctOptions,
      },
    );
  },
});
