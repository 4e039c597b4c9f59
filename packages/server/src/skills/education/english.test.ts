import { describe, expect, it } from 'vitest';
import { skillRunner } from '../execute.js';
import type { SkillWriter } from '../skill.js';
import { VOCAB_BANK } from './data/english-words.js';
import type { EssayReport } from './english-essay-feedback.js';
import type { LetterPart } from './english-letter-format.js';
import { copiedRuns } from './english-precis-check.js';
import { correctSpelling } from './english-spelling.js';
import type { VocabQuestion } from './english-vocab-quiz.js';
import { mattr } from './english-vocabulary-profile.js';
import { englishEssayFeedback } from './english-essay-feedback.js';
import { englishLetterFormat } from './english-letter-format.js';
import { englishPrecisCheck } from './english-precis-check.js';
import { englishSpelling } from './english-spelling.js';
import { englishVocabQuiz } from './english-vocab-quiz.js';
import { englishVocabularyProfile } from './english-vocabulary-profile.js';

const runSkill = skillRunner([
  englishEssayFeedback,
  englishLetterFormat,
  englishPrecisCheck,
  englishSpelling,
  englishVocabQuiz,
  englishVocabularyProfile,
]);

const ctx = { now: Date.UTC(2026, 0, 5) };

describe('english.spelling', () => {
  it('locates misspellings and corrects them keeping capitals', async () => {
    const text = 'I recieve letters. Definately seperate them. ACCOMODATE all.';
    const r = await runSkill('english.spelling', { text }, ctx);
    const o = r.output as {
      issues: { offset: number; word: string; suggestion: string }[];
      corrected: string;
    };
    expect(o.issues.map((i) => i.suggestion)).toEqual(['receive', 'Definitely', 'separate', 'ACCOMMODATE']);
    for (const i of o.issues) expect(text.slice(i.offset, i.offset + i.word.length)).toBe(i.word);
    expect(o.corrected).toBe('I receive letters. Definitely separate them. ACCOMMODATE all.');
    expect(correctSpelling('all fine')).toBe('all fine');
  });
});

describe('english.essay-feedback', () => {
  const good = [
    'Plastic waste is one of the biggest problems our cities face today. Every street corner shows how careless habits harm the environment, and the cost is rising every year.',
    'Firstly, plastic blocks drains. For example, during the monsoon of 2023, flooded roads in many towns were traced to clogged drains. Moreover, animals swallow bags and die. Cows in busy markets are often found with kilograms of plastic inside them.',
    'However, the solution is simple. Shops can charge for bags, and families can carry cloth bags. Schools can teach children to sort waste. Small steps, repeated by millions, change a city.',
    'In conclusion, plastic pollution is serious, but it is not hopeless. If each of us refuses one bag a day, our streets will be cleaner within a year.',
  ].join('\n\n');

  it('rewards organisation, linking and a conclusion', async () => {
    const r = await runSkill('english.essay-feedback', { text: good }, ctx);
    const o = r.output as EssayReport;
    expect(o.paragraphs).toBe(4);
    expect(o.rubric.find((x) => x.criterion === 'Organisation')?.score).toBeGreaterThanOrEqual(4);
    expect(o.total).toBe(o.rubric.reduce((s, x) => s + x.score, 0));
    expect(o.improvements.join(' ')).not.toMatch(/three paragraphs/);
  });

  it('flags a one-paragraph essay with errors and adds model comments when configured', async () => {
    const weak =
      'i think school is good. i think school is good because teachers is nice. i think we should go. their is alot of fun.';
    const writer: SkillWriter = {
      write: async () => ({
        text: 'Try giving one reason per paragraph.',
        provider: 'tutor-model',
        offline: false,
      }),
    };
    const r = await runSkill('english.essay-feedback', { text: weak, targetWords: 150 }, { ...ctx, writer });
    const o = r.output as EssayReport;
    expect(o.improvements.join(' ')).toMatch(/three paragraphs/);
    expect(o.improvements.join(' ')).toMatch(/Vary how sentences begin/);
    expect(o.rubric.find((x) => x.criterion === 'Mechanics')?.score).toBeLessThan(5);
    expect(o.total).toBeLessThan(12);
    expect(r.method).toBe('model');
    expect(r.markdown).toContain('tutor-model');
  });
});

describe('english.vocabulary-profile', () => {
  it('measures variety and suggests alternatives for overused words', async () => {
    const r = await runSkill(
      'english.vocabulary-profile',
      {
        text: 'The film was good. The songs were good and the acting was good. It was a very good day and a very nice thing.',
      },
      ctx,
    );
    const o = r.output as { overused: { word: string; alternatives: readonly string[] }[]; mattr: number };
    expect(o.overused[0]?.word).toBe('good');
    expect(o.overused[0]?.alternatives).toContain('excellent');
    const ws = ['a', 'b', 'a', 'b'];
    expect(mattr(ws, 2)).toBe(1);
    expect(mattr(['a', 'a', 'a'], 2)).toBe(0.5);
  });
});

