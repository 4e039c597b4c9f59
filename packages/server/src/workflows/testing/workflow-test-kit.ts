// Test kit for the reference workflows on the platform: the marketplace harness (SQLite in memory or
// a fresh PostgreSQL database, FakeClock) plus engines on the same store, and an `advance` that walks
// fake time from one engine wake-up to the next, letting handlers, marketplace jobs and feeds settle.
import { Engine } from '../../engine/engine.js';
import type { EngineOptions } from '../../engine/engine-types.js';
import { createSequentialIds } from '../../ids.js';
import { createHarness, type Harness, type HarnessOptions } from '../../api/testing/marketplace-harness.js';
import type { TestPostgres } from '../../testing/services.js';

export interface WorkflowTestKit {
  harness: Harness;
  /** Engines made by `engine()`, in order. */
  engines: Engine[];
  /** Errors engines reported without a caller (a test asserts there are none). */
  errors: Array<{ err: unknown; context: string }>;
  /**
   * An engine on the harness's store and clock (not yet opened): the first, without overrides, is the
   * harness's own (trial and hire handlers registered); later ones are new workers.
   */
  engine(options?: Partial<EngineOptions>): Engine;
  /** Extra things to wait for when settling (a workflow's `idle`). */
  waitFor(idle: () => Promise<void>): void;
  /** Waits until engines, marketplace jobs and registered idles are quiet. */
  settle(): Promise<void>;
  /** Moves fake time forward by `ms`, stopping at every engine wake-up on the way. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function workflowTestKit(
  options: { pg?: TestPostgres | undefined; harness?: HarnessOptions } = {},
): Promise<WorkflowTestKit> {
  const errors: Array<{ err: unknown; context: string }> = [];
  // The harness's engine (with the trial and hire handlers) is the first engine, opened by the test.
  const harness = await createHarness({
    ...options.harness,
    ...(options.pg ? { postgresUrl: options.pg.url } : {}),
    openEngine: false,
    onEngineError: (err, context) => errors.push({ err, context }),
  });
  const engines: Engine[] = [];
  const idles: Array<() => Promise<void>> = [];
  // One id source for every engine: instance ids must not collide across workers.
  const ids = createSequentialIds();
  let workers = 0;

  const settle = async (): Promise<void> => {
    for (let round = 0; round < 3; round++) {
      for (const e of engines) if (!e.isHalted) await e.idle();
      for (const idle of idles) await idle();
      await harness.trialFlow.idle();
      await harness.clock.advance(0);
    }
  };

  return {
    harness,
    engines,
    errors,
    engine(overrides = {}) {
      if (engines.length === 0 && Object.keys(overrides).length === 0) {
        engines.push(harness.engine);
        return harness.engine;
      }
      const e = new Engine({
        store: harness.store.engine,
        clock: harness.clock,
        ids,
        workerId: `worker-${++workers}`,
        // Long polls: fake time jumps straight to the next timer instead of ticking every second.
        pollIntervalMs: 3_600_000,
        leaseMs: 60_000,
        onError: (err, context) => errors.push({ err, context }),
        ...overrides,
      });
      engines.push(e);
      return e;
    },
    waitFor(idle) {
      idles.push(idle);
    },
    settle,
    async advance(ms) {
      const target = harness.clock.now() + ms;
      for (let guard = 0; guard < 100_000; guard++) {
        await settle();
        const next = Math.min(
          ...engines.filter((e) => !e.isHalted).map((e) => e.nextWakeAt ?? Number.POSITIVE_INFINITY),
        );
        if (next > target) break;
        await harness.clock.setTime(Math.max(next, harness.clock.now()));
      }
      await harness.clock.setTime(target);
      await settle();
    },
    async close() {
      for (const e of engines) if (!e.isHalted && e !== harness.engine) await e.close();
      await harness.close();
      await options.pg?.drop();
    },
  };
}
