// The request router on every store STORES selects: it picks the skill by the request's words and the
// tenant's agent by the coordinator's ranking, the same way for the same request and state, and says
// which agents would do when the tenant has none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { createIds } from '../../ids.js';
import { loadAgentSpecs } from '../../assets/agent-spec-files.js';
import type { InstanceRef } from '../../marketplace/work/work-ports.js';
import type { Store } from '../../store/store.js';
import { storeTargets } from '../../testing/backends.js';
import { createCoordinators } from '../coordinators/coordinators.js';
import { coordinatedSpecs } from '../workforce/coordinated-specs.js';
import { createRequestRouter, words } from './request-router.js';

const specs = coordinatedSpecs(loadAgentSpecs());
const hours: InstanceRef['workingHours'] = { timezone: 'UTC', days: [1], start: '09:00', end: '17:00' };
const instance = (id: string, agentId: string, status: InstanceRef['status'] = 'active'): InstanceRef => ({
  id,
  tenantId: 'ten_1',
  agentId,
  status,
  trialId: id,
  hireId: null,
  workingHours: hours,
});

it('reads a request as word stems without stop words', () => {
  expect([...words('Plan the revision timetables for my exams!')]).toEqual([
    'plan',
    'revision',
    'timetable',
    'exam',
  ]);
});

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`request router on ${target.kind}`, () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 1));
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup } = await target.open!({ clock }));
      await store.migrate();
    });
    afterAll(async () => {
      await cleanup?.();
    });
    const router = () =>
      createRequestRouter(createCoordinators({ specs, store, clock, ids: createIds(() => clock.now()) }));

    it('routes by skill words to the tenant agent, and the same request in the same state the same way', async () => {
      const request = {
        tenantId: 'ten_1',
        description: 'Write an e-mail sequence for our spring launch, three steps',
        instances: [
          instance('ins_paused', 'email-marketing', 'paused'),
          instance('ins_email', 'email-marketing'),
        ],
      };
      const [first] = await router().route({ ...request, jobId: 'job_a' });
      expect(first).toMatchObject({
        domain: 'marketing',
        skill: 'email.sequence',
        agentId: 'email-marketing',
        instanceId: 'ins_email',
        routeKey: 'job_a:email.sequence',
      });
      await router().finished(first!, true);
      const [second] = await router().route({ ...request, jobId: 'job_b' });
      expect({ ...second, routeKey: '' }).toEqual({ ...first, routeKey: '' });
    });

    it('names the agents that would do when the tenant has none of them', async () => {
      await expect(
        router().route({
          jobId: 'job_c',
          tenantId: 'ten_1',
          description: 'Write an e-mail sequence for our spring launch, three steps',
          instances: [instance('ins_math', 'math-tutor')],
        }),
      ).rejects.toMatchObject({
        code: 'PRECONDITION_FAILED',
        details: { skill: 'email.sequence', agents: expect.arrayContaining(['email-marketing']) },
      });
    });
  });
}
