// Shutdown waits for in-flight handlers on the wall clock, not the injected Clock: a test's
// FakeClock that nobody advances must not make close() hang.

/** Resolves true when every promise settled within `graceMs`, false when the grace ran out. */
export async function settleWithin(promises: Iterable<Promise<unknown>>, graceMs: number): Promise<boolean> {
  const all = [...promises];
  if (!all.length) return true;
  if (graceMs <= 0) return false;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), graceMs);
    timer.unref();
  });
  try {
    return await Promise.race([Promise.allSettled(all).then(() => true as const), expired]);
  } finally {
    clearTimeout(timer);
  }
}
