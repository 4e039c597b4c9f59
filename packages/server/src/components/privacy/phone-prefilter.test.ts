import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { mayHoldPhoneNumber, phoneDigitsMin } from './phone-prefilter.js';

/** A small deterministic generator, so a failure names a text that can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

// Pieces phone-like texts are made of: digits of several scripts, separators, letters, `+`, `x`, ext.
const PIECES = [
  ...'01234567890123456789'.split(''),
  '٣',
  '５',
  ' ',
  '-',
  '.',
  '(',
  ')',
  '/',
  '\n',
  '+',
  'x',
  ' ext. ',
  'a',
  'Case: ',
  ', ',
  '00',
  '+44',
  '+91',
  '+290',
  '+49',
];

describe('phone pre-filter', () => {
  it('knows the shortest number per region from the metadata (a + number: 6 digits, e.g. +43 and 4)', () => {
    expect(phoneDigitsMin('IN')).toBe(6);
    expect(phoneDigitsMin('US')).toBe(6);
    expect(phoneDigitsMin('DE')).toBe(4);
  });

  it('passes every text in which libphonenumber finds a number (random texts, four regions)', () => {
    const next = random(18);
    let found = 0;
    for (const region of ['IN', 'US', 'DE', 'GB'] as CountryCode[]) {
      const min = phoneDigitsMin(region);
      for (let n = 0; n < 3000; n++) {
        let text = '';
        const len = 6 + Math.floor(next() * 14);
        for (let i = 0; i < len; i++) text += PIECES[Math.floor(next() * PIECES.length)];
        if (findPhoneNumbersInText(text, region).length === 0) continue;
        found++;
        expect({ region, text, passes: mayHoldPhoneNumber(text, min) }).toEqual({
          region,
          text,
          passes: true,
        });
      }
    }
    expect(found).toBeGreaterThan(500);
  });

  it('passes known short and non-ASCII numbers and stops texts whose digits letters split', () => {
    const de = phoneDigitsMin('DE');
    expect(findPhoneNumbersInText('Ruf 1234 an', 'DE')).toHaveLength(1);
    expect(mayHoldPhoneNumber('Ruf 1234 an', de)).toBe(true);
    expect(mayHoldPhoneNumber('tel +290 1234', 6)).toBe(true);
    expect(mayHoldPhoneNumber('call ９８７６５４３２１０', 6)).toBe(true);
    expect(mayHoldPhoneNumber('Decision: review\nCase: r1-123\nFacts: {"i":123}', 6)).toBe(false);
    expect(mayHoldPhoneNumber('order a1b2c3d4e5f6g7h8', 6)).toBe(false);
    expect(mayHoldPhoneNumber('12 34\n56', 6)).toBe(true);
  });
});
