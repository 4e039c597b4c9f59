import { it } from 'vitest';
import { AgentId } from '../skills/agent-ids.js';
import { createWorkforceHarness } from './testing/workforce-harness.js';
it('debug', async () => {
  const { plansForDebug } = await import('./debug-plans.js');
  const h = await createWorkforceHarness({ plans: plansForDebug.plans, coordinatorSpecs: plansForDebug.coordinatorSpecs });
  const { principal } = await h.startTrial(AgentId.email);
  await h.startTrial(AgentId.enablement, {}, principal);
  const all = await h.watch('#');
  await h.bus.publish({ topic: 'lead.qualified', payload: { tenantId: principal.tenantId, leadId: 'L77' }, idempotencyKey: 'lead-77' });
  for (let i = 0; i < 300; i++) await new Promise((r) => setImmediate(r));
  console.log(all.all.map((m) => m.topic + ' ' + JSON.stringify(m.payload).slice(0, 300)).join('\n'));
  console.log(JSON.stringify(await h.workforce.task(`lead-77:${AgentId.email}`)), JSON.stringify((await h.bus.dlq.list()).items.map(d => d.errors)));
  await h.close();
});
