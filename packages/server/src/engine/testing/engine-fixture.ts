// Test kit for the durable engine: a migrated store (SQLite file in a temp dir, or a fresh PostgreSQL
// database), a fake clock, engines on that store, and helpers that drive fake time through timers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../clock.js';
import { createSequentialIds } from '../../ids.js';
import { createSqlStore, type SqlStore } from '../../store/sql-store.js';
import type { TestPostgres } from '../../testing/services.js';
import { Engine } from '../engine.js';
import type { EngineOptions } from '../engine-types.js';

export type StoreKind = 'sqlite' | 'postgres';

export interface EngineFixture {
  kind: StoreKind;
  store: SqlStore;
  clock: FakeClock;
  /** Engines created by `engine()`, in order. */
  engines: Engine[];
  /** Errors engines reported without a caller. */
  errors: Array<{ err: unknown; context: string }>;
  /** A new engine on the shared store (not yet opened). */
  engine(options?: Partial<EngineOptions>): Engine;
  /** Waits until every live engine is idle. */
  settle(): Promise<void>;
  /** Moves fake time forward by `ms`, letting engines react to every timer on the way. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** Opens a fixture; `pg` comes from `testPostgres()` and is required for `postgres`. */
export async function engineFixture(kind: StoreKind, pg?: TestPostgres): Promise<EngineFixture> {
  const clock = new FakeClock(Date.UTC(2026, 0, 5, 8, 0, 0));
  let dir: string | undefined;
  let store: SqlStore;
  if (kind === 'sqlite') {
    dir = mkdtempSync(join(tmpdir(), 'waooaw-engine-'));
    store = await createSqlStore(
      { dialect: 'sqlite', path: join(dir, 'engine.db'), synchronous: 'OFF' },
      { clock },
    );
  } else {
    if (!pg) throw new Error('postgres fixture needs testPostgres()');
    store = await createSqlStore({ dialect: 'postgres', url: pg.url, poolSize: 8 }, { clock });
  }
  await store.migrate();
  const engines: Engine[] = [];
  const errors: Array<{ err: unknown; context: string }> = [];
  let counter = 0;
  // One id source for every engine: instance ids must not collide across workers.
  const ids = createSequentialIds();
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 3; i++) for (const e of engines) if (!e.isHalted) await e.idle();
  };
  return {
    kind,
    store,
    clock,
    engines,
    errors,
    engine(options = {}) {
      const e = new Engine({
        store: store.engine,
        clock,
        ids,
        workerId: `worker-${++counter}`,
        pollIntervalMs: 3_600_000,
        leaseMs: 60_000,
        onError: (err, context) => errors.push({ err, context }),
        ...options,
      });
      engines.push(e);
      return e;
    },
    settle,
    async advance(ms) {
      const target = clock.now() + ms;
      for (let guard = 0; guard < 100_000; guard++) {
        await settle();
        const wakes = engines.filter((e) => !e.isHalted).map((e) => e.nextWakeAt ?? Number.POSITIVE_INFINITY);
        const next = Math.min(...wakes);
        if (next > target) break;
        await clock.setTime(Math.max(next, clock.now()));
      }
      await clock.setTime(target);
      await settle();
    },
    async close() {
      for (const e of engines) {
        if (!e.isHalted) await e.close();
      }
      await store.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (pg) await pg.drop();
    },
  };
}
