// The trigger tables on every selected store: the EntityRepository conformance suite for schedules and
// webhooks, and what they add — the due scan, one winner among concurrent fire claims, atomic event
// counts, per-tenant rate windows counted exactly under concurrency, and tenant-scoped removal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { storeTargets, type OpenedStore } from '../testing/backends.js';
import { entityRepositoryConformance, type TestStoreFactory } from './entity-repository.contract.js';
import type { ScheduleRecord, WebhookRecord } from './work-trigger-repositories.js';

const HOURS = { timezone: 'Asia/Kolkata', days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' };

const schedule = (i: number, over: Partial<ScheduleRecord> = {}): ScheduleRecord => ({
  instanceId: `ins_${i}`,
  agentId: 'content-marketing',
  skill: 'text.readability',
  label: i % 2 ? `Label ${i}` : null,
  input: { text: 'Süß “quoted”', n: i, nested: { list: [1, null] } },
  cron: '0 9 * * 1-5',
  description: 'Every weekday at 09:00',
  timezone: 'Asia/Kolkata',
  withinWorkingHours: i % 2 === 0,
  workingHours: HOURS,
  status: 'active',
  nextFireAt: 1_000 * i,
  lastRunAt: null,
  lastTaskId: null,
  pendingTaskId: null,
  lastError: i === 2 ? { code: 'CONFLICT', message: 'paused' } : null,
  createdBy: 'usr_1',
  ...over,
});

const webhook = (i: number): WebhookRecord => ({
  instanceId: `ins_${i}`,
  agentId: 'content-marketing',
  skill: 'text.readability',
  label: null,
  input: { lang: 'en' },
  mapping: i % 2 ? { text: 'data.note' } : null,
  status: 'active',
  secretHint: '…abcd',
  secretRotatedAt: 5,
  accepted: 0,
  duplicates: 0,
  badSignature: 0,
  lastEventAt: null,
  createdBy: 'usr_1',
});

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`trigger repositories on ${target.kind}`, () => {
    const factory: TestStoreFactory = (deps) => target.open!(deps);
    entityRepositoryConformance<ScheduleRecord, { instanceId: string; status: ScheduleRecord['status'] }>(
      `schedules (${target.kind})`,
      factory,
      {
        repo: (s) => s.workSchedules,
        tenantOwned: true,
        record: async (_s, _t, i) => schedule(i),
        change: (r) => ({ ...r, status: 'paused', nextFireAt: null, lastError: null }),
        filter: { field: 'instanceId', of: (r) => r.instanceId },
      },
    );
    entityRepositoryConformance<WebhookRecord, { instanceId: string; status: WebhookRecord['status'] }>(
      `webhooks (${target.kind})`,
      factory,
      {
        repo: (s) => s.workWebhooks,
        tenantOwned: true,
        record: async (_s, _t, i) => webhook(i),
        change: (r) => ({ ...r, status: 'disabled', mapping: { text: 'other' } }),
        filter: { field: 'instanceId', of: (r) => r.instanceId },
      },
    );

    describe('trigger operations', () => {
      const clock = new FakeClock(Date.UTC(2026, 0, 5));
      let opened: OpenedStore;
      const tenant = 'ten_trig_ops';
      beforeAll(async () => {
        opened = await target.open!({ clock });
        await opened.store.migrate();
        await opened.store.tenants.insert({
          id: tenant,
          data: { name: 'T', publicActivity: false, plan: 'free' },
        });
      });
      afterAll(async () => opened?.cleanup());

      it('lists due schedules earliest first and lets one of many concurrent claimers win a fire', async () => {
        const repo = opened.store.workSchedules;
        await repo.insert({ id: 'sdl_late', tenantId: tenant, data: schedule(1, { nextFireAt: 3_000 }) });
        await repo.insert({ id: 'sdl_early', tenantId: tenant, data: schedule(2, { nextFireAt: 2_000 }) });
        await repo.insert({ id: 'sdl_future', tenantId: tenant, data: schedule(3, { nextFireAt: 9_000 }) });
        await repo.insert({
          id: 'sdl_paused',
          tenantId: tenant,
          data: schedule(4, { nextFireAt: 1_000, status: 'paused' }),
        });
        expect((await repo.due(5_000, 10)).map((e) => e.id)).toEqual(['sdl_early', 'sdl_late']);

        const wins = await Promise.all(
          Array.from({ length: 8 }, () => repo.claimFire('sdl_early', 2_000, 4_000, 'sch_sdl_early_2000')),
        );
        expect(wins.filter(Boolean)).toHaveLength(1);
        const claimed = (await repo.get('sdl_early'))!.data;
        expect(claimed).toMatchObject({
          nextFireAt: 4_000,
          lastRunAt: 2_000,
          pendingTaskId: 'sch_sdl_early_2000',
        });
        expect(await repo.claimFire('sdl_paused', 1_000, 2_000, 'x')).toBe(false);

        expect((await repo.stalePending(clock.now(), 10)).map((e) => e.id)).toEqual(['sdl_early']);
        await repo.settleFire('sdl_early', 'sch_sdl_early_2000', null);
        expect((await repo.get('sdl_early'))!.data).toMatchObject({
          pendingTaskId: null,
          lastTaskId: 'sch_sdl_early_2000',
        });
        expect(await repo.stalePending(clock.now(), 10)).toEqual([]);

        expect(await repo.remove('sdl_late', 'ten_other')).toBe(false);
        expect(await repo.remove('sdl_late', tenant)).toBe(true);
        expect(await repo.get('sdl_late')).toBeUndefined();
      });

      it('counts webhook events atomically and rate windows exactly under concurrency', async () => {
        const repo = opened.store.workWebhooks;
        await repo.insert({ id: 'wh_ops', tenantId: tenant, data: webhook(1) });
        await Promise.all([
          ...Array.from({ length: 5 }, () => repo.countEvent('wh_ops', 'accepted', 77)),
          repo.countEvent('wh_ops', 'duplicate', 88),
          repo.countEvent('wh_ops', 'bad-signature', 99),
        ]);
        expect((await repo.get('wh_ops'))!.data).toMatchObject({
          accepted: 5,
          duplicates: 1,
          badSignature: 1,
        });

        const counts = await Promise.all(
          Array.from({ length: 10 }, () => repo.hitRateWindow(tenant, 60_000)),
        );
        expect([...counts].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        expect(await repo.hitRateWindow(tenant, 120_000)).toBe(1);
        expect(await repo.hitRateWindow('ten_elsewhere', 60_000)).toBe(1);
        expect(await repo.remove('wh_ops', tenant)).toBe(true);
      });
    });
  });
}
