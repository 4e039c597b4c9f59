import { describe, expect, it } from 'vitest';
import { createKeyLock } from './key-lock.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('createKeyLock', () => {
  it('runs work of one key one at a time, in call order, and other keys alongside', async () => {
    const lock = createKeyLock();
    const events: string[] = [];
    const gate = deferred();
    const a1 = lock.run('a', async () => {
      events.push('a1 start');
      await gate.promise;
      events.push('a1 end');
      return 1;
    });
    const a2 = lock.run('a', async () => {
      events.push('a2');
      return 2;
    });
    const b = lock.run('b', async () => {
      events.push('b');
      return 3;
    });
    expect(await b).toBe(3);
    expect(events).toEqual(['a1 start', 'b']);
    gate.resolve();
    expect(await Promise.all([a1, a2])).toEqual([1, 2]);
    expect(events).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
  });

  it('lets the next run go ahead after a failure, which reaches only its own caller', async () => {
    const lock = createKeyLock();
    const failed = lock.run('k', async () => {
      throw new Error('boom');
    });
    const next = lock.run('k', async () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('ok');
  });
});
