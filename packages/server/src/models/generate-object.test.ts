import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PlatformError } from '../errors.js';
import { extractJson, generateObject } from './generate-object.js';
import { OfflineScriptedProvider } from './offline-scripted-provider.js';

describe('extractJson', () => {
  it('reads plain JSON, fenced JSON and JSON wrapped in prose', () => {
    expect(extractJson(' {"a":1} ')).toEqual({ a: 1 });
    expect(extractJson('Sure:\n```json\n{"a":2}\n```\nDone.')).toEqual({ a: 2 });
    expect(extractJson('Here you go: {"a":{"b":[1,2]}} hope that helps')).toEqual({ a: { b: [1, 2] } });
    expect(extractJson('[1,2,3]')).toEqual([1, 2, 3]);
    expect(() => extractJson('no json here')).toThrow(SyntaxError);
  });
});

describe('generateObject', () => {
  it('lets provider failures through unchanged', async () => {
    const failing = new OfflineScriptedProvider();
    failing.generate = () => Promise.reject(new PlatformError('RATE_LIMITED', 'slow down'));
    await expect(
      generateObject(failing, { messages: [{ role: 'user', content: 'x' }] }, z.object({})),
    ).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
  });

  it('honours maxAttempts and reports the last invalid reply', async () => {
    const provider = new OfflineScriptedProvider({ script: [{ match: /./, object: { n: 'not a number' } }] });
    const err = await generateObject(
      provider,
      { messages: [{ role: 'user', content: 'x' }] },
      z.object({ n: z.number() }),
      {
        maxAttempts: 3,
      },
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'VALIDATION',
      details: { attempts: 3, issues: [{ path: 'n' }], text: '{"n":"not a number"}' },
    });
  });
});
