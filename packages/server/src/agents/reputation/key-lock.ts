// Runs async work one at a time per key inside this process, so writers of the same durable row
// queue up instead of colliding on its version check (other processes still get CONFLICT + retry).

export interface KeyLock {
  /** Runs `fn` after every earlier `run` with the same key has settled; resolves or rejects with it. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export function createKeyLock(): KeyLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, fn: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(fn, fn);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      // Forget the key once nobody queued behind this run, so the map does not grow without bound.
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}
