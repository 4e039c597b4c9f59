import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlatformError } from '../../errors.js';
import { parseCsv, parseLooseNumber, readCsvRecords, toCsv } from './csv.js';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and embedded newlines', () => {
    const text = 'name,note\r\n"Doe, Jane","She said ""hi""\r\nthen left"\r\nBob,plain\r\n';
    expect(parseCsv(text)).toEqual([
      ['name', 'note'],
      ['Doe, Jane', 'She said "hi"\r\nthen left'],
      ['Bob', 'plain'],
    ]);
  });

  it('accepts LF endings, a BOM, a missing final newline and empty fields', () => {
    expect(parseCsv('\ufeffa,b,c\n1,,3\n,,')).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
      ['', '', ''],
    ]);
  });

  it('skips blank lines', () => {
    expect(parseCsv('a\n\nb\n')).toEqual([['a'], ['b']]);
  });

  it('rejects an unterminated quote, naming the field and line', () => {
    let caught: unknown;
    try {
      parseCsv('a,b\n1,"oops\n2,3', 'contacts');
    } catch (e) {
      caught = e;
    }
    expect(isPlatformError(caught, 'VALIDATION')).toBe(true);
    expect((caught as Error).message).toContain('contacts');
    expect((caught as Error).message).toContain('line 2');
  });

  it('accepts mixed line endings in one file', () => {
    expect(parseCsv('a,b\r\n1,2\n3,4\r5,6')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('names the line where an unclosed quote starts, after multi-line fields and blank lines', () => {
    expect(() => parseCsv('naïve,ü\n"é\nz",1\n\n\n2,"open\nq')).toThrow(
      /line 6: quoted field is never closed/,
    );
  });

  it('rejects text after a closing quote', () => {
    expect(() => parseCsv('"a"b,c')).toThrow(/closing quote/);
  });

  it('round-trips any table through toCsv', () => {
    const cellArb = fc.string({ maxLength: 12 }).filter((s) => !/^[=+\-@]/.test(s));
    fc.assert(
      fc.property(
        fc.array(fc.array(cellArb, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }),
        (rows) => {
          // A row of empty cells is indistinguishable from a blank line only when it has one field; ours have two.
          const parsed = parseCsv(toCsv(['h1', 'h2'], rows));
          expect(parsed).toEqual([['h1', 'h2'], ...rows]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('neutralises spreadsheet formulas but keeps phone numbers and negatives', () => {
    expect(toCsv(['a'], [['=cmd()'], ['+91 98765 43210'], ['-3.5']])).toBe(
      "a\r\n'=cmd()\r\n+91 98765 43210\r\n-3.5\r\n",
    );
  });
});

describe('readCsvRecords', () => {
  const columns = {
    handle: { aliases: ['username'], type: 'string', required: true },
    followers: { aliases: ['follower count'], type: 'number', required: true },
    city: { aliases: [], type: 'string' },
  } as const;

  it('maps headers case-insensitively through aliases and parses loose numbers', () => {
    const { records } = readCsvRecords('Username,Follower Count\n@a,12.5k\n@b,"1,200"\n', columns);
    expect(records).toEqual([
      { handle: '@a', followers: 12500, city: undefined },
      { handle: '@b', followers: 1200, city: undefined },
    ]);
  });

  it('names the row and column of a bad number', () => {
    expect(() => readCsvRecords('handle,followers\n@a,lots\n', columns, 'influencers')).toThrow(
      /influencers\[row 1\]\.followers/,
    );
  });

  it('names a missing required column', () => {
    expect(() => readCsvRecords('handle\n@a\n', columns)).toThrow(/missing column "followers"/);
  });
});

describe('parseLooseNumber', () => {
  it('understands currency, separators, suffixes and percentages', () => {
    expect(parseLooseNumber('₹5,000')).toBe(5000);
    expect(parseLooseNumber('1.2M')).toBe(1_200_000);
    expect(parseLooseNumber('3.4%')).toBe(3.4);
    expect(parseLooseNumber('')).toBeUndefined();
    expect(parseLooseNumber('abc')).toBeNaN();
  });
});
