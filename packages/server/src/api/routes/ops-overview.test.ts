// The operations overview on both stores, under a small workload: a workflow instance on an incident, a
// message in the dead-letter queue and a waiting consumer group show up; staff only; a discarded dead
// letter's reason is audited. Also the BPMN export the console draws: BPMN deployed without a diagram
// gets one.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpsOverview } from '../../contracts/ops-console.js';
import { PlatformError } from '../../errors.js';
import type { Platform } from '../../platform.js';
import { storeTargets } from '../../testing/backends.js';
import { eventually } from '../../testing/eventually.js';
import { testPostgres } from '../../testing/services.js';
import { createTestPlatform, signIn } from '../testing/test-platform.js';

const broken = `
workflow:
  id: ops-broken
  name: Ops broken
  tasks:
    - { id: explode, type: service_task, task_type: ops.explode }
    - { id: done, type: end_event }
  flow:
    - start -> explode
    - explode -> done
`;
const undrawn = readFileSync(new URL('../../engine/bpmn/examples/order-c7.bpmn', import.meta.url), 'utf8');

async function platformOn(kind: string): Promise<{ platform: Platform; drop: () => Promise<void> }> {
  const bus = { maxDeliveries: 1 };
  if (kind === 'sqlite') return { platform: await createTestPlatform({ bus }), drop: async () => undefined };
  const db = (await testPostgres())!;
  return {
    platform: await createTestPlatform({ bus, store: { databaseUrl: db.url } }),
    drop: () => db.drop(),
  };
}

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`operations overview (${target.kind})`, { timeout: 120_000 }, () => {
    let platform: Platform;
    let drop: () => Promise<void>;
    let operator: string;
    const get = (url: string, token?: string) =>
      platform.app.inject({
        method: 'GET',
        url,
        ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      });

    beforeAll(async () => {
      ({ platform, drop } = await platformOn(target.kind));
      await platform.engine.open();
      operator = await signIn(platform, {
        email: 'ops@waooaw.test',
        password: 'operator password 1',
        role: 'operator',
      });
      platform.engine.registerHandler('ops.explode', () => {
        throw new PlatformError('VALIDATION', 'the input can never work', { retryable: false });
      });
      await platform.engine.deploy({ format: 'yaml', source: broken });
      await platform.engine.startInstance('ops-broken', { businessKey: 'order-17' });
      await platform.engine.idle();
      await platform.bus.subscribe({
        pattern: 'ops.poison',
        group: 'ops-poison',
        handler: () => {
          throw new PlatformError('VALIDATION', 'poison message', { retryable: false });
        },
      });
      await platform.bus.publish({ topic: 'ops.poison', payload: { n: 1 } });
      await eventually(
        () => platform.bus.dlq.count(),
        (n) => n === 1,
        { what: 'a dead letter' },
      );
    });
    afterAll(async () => {
      await platform?.stop();
      await drop?.();
    });

    it('reports health, throughput, queues, dead letters and the open incident', async () => {
      const res = await get('/api/v1/ops/overview', operator);
      expect(res.statusCode).toBe(200);
      const o = res.json<OpsOverview>();
      expect(o.status).toBe('ok');
      expect(o.checks).toMatchObject({ store: { ok: true }, bus: { ok: true } });
      expect(o.bus.deadLetters).toBe(1);
      expect(o.bus.queues.map((q) => q.group)).toContain('ops-poison');
      expect(o.throughput.busFailed).toBeGreaterThanOrEqual(1);
      expect(o.throughput.busErrorRate).toBeGreaterThan(0);
      expect(o.throughput.workflowSteps).toBeGreaterThanOrEqual(1);
      expect(o.throughput.httpRequests).toBeGreaterThanOrEqual(1);
      expect(o.workflows.openIncidents).toBe(1);
      expect(o.workflows.instancesByState.failed).toBe(1);
      expect(o.workflows.incidents).toEqual([
        expect.objectContaining({
          definitionId: 'ops-broken',
          businessKey: 'order-17',
          message: 'the input can never work',
        }),
      ]);
    });

    it('is for staff only', async () => {
      expect((await get('/api/v1/ops/overview')).statusCode).toBe(401);
      const customer = await signIn(platform, { email: 'c@acme.test', password: 'customer password 1' });
      expect((await get('/api/v1/ops/overview', customer)).statusCode).toBe(403);
    });

    it("keeps a discarded dead letter's reason in the audit trail", async () => {
      const [letter] = (await platform.bus.dlq.list()).items;
      const res = await platform.app.inject({
        method: 'POST',
        url: `/api/v1/ops/dlq/${letter!.id}/discard`,
        headers: { authorization: `Bearer ${operator}` },
        payload: { reason: 'test order, never valid' },
      });
      expect(res.statusCode).toBe(200);
      expect(await platform.bus.dlq.count()).toBe(0);
      const audit = await platform.audit.list({ action: 'staff.ops.dlq.discard' });
      expect(audit.items).toHaveLength(1);
      expect(audit.items[0]).toMatchObject({
        resource: `dead-letter:${letter!.id}`,
        result: 'success',
        details: { reason: 'test order, never valid', topic: 'ops.poison', group: 'ops-poison' },
      });
    });

    it('draws a diagram for a BPMN definition deployed without one', async () => {
      const d = await platform.engine.deploy({ format: 'bpmn', source: undrawn, processId: 'order-c7' });
      const res = await get(`/api/v1/workflows/definitions/${d.definitionId}/bpmn`, operator);
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatch(/BPMNDiagram/);
      expect(res.body).toMatch(/bpmnElement="review"/);
    });
  });
}
