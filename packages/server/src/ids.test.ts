import { describe, expect, it } from 'vitest';
import { createIds } from './ids.js';

describe('createIds', () => {
  it('makes unique ids that sort in creation order, within a millisecond and across them', () => {
    let ms = 1_700_000_000_000;
    const ids = createIds(() => ms);
    const made: string[] = [];
    for (let i = 0; i < 2000; i++) {
      if (i % 300 === 0) ms += 1;
      made.push(ids.next());
    }
    expect(new Set(made).size).toBe(made.length);
    expect([...made].sort()).toEqual(made);
    for (const id of made) expect(id).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
  });

  it('prefixes ids and draws fresh randomness in each millisecond', () => {
    let ms = 1;
    const ids = createIds(() => ms);
    const a = ids.next('run');
    ms = 2;
    const b = ids.next('run');
    expect(a).toMatch(/^run_0{9}1[0-9a-z]{16}$/);
    expect(b.slice(4, 14)).toBe('0000000002');
    expect(a.slice(14)).not.toBe(b.slice(14));
  });
});
