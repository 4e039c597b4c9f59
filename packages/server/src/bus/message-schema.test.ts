// buildMessage's fast validation path (decision 0088) must accept exactly what the zod schema accepts,
// with the same copy a JSON round trip would give, and leave every error to zod.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlatformError } from '../errors.js';
import type { PublishInput } from './bus.js';
import { buildMessage, deepFreeze, publishInputSchema } from './message-schema.js';

const options = { id: 'msg_1', now: 1, maxMessageBytes: 1 << 20 };

function outcome(payload: unknown): { ok: true; payload: unknown } | { ok: false; error: unknown } {
  try {
    return {
      ok: true,
      payload: buildMessage({ topic: 'a.b', payload } as PublishInput, options).message.payload,
    };
  } catch (error) {
    return { ok: false, error };
  }
}

describe('buildMessage', () => {
  it('accepts a payload exactly when the zod schema does, as a copy equal to its JSON round trip', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (payload) => {
        const got = outcome(payload);
        expect(publishInputSchema.safeParse({ topic: 'a.b', payload }).success).toBe(true);
        expect(got.ok).toBe(true);
        if (!got.ok) return;
        expect(got.payload).toStrictEqual(JSON.parse(JSON.stringify(payload)));
        if (payload !== null && typeof payload === 'object') expect(got.payload).not.toBe(payload);
      }),
    );
  });

  it('refuses with zod’s error what zod refuses, and agrees with zod on the edge cases', () => {
    class Point {
      x = 1;
    }
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    const nullProto = Object.assign(Object.create(null) as object, { a: 1 });
    const cases: unknown[] = [
      undefined,
      Number.NaN,
      Infinity,
      10n,
      () => 1,
      { a: undefined },
      // A hole in an array (sparse arrays are not JSON).
      Object.assign(new Array<unknown>(3), { 0: 1, 2: 3 }),
      new Point(),
      new Date(0),
      { [Symbol('s')]: 1 },
      JSON.parse('{"__proto__": {"x": 1}}'),
      nullProto,
      deep,
    ];
    for (const [index, payload] of cases.entries()) {
      const got = outcome(payload);
      let zodOk: boolean;
      try {
        zodOk = publishInputSchema.safeParse({ topic: 'a.b', payload }).success;
      } catch {
        zodOk = false;
      }
      expect(got.ok, `case ${index}`).toBe(zodOk);
      if (!got.ok) {
        expect(got.error).toBeInstanceOf(PlatformError);
        expect((got.error as PlatformError).code).toBe('VALIDATION');
        expect((got.error as PlatformError).details).toMatchObject({
          field: expect.stringMatching(/^payload/),
        });
      }
    }
  });

  it('refuses a cyclic payload with VALIDATION', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const got = outcome(cyclic);
    expect(got.ok).toBe(false);
    if (!got.ok) expect((got.error as PlatformError).code).toBe('VALIDATION');
  });

  it('turns -0 into 0, as the stored JSON has it', () => {
    const got = outcome({ z: -0 });
    expect(got.ok && Object.is((got.payload as { z: number }).z, 0)).toBe(true);
  });

  it('keeps the envelope checks: unknown keys and bad topics are refused naming the field', () => {
    const bad = (input: unknown) => {
      try {
        buildMessage(input as PublishInput, options);
      } catch (err) {
        return (err as PlatformError).details?.field;
      }
      return undefined;
    };
    expect(bad({ topic: 'a.b', payload: 1, extra: true })).toBe('extra');
    expect(bad({ topic: 'a..b', payload: 1 })).toBe('topic');
    expect(bad({ topic: 'a.b', payload: 1, priority: 9 })).toBe('priority');
  });

  it('deep-freezes a message and its payload', () => {
    const { message } = buildMessage({ topic: 'a.b', payload: { list: [{ x: 1 }] } }, options);
    deepFreeze(message);
    expect(Object.isFrozen(message)).toBe(true);
    expect(Object.isFrozen((message.payload as { list: object[] }).list[0])).toBe(true);
    expect(Object.isFrozen(message.headers)).toBe(true);
  });
});
