// A publish→handler latency micro-measure for benchmarks: one message at a time (closed loop), so
// each sample is the wake latency of an idle consumer, not queueing behind earlier messages.
import { performance } from 'node:perf_hooks';
import type { Bus, Priority } from './bus.js';

export interface BusLatencyOptions {
  /** Measured messages (default 1000). */
  messages?: number;
  /** Unmeasured messages first, to warm connections and JIT (default 100). */
  warmup?: number;
  /** Bytes of filler in each payload (default 64). */
  payloadBytes?: number;
  priority?: Priority;
}

export interface BusLatencySummary {
  count: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/**
 * Measures publish→handler latency on `bus` with a private topic and group (removed afterwards
 * only from this process: the group's empty streams stay on Redis under the bus prefix).
 */
export async function measureBusLatency(
  bus: Bus,
  options: BusLatencyOptions = {},
): Promise<BusLatencySummary> {
  const messages = options.messages ?? 1000;
  const warmup = options.warmup ?? 100;
  const filler = 'x'.repeat(options.payloadBytes ?? 64);
  const tag = `${process.pid}-${Math.floor(performance.now() * 1000)}`;
  const topic = `bench.latency.${tag}`;
  let arrived: ((ms: number) => void) | undefined;
  const sub = await bus.subscribe({
    pattern: topic,
    group: `bench-latency-${tag}`,
    handler: async (d) => {
      const sentAt = (d.message.payload as { t: number }).t;
      arrived?.(performance.now() - sentAt);
    },
  });
  const samples: number[] = [];
  try {
    for (let i = 0; i < warmup + messages; i++) {
      const got = new Promise<number>((resolve) => (arrived = resolve));
      await bus.publish({
        topic,
        payload: { t: performance.now(), f: filler },
        ...(options.priority ? { priority: options.priority } : {}),
      });
      const ms = await got;
      if (i >= warmup) samples.push(ms);
    }
  } finally {
    await sub.close();
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((s, v) => s + v, 0) / Math.max(1, samples.length);
  return {
    count: samples.length,
    minMs: samples[0] ?? 0,
    meanMs: mean,
    p50Ms: percentile(samples, 0.5),
    p99Ms: percentile(samples, 0.99),
    p999Ms: percentile(samples, 0.999),
    maxMs: samples[samples.length - 1] ?? 0,
  };
}
