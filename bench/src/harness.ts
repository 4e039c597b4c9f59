// The bench harness: every cell runs 1 warm-up and N repeats, ours and the peers interleaved A/B/A/B so
// drift on the machine hits both alike; results are the median with min–max.
import { build as buildHistogram } from 'hdr-histogram-js';

export interface Sample {
  value: number;
  /** Extra figures of this repeat (p50/p99…), kept in the JSON. */
  extra?: Record<string, number>;
}

export type Runner = () => Promise<Sample>;

export interface CellSpec {
  id: string;
  suite: string;
  metric: string;
  unit: string;
  higherIsBetter: boolean;
  ours: Runner;
  peers?: Record<string, Runner>;
  /** Goal as a ratio against the best peer (ours / peer when higher is better) and/or an absolute bound. */
  /**
   * Goal as a ratio (against the best peer, or the peer named in `versus`) and/or an absolute bound
   * on our median.
   */
  goal?: {
    ratio?: number;
    versus?: string;
    absolute?: number;
    /** Upper bounds on extra figures of our median repeat (e.g. the load test's p95 next to its wall time). */
    extraAtMost?: Record<string, number>;
    text: string;
  };
  notes?: string;
  /** Repeats for this cell instead of the mode's (e.g. one long load test in quick mode). */
  repeats?: number;
  /** Skip the warm-up round (for cells that are themselves long and warm). */
  noWarmup?: boolean;
  /** Runs once before the first round (shared servers, schemas); its failure fails the cell. */
  setup?: () => Promise<void>;
  /** Runs once after the last round, also after a failure. */
  teardown?: () => Promise<void>;
}

export interface Stat {
  median: number;
  min: number;
  max: number;
  samples: number[];
  extra?: Record<string, number>;
}

export interface CellResult {
  id: string;
  suite: string;
  metric: string;
  unit: string;
  higherIsBetter: boolean;
  ours: Stat;
  peers: Record<string, Stat>;
  bestPeer?: string;
  ratio?: number;
  goal?: string;
  /** Ratio the goal is judged on, when it names a peer other than the best one. */
  goalRatio?: { versus: string; ratio: number };
  pass?: boolean;
  notes?: string;
  error?: string;
}

function stat(samples: Sample[]): Stat {
  const values = samples.map((s) => s.value).sort((a, b) => a - b);
  const mid = Math.floor(values.length / 2);
  const median = values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
  // Keep the extra figures of the repeat whose headline value is the median.
  const medianSample = samples.find((s) => s.value === values[mid]) ?? samples[0];
  return {
    median,
    min: values[0]!,
    max: values[values.length - 1]!,
    samples: samples.map((s) => s.value),
    ...(medianSample?.extra ? { extra: medianSample.extra } : {}),
  };
}

