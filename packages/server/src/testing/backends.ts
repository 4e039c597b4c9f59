// The adapters a store, bus or repository suite runs against: those STORES / BUSES select (see
// backend-selection.ts) that this run started. A selected backend that is missing is skipped with its
// reason — except under CI=true, where that fails the run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createSqlStore, type SqlStore, type SqlStoreDeps } from '../store/sql-store.js';
import { testPostgres } from './services.js';
import { backendRuns, selectedBackends, type BusKind, type StoreKind } from './backend-selection.js';

export {
  selectedBackends,
  STORE_KINDS,
  BUS_KINDS,
  type BusKind,
  type StoreKind,
} from './backend-selection.js';

/** Whether suites on this store run here (see `backendRuns`). */
export function runsOnStore(kind: StoreKind): boolean {
  const available = kind === 'sqlite' || inject('postgresUrl') !== null;
  return backendRuns(kind, selectedBackends().stores.includes(kind), available);
}

/** Whether suites on this bus run here (see `backendRuns`). */
export function runsOnBus(kind: BusKind): boolean {
  const available = kind === 'memory' || inject('redisUrl') !== null;
  return backendRuns(kind, selectedBackends().buses.includes(kind), available);
}

export interface OpenedStore {
  /** Fresh, empty and not migrated. */
  store: SqlStore;
  /** Closes the store and removes its database. */
  cleanup(): Promise<void>;
}

export interface StoreTarget {
  kind: StoreKind;
  /** Opens a store on a database of its own; absent when this store does not run here. */
  open?: (deps?: SqlStoreDeps) => Promise<OpenedStore>;
}

async function openSqlite(deps: SqlStoreDeps = {}): Promise<OpenedStore> {
  const dir = mkdtempSync(join(tmpdir(), 'waooaw-suite-'));
  const store = await createSqlStore(
    { dialect: 'sqlite', path: join(dir, 'db.sqlite'), synchronous: 'OFF' },
    deps,
  );
  return {
    store,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(deps: SqlStoreDeps = {}): Promise<OpenedStore> {
  const db = (await testPostgres())!;
  const store = await createSqlStore({ dialect: 'postgres', url: db.url, poolSize: 5 }, deps);
  return {
    store,
    async cleanup() {
      await store.close();
      await db.drop();
    },
  };
}

/** Every selected store, with `open` when it runs here: `describe.skipIf(!t.open)(…)` per target. */
export function storeTargets(): StoreTarget[] {
  return selectedBackends().stores.map((kind) =>
    runsOnStore(kind) ? { kind, open: kind === 'sqlite' ? openSqlite : openPostgres } : { kind },
  );
}
