import { describe, expect, it } from 'vitest';
import { addBusinessDays, formatDay, isWeekend, parseIsoDay, weekdayName } from './dates.js';
import { hash32, seededRng, shuffle } from './random.js';
import { jaro, jaroWinkler, levenshtein, osaDistance } from './similarity.js';
import { countSyllables, findPassive, readability, splitSentences, truncateWords } from './text.js';

describe('dates', () => {
  it('parses real dates only and formats them back', () => {
    expect(parseIsoDay('2024-02-30')).toBeUndefined();
    const d = parseIsoDay('2024-02-29');
    expect(d).toBeDefined();
    expect(formatDay(d as number)).toBe('2024-02-29');
  });

  it('knows weekdays and skips weekends when adding business days', () => {
    const fri = parseIsoDay('2026-01-02') as number;
    expect(weekdayName(fri)).toBe('Fri');
    expect(isWeekend(fri + 1)).toBe(true);
    expect(formatDay(addBusinessDays(fri, 1))).toBe('2026-01-05');
    expect(formatDay(addBusinessDays(fri + 1, 0))).toBe('2026-01-05');
  });
});

describe('similarity', () => {
  it('matches the textbook Jaro–Winkler values', () => {
    expect(jaro('MARTHA', 'MARHTA')).toBeCloseTo(0.9444, 4);
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.8133, 4);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('computes edit distance', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(osaDistance('gmial', 'gmail')).toBe(1);
    expect(levenshtein('gmial', 'gmail')).toBe(2);
    expect(osaDistance('ca', 'abc')).toBe(3);
  });
});

describe('random', () => {
  it('repeats for a seed and shuffles to a permutation', () => {
    const a = seededRng(42);
    const b = seededRng(42);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
    const s = shuffle(seededRng(1), [1, 2, 3, 4, 5, 6]);
    expect([...s].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(hash32('abc')).toBe(hash32('abc'));
    expect(hash32('abc')).not.toBe(hash32('abd'));
  });
});

describe('text', () => {
  it('splits sentences but not after abbreviations or decimals', () => {
    expect(splitSentences('Dr. Rao sees 2.5 patients a minute. Is that fast? Yes!')).toEqual([
      'Dr. Rao sees 2.5 patients a minute.',
      'Is that fast?',
      'Yes!',
    ]);
    expect(splitSentences('# Heading\nBody text here.')).toEqual(['Heading', 'Body text here.']);
  });

  it('counts syllables of common words', () => {
    const cases: [string, number][] = [
      ['cat', 1],
      ['table', 2],
      ['beautiful', 3],
      ['wanted', 2],
      ['jumped', 1],
      ['education', 4],
      ['the', 1],
    ];
    for (const [w, n] of cases) expect(countSyllables(w), w).toBe(n);
  });

  it('scores simple text as easier than dense text', () => {
    const easy = readability('The cat sat on the mat. It was a sunny day. We had fun.');
    const hard = readability(
      'Multidisciplinary pharmacological interventions necessitate comprehensive interprofessional collaboration and evaluation.',
    );
    expect(easy.fleschReadingEase).toBeGreaterThan(90);
    expect(hard.fleschReadingEase).toBeLessThan(10);
  });

  it('finds passive constructions', () => {
    expect(findPassive('The report was written by the team.')).toEqual(['was written']);
    expect(findPassive('The bug is being quickly fixed.')).toEqual(['is being quickly fixed']);
    expect(findPassive('We wrote the report.')).toEqual([]);
  });

  it('truncates at a word boundary', () => {
    expect(truncateWords('one two three four', 12)).toBe('one two…');
    expect(truncateWords('short', 12)).toBe('short');
  });
});
