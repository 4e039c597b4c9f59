// Helpers shared by the Bus conformance suites (bus.contract.ts, bus-drain.contract.ts): waiting for
// an event rather than a fixed time, deferred promises, and reading group stats and counters.
import type { PlatformError } from '../errors.js';
import type { Metrics } from '../components/observability/metrics.js';
import type { Bus, BusStats, GroupStats } from './bus.js';
import type { BusHarness } from './bus.contract.js';
import type { MemoryBroker } from './memory-broker.js';
import { MemoryBus } from './memory-bus.js';

export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Polls a condition until it holds (or fails after `timeoutMs`): waits for an event, never for a fixed time. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

export function groupOf(stats: BusStats, group: string): GroupStats {
  const g = stats.groups.find((x) => x.group === group);
  if (!g) throw new Error(`no stats for group ${group}: ${JSON.stringify(stats.groups)}`);
  return g;
}

export async function settled(bus: Bus, group: string): Promise<boolean> {
  const g = groupOf(await bus.stats(), group);
  return g.pending === 0 && g.depth === 0;
}

export async function rejection(p: Promise<unknown>): Promise<PlatformError> {
  try {
    await p;
  } catch (err) {
    return err as PlatformError;
  }
  throw new Error('expected a rejection');
}

export async function counterValues(
  metrics: Metrics,
  name: 'busDeadLettered' | 'busRejected',
): Promise<Array<{ labels: Record<string, string | number>; value: number }>> {
  const data = await metrics[name].get();
  return data.values.map((v) => ({ labels: v.labels as Record<string, string | number>, value: v.value }));
}

/** A conformance harness of in-process buses sharing `broker` (like processes sharing one Redis). */
export function memoryBusHarness(
  broker: MemoryBroker,
  cleanup: () => Promise<void> = async () => {},
): BusHarness {
  const buses: Bus[] = [];
  return {
    async open(options = {}) {
      const bus = new MemoryBus({ ...options, broker });
      buses.push(bus);
      return bus;
    },
    async dispose() {
      await Promise.all(buses.map((b) => b.close()));
      await broker.close();
      await cleanup();
    },
  };
}
