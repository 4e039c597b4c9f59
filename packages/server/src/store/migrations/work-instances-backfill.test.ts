// Trials stored before work orders get their agent instance from migration 0101: named after the trial,
// sharing one instance with the hire it converted into, keyed for the runtime by the id it already used.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { storeTargets, type OpenedStore } from '../../testing/backends.js';
import { trial } from '../marketplace-repositories.contract.js';
import { runMigrations } from '../migrator.js';
import type { SqlStore } from '../sql-store.js';
import { migrations } from './index.js';

const AT = Date.UTC(2026, 2, 1);
// Row-level security on the tables these create (0145) comes after them, as on a real upgrade.
const before = migrations.filter((m) => !['0100', '0101', '0145'].some((n) => m.name.startsWith(n)));

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`work instances backfill (${target.kind})`, () => {
    const clock = new FakeClock(AT);
    let opened: OpenedStore;
    let store: SqlStore;

    beforeAll(async () => {
      opened = await target.open!({ clock, migrations: before });
      store = opened.store;
      await store.migrate();
      await store.tenants.insert({ id: 'ten_a', data: { name: 'A', publicActivity: false, plan: 'free' } });
      await trial(store, 'ten_a', 1);
      const converted = await trial(store, 'ten_a', 2);
      await store.trials.modify(converted, (t) => ({ ...t, status: 'CONVERTED', hireId: 'hir_2' }));
      await runMigrations(store.db, store.dialect, migrations, clock);
    });
    afterAll(async () => {
      await opened?.cleanup();
    });

    it('gives every trial one instance; a converted trial and its hire share it, keyed by the hire', async () => {
      const page = await store.workInstances.list({ tenantId: 'ten_a' });
      expect(page.items.map((i) => [i.id, i.data.trialId, i.data.hireId, i.data.runtimeKey])).toEqual([
        ['ins_ten_a-trl1', 'ten_a-trl1', null, 'ten_a-trl1'],
        ['ins_ten_a-trl2', 'ten_a-trl2', 'hir_2', 'hir_2'],
      ]);
      expect(page.items[0]!.data).toMatchObject({
        agentId: 'content-marketing',
        workingHours: { timezone: 'UTC' },
      });
    });
  });
}
