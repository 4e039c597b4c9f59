// Runs the Store conformance suite on SQLite: a WAL file in the OS temp dir, and ':memory:'.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { runsOnStore } from '../testing/backends.js';
import { storeConformance } from './store.contract.js';
import { createSqlStore } from './sql-store.js';

// STORES (see testing/backends.ts) may leave SQLite out.
describe.skipIf(!runsOnStore('sqlite'))('SQLite store', () => {
  storeConformance('sqlite file', async ({ clock }) => {
    const dir = mkdtempSync(join(tmpdir(), 'waooaw-store-'));
    const path = join(dir, 'nested', 'test.db');
    const opened: Array<{ close(): Promise<void> }> = [];
    const open = async () => {
      const s = await createSqlStore({ dialect: 'sqlite', path, synchronous: 'OFF' }, { clock });
      opened.push(s);
      return s;
    };
    const store = await open();
    return {
      store,
      connect: open,
      async cleanup() {
        for (const s of opened) await s.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });

  storeConformance('sqlite :memory:', async ({ clock }) => {
    const store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' }, { clock });
    return { store, cleanup: () => store.close() };
  });
});
