// Runs the Store conformance suite on PostgreSQL: a fresh database per factory call.
import { describe } from 'vitest';
import { testPostgres } from '../testing/services.js';
import { storeConformance } from './store.contract.js';
import { createSqlStore } from './sql-store.js';

const available = (await testPostgres()) !== undefined;

describe.skipIf(!available)('PostgreSQL store', () => {
  storeConformance('postgres', async ({ clock }) => {
    const db = (await testPostgres())!;
    const opened: Array<{ close(): Promise<void> }> = [];
    const open = async () => {
      const s = await createSqlStore({ dialect: 'postgres', url: db.url, poolSize: 10 }, { clock });
      opened.push(s);
      return s;
    };
    const store = await open();
    return {
      store,
      connect: open,
      async cleanup() {
        for (const s of opened) await s.close();
        await db.drop();
      },
    };
  });
});
