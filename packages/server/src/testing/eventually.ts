// Waits for a condition that asynchronous work (a bus delivery, a background loop) will make true.
// It polls on the event loop, not on a timer guess, and fails with the last observed value.
export async function eventually<T>(
  probe: () => Promise<T> | T,
  accept: (value: T) => boolean,
  options: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (accept(last)) return last;
    if (Date.now() > deadline)
      throw new Error(
        `Timed out waiting for ${options.what ?? 'condition'}; last value: ${JSON.stringify(last)}`,
      );
    await new Promise((r) => setTimeout(r, 5));
  }
}
