// Work triggers inside the whole platform: given the work ports, the platform serves the schedule and
// webhook routes (in its OpenAPI document too) and runs the schedule worker on its clock from start to
// stop; without them it serves neither.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from './clock.js';
import { workRoutes, type Schedule } from './contracts/work.js';
import { createTestPlatform, signIn } from './api/testing/test-platform.js';
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

describe('platform without work ports', () => {
  it('serves no trigger routes', async () => {
    const platform = await createTestPlatform();
    try {
      const res = await platform.app.inject({ method: 'POST', url: '/api/v1/hooks/wh_x', payload: {} });
      expect(res.statusCode).toBe(404);
      expect(res.json()).not.toMatchObject({ error: { details: { webhookId: 'wh_x' } } });
    } finally {
      await platform.stop();
    }
  });
});