describe('english.vocab-quiz', () => {
  it('builds questions whose keys point at the right word', async () => {
    const r = await runSkill('english.vocab-quiz', { count: 12, seed: 5 }, ctx);
    const qs = (r.output as { questions: VocabQuestion[] }).questions;
    expect(qs).toHaveLength(12);
    for (const q of qs) {
      const entry = VOCAB_BANK.find((v) => v.word === q.word);
      const right = q.options['ABCD'.indexOf(q.answer)];
      expect(right).toBe(q.kind === 'meaning' ? entry?.word : entry?.synonyms[0]);
      expect(new Set(q.options).size).toBe(4);
    }
    expect(r.checks.every((c) => c.passed)).toBe(true);
  });

  it('filters by part of speech', async () => {
    const r = await runSkill(
      'english.vocab-quiz',
      { count: 5, partsOfSpeech: ['verb'], kinds: ['meaning'], seed: 2 },
      ctx,
    );
    for (const q of (r.output as { questions: VocabQuestion[] }).questions)
      expect(VOCAB_BANK.find((v) => v.word === q.word)?.pos).toBe('verb');
  });
});

describe('english.precis-check', () => {
  const source = `Forests cover nearly a third of the earth's land. Forests store carbon, shelter wildlife and regulate rainfall. Yet every year forests the size of a small country are cleared for farms, mines and roads. When forests disappear, soil washes away, rivers silt up and rainfall becomes erratic. Communities that depend on forests for food, fuel and medicine lose their livelihoods. Protecting forests therefore protects people. Replanting helps, but a young plantation cannot replace an old forest rich in wildlife. The wisest policy is to keep standing forests standing, reward communities that guard them, and farm more efficiently on land that is already cleared.`;

  it('measures length, coverage and copying', async () => {
    const summary =
      'Forests store carbon, shelter wildlife and regulate rainfall, yet they are cleared for farms and mines. Losing forests harms soil, rivers and communities. The best policy is to protect existing forests and farm cleared land better.';
    const r = await runSkill('english.precis-check', { source, summary }, ctx);
    const o = r.output as { ratio: number; coverage: number; copied: string[] };
    expect(o.ratio).toBeGreaterThan(0.3);
    // Word runs ignore punctuation, so "rainfall. Yet" in the source matches "rainfall, yet".
    expect(o.copied).toEqual(['forests store carbon shelter wildlife and regulate rainfall yet']);
    expect(o.coverage).toBeGreaterThanOrEqual(0.5);
  });

  it('finds verbatim runs', () => {
    expect(copiedRuns('a b c d e f g h', 'x a b c d e f y', 4)).toEqual(['a b c d e f']);
    expect(copiedRuns('a b c d', 'd c b a', 3)).toEqual([]);
  });
});

describe('english.letter-format', () => {
  const formal = [
    '12, Park Street',
    'New Delhi',
    '5 January 2026',
    'The Principal',
    'Green Valley School',
    'New Delhi',
    'Subject: Request for a water cooler in the library',
    'Sir/Madam,',
    `I am writing to request a water cooler in the school library. ${'Students spend long hours there and must leave to drink water. '.repeat(9)}`,
    '',
    'I hope you will consider this request favourably.',
    'Yours faithfully,',
    'Asha Verma',
  ].join('\n');

  it('accepts a complete formal letter', async () => {
    const r = await runSkill('english.letter-format', { letter: formal }, ctx);
    const o = r.output as { parts: LetterPart[]; problems: string[] };
    expect(o.parts.every((p) => p.found)).toBe(true);
    expect(o.problems).toEqual([]);
    expect(r.checks.find((c) => c.name === 'parts in order')?.passed).toBe(true);
  });

  it('catches a mismatched close, missing subject and contractions', async () => {
    const bad = formal
      .replace('Subject: Request for a water cooler in the library\n', '')
      .replace('Yours faithfully,', 'Yours sincerely,')
      .replace('I am writing', "I'm writing");
    const r = await runSkill('english.letter-format', { letter: bad }, ctx);
    const o = r.output as { parts: LetterPart[]; problems: string[] };
    expect(o.parts.find((p) => p.part === 'Subject line')?.found).toBe(false);
    expect(o.problems.join(' ')).toMatch(/Yours faithfully/);
    expect(o.problems.join(' ')).toMatch(/contraction/);
  });
});
