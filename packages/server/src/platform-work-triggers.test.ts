// Work triggers inside the whole platform: given the work ports, the platform serves the schedule and
// webhook routes (in its OpenAPI document too) and runs the schedule worker on its clock from start to
// stop; with the platform's own work orders, signed events and schedule runs become tasks the agent runs.
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from './clock.js';
import { workRoutes, type Schedule } from './contracts/work.js';
import { createTestPlatform, signIn } from './api/testing/test-platform.js';
import {
  WORK_START,
  caller,
  createWorkPlatform,
  startTrial,
  workCustomer,
} from './api/testing/work-platform.js';
import { MemoryInstances, MemoryTasks, testInstance } from './marketplace/work/triggers/memory-work-ports.js';
import type { Platform } from './platform.js';
import { eventually } from './testing/eventually.js';

describe('platform with work triggers', () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 5, 9, 0));
  const instances = new MemoryInstances();
  const tasks = new MemoryTasks(instances);
  let platform: Platform;

  beforeAll(async () => {
    platform = await createTestPlatform({}, { clock, work: { instances, tasks } });
  });
  afterAll(async () => platform?.stop());

  it('serves every schedule and webhook route of the contract, in its OpenAPI document', async () => {
    const doc = (await platform.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const mine = Object.entries(workRoutes).filter(([name]) => /Schedule|Webhook/.test(name));
    expect(mine).toHaveLength(10);
    for (const [name, route] of mine) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      const operation = doc.paths[path]?.[route.method.toLowerCase()];
      expect(operation, name).toBeDefined();
      // The receiver is public (signed by the sender); everything else needs a customer's token.
      expect(operation!.security, name).toEqual(route.auth === 'none' ? [] : [{ bearer: [] }]);
    }
  });

  it('fires a schedule from its own worker once the platform has started', async () => {
    const token = await signIn(platform, { email: 'sched@acme.com', password: 'correct horse battery' });
    const user = await platform.store.accounts.getByEmail('sched@acme.com');
    const instance = instances.add(testInstance('ins_platform', user!.tenantId!));
    const res = await platform.app.inject({
      method: 'POST',
      url: `/api/v1/instances/${instance.id}/schedules`,
      headers: { authorization: `Bearer ${token}` },
      payload: {
        skill: 'text.readability',
        input: { text: 'Hi.' },
        every: 'every 15 minutes',
        withinWorkingHours: false,
      },
    });
    expect(res.statusCode).toBe(201);
    const s = res.json() as Schedule;
    await platform.start();
    const fireAt = Date.parse(s.nextRuns[0]!);
    await clock.advance(fireAt - clock.now() + 15_000);
    await eventually(
      () => tasks.tasks.has(`sch_${s.id}_${fireAt}`),
      (v) => v,
      { what: 'the scheduled task' },
    );
    await platform.stop();
    await clock.advance(60 * 60_000);
    expect([...tasks.tasks.keys()]).toEqual([`sch_${s.id}_${fireAt}`]);
  });
});

describe('platform with its own work orders', () => {
  // The real instance directory and task service behind the triggers: a signed event and a schedule run
  // become tasks the agent runs on the customer's instance; a bad signature creates nothing.
  it('turns a signed inbound event and a scheduled run into tasks the agent completes', async () => {
    const clock = new FakeClock(WORK_START);
    const platform = await createWorkPlatform(
      { sqlitePath: join(mkdtempSync(join(tmpdir(), 'waooaw-triggers-')), 't.db') },
      clock,
    );
    try {
      await platform.start();
      const call = caller(platform, await workCustomer(platform, 'tara@triggers.test'));
      const trial = await startTrial(call, 'seo-specialist');
      const instanceId = trial.instanceId!;
      // Run to a deliverable: published, or held for a human when its checks fail (the page audit's do).
      const done = (taskId: string) =>
        eventually(
          () => platform.store.workTasks.get(taskId),
          (t) =>
            (t?.data.status === 'done' || t?.data.status === 'awaiting-approval') &&
            t.data.deliverableIds.length === 1,
          { what: `task ${taskId} to deliver`, timeoutMs: 60_000 },
        );

      const created = await call('POST', `/api/v1/instances/${instanceId}/webhooks`, {
        skill: 'seo.page-audit',
        input: { pageType: 'home' },
      });
      expect(created.statusCode).toBe(201);
      const hook = created.json() as { id: string; secret: string };
      const body = JSON.stringify({
        html: '<html><head><title>Acme Clinics</title></head><body></body></html>',
      });
      const at = String(Math.floor(clock.now() / 1000));
      const signature = (secret: string) =>
        `sha256=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}`;
      const post = (sig: string, eventId: string) =>
        platform.app.inject({
          method: 'POST',
          url: `/api/v1/hooks/${hook.id}`,
          payload: body,
          headers: {
            'content-type': 'application/json',
            'x-waooaw-timestamp': at,
            'x-waooaw-event-id': eventId,
            'x-waooaw-signature': sig,
          },
        });
      expect((await post(signature('not the secret'), 'lead-1')).statusCode).toBe(401);
      const good = await post(signature(hook.secret), 'lead-2');
      expect(good.statusCode).toBe(202);
      const { taskId } = good.json() as { taskId: string };
      expect(taskId).toBe(`whk_${hook.id}_lead-2`);
      expect((await done(taskId))?.data).toMatchObject({ instanceId, source: 'webhook' });
      expect(await platform.store.workTasks.get(`whk_${hook.id}_lead-1`)).toBeUndefined();

      const schedule = await call('POST', `/api/v1/instances/${instanceId}/schedules`, {
        skill: 'seo.page-audit',
        input: {
          html: '<html><head><title>Weekly check of the home page</title></head></html>',
          pageType: 'home',
        },
        every: 'every day at 18:00',
        withinWorkingHours: false,
      });
      expect(schedule.statusCode).toBe(201);
      const { id: scheduleId } = schedule.json() as { id: string };
      await clock.advance(10 * 60 * 60_000);
      const fired = await eventually(
        async () => (await platform.store.workSchedules.get(scheduleId))?.data.lastTaskId,
        (v) => typeof v === 'string',
        { what: 'the schedule to fire', timeoutMs: 60_000 },
      );
      expect(fired).toMatch(new RegExp(`^sch_${scheduleId}_`));
      expect((await done(fired!))?.data).toMatchObject({ instanceId, source: 'schedule' });
    } finally {
      await platform.stop();
    }
  }, 180_000);
});
