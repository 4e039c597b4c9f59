import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidPattern, isValidTopic, topicMatches } from './topic-pattern.js';

const segment = fc.stringMatching(/^[a-z0-9_-]{1,6}$/);
const topic = fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => s.join('.'));

describe('topicMatches', () => {
  it('matches examples of each form', () => {
    expect(topicMatches('a.b', 'a.b')).toBe(true);
    expect(topicMatches('a.b', 'a.b.c')).toBe(false);
    expect(topicMatches('a.*', 'a.b')).toBe(true);
    expect(topicMatches('a.*', 'a')).toBe(false);
    expect(topicMatches('a.*', 'a.b.c')).toBe(false);
    expect(topicMatches('a.#', 'a')).toBe(true);
    expect(topicMatches('a.#', 'a.b.c')).toBe(true);
    expect(topicMatches('a.#', 'ab')).toBe(false);
    expect(topicMatches('*.b', 'x.b')).toBe(true);
    expect(topicMatches('*', 'x.y.z')).toBe(true);
    expect(topicMatches('#', 'x')).toBe(true);
  });

  it('matches a topic against itself, its wildcard masks and its prefixes with #', () => {
    fc.assert(
      fc.property(topic, fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), fc.nat(), (t, mask, cut) => {
        const parts = t.split('.');
        expect(topicMatches(t, t)).toBe(true);
        expect(topicMatches(parts.map((p, i) => (mask[i] ? '*' : p)).join('.'), t)).toBe(true);
        const keep = cut % (parts.length + 1);
        expect(topicMatches([...parts.slice(0, keep), '#'].join('.'), t)).toBe(true);
      }),
    );
  });

  it('never matches a pattern with a different number of segments and no #', () => {
    fc.assert(
      fc.property(topic, topic, (a, b) => {
        fc.pre(a.split('.').length !== b.split('.').length);
        const pattern = a
          .split('.')
          .map(() => '*')
          .join('.');
        expect(topicMatches(pattern, b)).toBe(pattern === '*');
      }),
    );
  });
});

describe('topic and pattern grammar', () => {
  it('accepts dotted segments and rejects empty segments, spaces and misplaced #', () => {
    expect(isValidTopic('marketing.content.requested')).toBe(true);
    expect(isValidTopic('a..b')).toBe(false);
    expect(isValidTopic('a b')).toBe(false);
    expect(isValidTopic('a.*')).toBe(false);
    expect(isValidTopic('x'.repeat(201))).toBe(false);
    expect(isValidPattern('marketing.*')).toBe(true);
    expect(isValidPattern('a.*.c.#')).toBe(true);
    expect(isValidPattern('#')).toBe(true);
    expect(isValidPattern('a.#.b')).toBe(false);
    expect(isValidPattern('a*')).toBe(false);
  });
});
