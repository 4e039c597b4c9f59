// The due-schedule worker on every selected store, on a fake clock: one task per fire even with two
// workers on one store, one run after downtime, a dead claimer's fire created after the lease, a
// refusal recorded, paused schedules silent, and the worker's own timer driving it.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../clock.js';
import { PlatformError } from '../../../errors.js';
import { createIds } from '../../../ids.js';
import { storeTargets, type OpenedStore } from '../../../testing/backends.js';
import type { Principal } from '../../principal.js';
import { MemoryInstances, MemoryTasks, testInstance } from './memory-work-ports.js';
import { ScheduleService } from './schedule-service.js';
import { ScheduleWorker, scheduleTaskId } from './schedule-worker.js';

const MONDAY_0500_UTC = Date.UTC(2026, 0, 5, 5, 0); // 10:30 in Kolkata
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`ScheduleWorker on ${target.kind}`, () => {
    let opened: OpenedStore;
    let clock: FakeClock;
    let instances: MemoryInstances;
    let tasks: MemoryTasks;
    let service: ScheduleService;
    let caller: Principal;
    let n = 0;
    const worker = (over: { leaseMs?: number } = {}) =>
      new ScheduleWorker({ schedules: opened.store.workSchedules, tasks, clock, ...over });

    beforeAll(async () => {
      clock = new FakeClock(MONDAY_0500_UTC);
      opened = await target.open!({ clock });
      await opened.store.migrate();
    });
    afterAll(async () => opened?.cleanup());

    beforeEach(async () => {
      // One clock for the file (the store stamps rows with it); each test measures from its own now.
      const tenantId = `ten_sw_${target.kind}_${++n}`;
      await opened.store.tenants.insert({
        id: tenantId,
        data: { name: tenantId, publicActivity: false, plan: 'free' },
      });
      instances = new MemoryInstances();
      instances.add(testInstance(`ins_${tenantId}`, tenantId));
      tasks = new MemoryTasks(instances);
      service = new ScheduleService({
        schedules: opened.store.workSchedules,
        instances,
        clock,
        ids: createIds(() => clock.now()),
      });
      caller = { userId: 'usr_1', tenantId, role: 'customer', email: 'a@b.c', emailVerified: true };
    });

    // The worker serves every tenant: each test removes its schedules so the next sees only its own.
    afterEach(async () => {
      const page = await opened.store.workSchedules.list({ tenantId: caller.tenantId, limit: 100 });
      for (const e of page.items) await opened.store.workSchedules.remove(e.id, caller.tenantId);
    });

    const hourly = () =>
      service.create(caller, `ins_${caller.tenantId}`, {
        skill: 'text.readability',
        input: { text: 'Hello there.' },
        every: 'every hour',
        withinWorkingHours: false,
      });

    it('creates one task per fire even with two workers racing on one store', async () => {
      const s = await hourly();
      const due = Date.parse(s.nextRuns[0]!);
      await clock.advance(due - clock.now());
      const [a, b] = await Promise.all([worker().tick(), worker().tick()]);
      expect(a.fired + b.fired).toBe(1);
      expect(tasks.calls.filter((c) => c.scheduleId === s.id)).toHaveLength(1);
      expect(tasks.calls[0]).toMatchObject({
        taskId: scheduleTaskId(s.id, due),
        source: 'schedule',
        skill: 'text.readability',
        input: { text: 'Hello there.' },
        instanceId: s.instanceId,
        tenantId: caller.tenantId,
      });
      const after = (await service.list(caller, s.instanceId, { limit: 10 })).items[0]!;
      expect(after.lastTaskId).toBe(scheduleTaskId(s.id, due));
      expect(after.lastRunAt).toBe(new Date(due).toISOString());
      expect(Date.parse(after.nextRuns[0]!)).toBe(due + HOUR);
      // A second pass at the same time finds nothing due.
      expect((await worker().tick()).fired).toBe(0);
    });

    it('fires once after downtime, then goes on from the next run after now', async () => {
      const s = await hourly();
      const first = Date.parse(s.nextRuns[0]!);
      await clock.advance(first - clock.now() + 3 * DAY + 20 * 60_000);
      expect((await worker().tick()).fired).toBe(1);
      expect([...tasks.tasks.keys()]).toEqual([scheduleTaskId(s.id, first)]);
      const after = (await service.list(caller, s.instanceId, { limit: 10 })).items[0]!;
      expect(Date.parse(after.nextRuns[0]!)).toBeGreaterThan(clock.now());
      expect(Date.parse(after.nextRuns[0]!) - clock.now()).toBeLessThanOrEqual(HOUR);
      expect((await worker().tick()).fired).toBe(0);
    });

    it('creates the task of a claimer that died, after the lease, exactly once', async () => {
      const s = await hourly();
      const due = Date.parse(s.nextRuns[0]!);
      await clock.advance(due - clock.now());
      const taskId = scheduleTaskId(s.id, due);
      // The claim commits, then the process dies before asking for the task.
      expect(await opened.store.workSchedules.claimFire(s.id, due, due + HOUR, taskId)).toBe(true);
      expect(await opened.store.workSchedules.claimFire(s.id, due, due + HOUR, taskId)).toBe(false);
      expect((await worker({ leaseMs: 60_000 }).tick()).retried).toBe(0);
      await clock.advance(61_000);
      expect((await worker({ leaseMs: 60_000 }).tick()).retried).toBe(1);
      expect([...tasks.tasks.keys()]).toEqual([taskId]);
      expect((await opened.store.workSchedules.get(s.id))?.data.pendingTaskId).toBeNull();
    });

    it('records why a fire created no task, and keeps a transient failure pending for a retry', async () => {
      const s = await hourly();
      instances.add(testInstance(s.instanceId, caller.tenantId, { status: 'paused' }));
      await clock.advance(Date.parse(s.nextRuns[0]!) - clock.now());
      expect((await worker().tick()).fired).toBe(0);
      let view = (await service.list(caller, s.instanceId, { limit: 10 })).items[0]!;
      expect(view.lastError).toMatchObject({ code: 'CONFLICT' });
      expect(tasks.tasks.size).toBe(0);

      tasks.failWith = new PlatformError('UNAVAILABLE', 'task store away', { retryable: true });
      await clock.advance(HOUR);
      await worker({ leaseMs: 60_000 }).tick();
      expect((await opened.store.workSchedules.get(s.id))?.data.pendingTaskId).not.toBeNull();
      tasks.failWith = undefined;
      instances.add(testInstance(s.instanceId, caller.tenantId));
      await clock.advance(61_000);
      expect((await worker({ leaseMs: 60_000 }).tick()).retried).toBe(1);
      view = (await service.list(caller, s.instanceId, { limit: 10 })).items[0]!;
      expect(view.lastError).toBeNull();
      expect(tasks.tasks.size).toBe(1);
    });

    it('does not fire paused schedules and skips what fell due while paused', async () => {
      const s = await hourly();
      await service.pause(caller, s.id);
      await clock.advance(5 * HOUR);
      expect((await worker().tick()).fired).toBe(0);
      const resumed = await service.resume(caller, s.id);
      expect(Date.parse(resumed.nextRuns[0]!)).toBeGreaterThan(clock.now());
      expect((await worker().tick()).fired).toBe(0);
      expect(tasks.calls).toHaveLength(0);
    });

    it('fires every due schedule in one pass even beyond one batch', async () => {
      const made = [];
      for (let i = 0; i < 5; i++) made.push(await hourly());
      await clock.advance(Date.parse(made[0]!.nextRuns[0]!) - clock.now());
      const pass = await new ScheduleWorker({
        schedules: opened.store.workSchedules,
        tasks,
        clock,
        batch: 2,
      }).tick();
      expect(pass.fired).toBe(5);
      expect(new Set(tasks.calls.map((c) => c.scheduleId))).toEqual(new Set(made.map((m) => m.id)));
    });

    it('runs on its own timer from start to stop', async () => {
      const s = await hourly();
      const w = new ScheduleWorker({
        schedules: opened.store.workSchedules,
        tasks,
        clock,
        pollMs: 60_000,
      });
      await w.start();
      const due = Date.parse(s.nextRuns[0]!);
      for (let t = clock.now(); t < due + 60_000; t += 60_000) {
        await clock.advance(60_000);
        await w.idle();
      }
      await w.stop();
      expect([...tasks.tasks.keys()]).toEqual([scheduleTaskId(s.id, due)]);
      await clock.advance(2 * HOUR);
      expect(tasks.tasks.size).toBe(1);
    });
  });
}