export async function runCell(
  spec: CellSpec,
  modeRepeats: number,
  log: (line: string) => void,
): Promise<CellResult> {
  const repeats = spec.repeats ?? modeRepeats;
  const runners: Array<[string, Runner]> = [['ours', spec.ours], ...Object.entries(spec.peers ?? {})];
  const samples = new Map<string, Sample[]>(runners.map(([n]) => [n, []]));
  const failed = new Map<string, string>();
  try {
    await spec.setup?.();
    // A/B interleaved: every round runs ours then each peer, so drift on the machine hits all alike.
    for (let round = spec.noWarmup ? 1 : 0; round <= repeats; round++) {
      for (const [name, run] of runners) {
        if (failed.has(name)) continue;
        try {
          const s = await run();
          if (round > 0) samples.get(name)!.push(s); // round 0 is the warm-up
          const extra = s.extra
            ? ' (' +
              Object.entries(s.extra)
                .map(([k, v]) => `${k}=${fmt(v)}`)
                .join(' ') +
              ')'
            : '';
          log(
            `  ${spec.id} ${name} ${round === 0 ? 'warm-up' : `#${round}`}: ${fmt(s.value)} ${spec.unit}${extra}`,
          );
        } catch (err) {
          failed.set(name, (err as Error).message);
          log(`  ${spec.id} ${name} FAILED: ${(err as Error).stack ?? (err as Error).message}`);
        }
      }
    }
  } catch (err) {
    failed.set('ours', `setup failed: ${(err as Error).message}`);
    log(`  ${spec.id} setup FAILED: ${(err as Error).stack ?? (err as Error).message}`);
  } finally {
    await spec
      .teardown?.()
      .catch((err: unknown) => log(`  ${spec.id} teardown failed: ${(err as Error).message}`));
  }
  const ours = samples.get('ours')!;
  const result: CellResult = {
    id: spec.id,
    suite: spec.suite,
    metric: spec.metric,
    unit: spec.unit,
    higherIsBetter: spec.higherIsBetter,
    ours: ours.length ? stat(ours) : { median: NaN, min: NaN, max: NaN, samples: [] },
    peers: {},
    ...(spec.goal ? { goal: spec.goal.text } : {}),
    ...(spec.notes ? { notes: spec.notes } : {}),
  };
  for (const [name] of runners.slice(1)) {
    const s = samples.get(name)!;
    if (s.length) result.peers[name] = stat(s);
    else if (failed.has(name))
      result.notes = `${result.notes ? `${result.notes}; ` : ''}${name} failed: ${failed.get(name)}`;
  }
  if (failed.has('ours')) result.error = failed.get('ours')!;
  const peers = Object.entries(result.peers);
  if (peers.length && ours.length) {
    const best = peers.reduce((a, b) =>
      (spec.higherIsBetter ? b[1].median > a[1].median : b[1].median < a[1].median) ? b : a,
    );
    result.bestPeer = best[0];
    result.ratio = spec.higherIsBetter
      ? result.ours.median / best[1].median
      : best[1].median / result.ours.median;
  }
  if (spec.goal && ours.length) {
    const checks: boolean[] = [];
    if (spec.goal.ratio !== undefined) {
      let ratio = result.ratio;
      const versus = spec.goal.versus ? result.peers[spec.goal.versus] : undefined;
      if (spec.goal.versus) {
        ratio =
          versus &&
          (spec.higherIsBetter ? result.ours.median / versus.median : versus.median / result.ours.median);
        if (ratio !== undefined) result.goalRatio = { versus: spec.goal.versus, ratio };
      }
      checks.push(ratio !== undefined && ratio >= spec.goal.ratio);
    }
    if (spec.goal.absolute !== undefined)
      checks.push(
        spec.higherIsBetter
          ? result.ours.median >= spec.goal.absolute
          : result.ours.median <= spec.goal.absolute,
      );
    for (const [key, max] of Object.entries(spec.goal.extraAtMost ?? {})) {
      const v = result.ours.extra?.[key];
      checks.push(v !== undefined && v <= max);
    }
    result.pass = checks.every(Boolean);
  }
  return result;
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toPrecision(3);
}

/** Latency recorder in microseconds with HDR precision (3 significant digits). */
export function createLatencyRecorder() {
  const h = buildHistogram({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });
  return {
    recordMs(ms: number) {
      h.recordValue(Math.max(1, Math.round(ms * 1000)));
    },
    summaryMs() {
      return {
        p50: h.getValueAtPercentile(50) / 1000,
        p95: h.getValueAtPercentile(95) / 1000,
        p99: h.getValueAtPercentile(99) / 1000,
        p999: h.getValueAtPercentile(99.9) / 1000,
        max: h.maxValue / 1000,
        count: h.totalCount,
      };
    },
    reset() {
      h.reset();
    },
  };
}

/** Runs `task` concurrently `concurrency` ways until `total` done; returns ops/s. */
export async function throughput(
  total: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        await task(i);
      }
    }),
  );
  return total / ((performance.now() - started) / 1000);
}
