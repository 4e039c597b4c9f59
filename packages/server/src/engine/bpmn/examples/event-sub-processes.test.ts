// Acceptance (issue 17): event sub-processes as saved by Camunda Modeler 5 (with DI) run unchanged on
// both stores. Camunda 8, in a two-pool collaboration — a non-interrupting message start that fires again
// and again, an interrupting timer start on the fake clock, an error start catching a handler's BPMN
// error, an interrupting signal start, a non-interrupting conditional start, and a non-interrupting
// escalation start inside a sub-process.
// Exporting the deployed process gives back a file that re-imports without naming the process.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { testPostgres } from '../../../testing/services.js';
import { BpmnError } from '../../bpmn-error.js';
import type { Engine } from '../../engine.js';
import type { HistoryEvent } from '../../history-events.js';
import { engineFixture, type EngineFixture, type StoreKind } from '../../testing/engine-fixture.js';
import { parseBpmn } from '../bpmn-import.js';

const probe = await testPostgres();
await probe?.drop();
const kinds: StoreKind[] = probe ? ['sqlite', 'postgres'] : ['sqlite'];
const source = readFileSync(new URL('./claim-c8.bpmn', import.meta.url), 'utf8');
const DAY = 24 * 3_600_000;

describe.each(kinds)('Camunda 8 claim process with event sub-processes on %s', (kind) => {
  let fx: EngineFixture;
  let engine: Engine;
  let ran: string[];
  afterEach(async () => {
    await fx?.close();
  });

  async function started(variables: Record<string, string>): Promise<string> {
    fx = await engineFixture(kind, kind === 'postgres' ? await testPostgres() : undefined);
    engine = fx.engine();
    ran = [];
    engine.registerHandler('claims.check', (ctx) => {
      if (ctx.variables.suspicious === 'yes') throw new BpmnError('FRAUD', 'Claim looks fraudulent');
    });
    const types = ['claims.expert', 'claims.remind', 'claims.escalate', 'claims.block', 'claims.prioritise'];
    for (const type of types)
      engine.registerHandler(type, () => {
        ran.push(type);
      });
    await engine.open();
    await engine.deploy({ format: 'bpmn', source, processId: 'claim-c8' });
    const { instanceId } = await engine.startInstance('claim-c8', { variables });
    await fx.settle();
    return instanceId;
  }

  const endedAt = (history: HistoryEvent[]) =>
    history.filter((e) => e.type === 'token.ended').map((e) => (e as { elementId: string }).elementId);

  it('runs the escalation sub-process beside the thrower and answers every reminder without interrupting', async () => {
    const instanceId = await started({ claimId: 'C-1' });
    expect(ran).toEqual(['claims.expert']);
    const escalation = (await engine.history(instanceId)).find((e) => e.type === 'escalation.thrown');
    expect(escalation).toMatchObject({
      code: 'NEEDS_EXPERT',
      elementId: 'needs_expert',
      caughtBy: 'expert_start',
    });
    for (const n of [1, 2]) {
      const r = await engine.correlate('claim-reminder', { correlationKey: 'C-1', payload: { reminder: n } });
      expect(r.status).toBe('delivered');
      await fx.settle();
    }
    expect(ran).toEqual(['claims.expert', 'claims.remind', 'claims.remind']);
    const waiting = await engine.getInstance(instanceId);
    expect(waiting.status).toBe('waiting');
    expect(waiting.variables).toMatchObject({ reminder: 2 });
    const [task] = await engine.listUserTasks({ instanceId, status: 'open' });
    await engine.completeUserTask(task!.taskId, { payout: 100 }, 'claims');
    await fx.settle();
    const done = await engine.getInstance(instanceId);
    expect(done.status).toBe('completed');
    // Ending the scope disarmed its event sub-processes: the two-day timer no longer fires.
    await fx.advance(3 * DAY);
    expect(ran).not.toContain('claims.escalate');
    // An event sub-process's token ends at it once its inner path has ended.
    expect(endedAt(await engine.history(instanceId))).toEqual([
      'expert_end',
      'expert_sub',
      'reminder_end',
      'reminder_sub',
      'reminder_end',
      'reminder_sub',
      'inv_end',
      'closed',
    ]);
  });

  it('interrupts the claim when the two-day timer falls due, exactly then', async () => {
    const instanceId = await started({ claimId: 'C-2' });
    const begun = fx.clock.now();
    await fx.advance(2 * DAY - 1);
    expect((await engine.getInstance(instanceId)).status).toBe('waiting');
    await fx.advance(1);
    expect(ran).toEqual(['claims.expert', 'claims.escalate']);
    const view = await engine.getInstance(instanceId);
    expect(view.status).toBe('completed');
    expect(view.endedAt! - begun).toBe(2 * DAY);
    expect((await engine.listUserTasks({ instanceId, status: 'cancelled' })).map((t) => t.elementId)).toEqual(
      ['assess'],
    );
    expect(endedAt(await engine.history(instanceId))).toEqual([
      'expert_end',
      'expert_sub',
      'breached',
      'sla_sub',
    ]);
  });

  it("starts the error sub-process on a handler's BPMN error", async () => {
    const instanceId = await started({ claimId: 'C-3', suspicious: 'yes' });
    const view = await engine.getInstance(instanceId);
    expect(view.status).toBe('completed');
    expect(ran).toEqual(['claims.block']);
    expect(endedAt(await engine.history(instanceId))).toEqual(['blocked', 'fraud_sub']);
  });

  it('freezes on the signal: the interrupting signal start cancels the claim', async () => {
    const instanceId = await started({ claimId: 'C-4' });
    const r = await engine.broadcastSignal('claims-freeze');
    expect(r.delivered).toBe(1);
    await fx.settle();
    const view = await engine.getInstance(instanceId);
    expect(view.status).toBe('completed');
    expect(endedAt(await engine.history(instanceId))).toEqual([
      'expert_end',
      'expert_sub',
      'frozen',
      'freeze_sub',
    ]);
    // A later reminder finds nobody waiting: the interrupted scope's subscriptions are gone.
    const late = await engine.correlate('claim-reminder', { correlationKey: 'C-4', ttlMs: 1 });
    expect(late.status).toBe('buffered');
  });

  it('fast-tracks each time the claim becomes high priority (non-interrupting conditional start)', async () => {
    const instanceId = await started({ claimId: 'C-6' });
    for (const priority of ['high', 'high', 'low', 'high']) {
      await engine.setVariables(instanceId, { priority }, 'ops');
      await fx.settle();
    }
    // Fires when the condition becomes true, and again only after it was false in between.
    expect(ran.filter((t) => t === 'claims.prioritise')).toHaveLength(2);
    expect((await engine.getInstance(instanceId)).status).toBe('waiting');
  });

  it('exports the deployed process of the collaboration so that it re-imports without naming it', async () => {
    await started({ claimId: 'C-5' });
    const exported = await engine.exportBpmn('claim-c8');
    const again = await parseBpmn(exported);
    expect(again.id).toBe('claim-c8');
    // The pools and the diagram stay; only the other pool is no longer marked executable.
    expect(exported).toContain(
      '<bpmn:process id="customer-c8" name="Customer (Camunda 8)" isExecutable="false">',
    );
    expect(exported.replace('isExecutable="false"', 'isExecutable="true"')).toBe(source);
    expect(await engine.deploy({ format: 'bpmn', source: exported })).toMatchObject({
      definitionId: 'claim-c8',
      created: false,
    });
  });
});

const ticketSource = readFileSync(new URL('./ticket-c7.bpmn', import.meta.url), 'utf8');
const HOUR = 3_600_000;

// The Camunda 7 flavour: a non-interrupting timer-cycle start, an interrupting message start correlated
// by business key, and an error start catching an error end event with camunda:errorCodeVariable.
describe.each(kinds)('Camunda 7 ticket process with event sub-processes on %s', (kind) => {
  let fx: EngineFixture;
  let engine: Engine;
  let ran: string[];
  afterEach(async () => {
    await fx?.close();
  });

  async function opened(businessKey: string): Promise<string> {
    fx = await engineFixture(kind, kind === 'postgres' ? await testPostgres() : undefined);
    engine = fx.engine();
    ran = [];
    for (const type of ['tickets.nudge', 'tickets.refund'])
      engine.registerHandler(type, () => {
        ran.push(`${type}@${(fx.clock.now() - begun) / HOUR}h`);
      });
    await engine.open();
    await engine.deploy({ format: 'bpmn', source: ticketSource });
    const begun = fx.clock.now();
    const { instanceId } = await engine.startInstance('ticket-c7', { businessKey });
    await fx.settle();
    return instanceId;
  }

  async function handle(instanceId: string, data: Record<string, boolean>): Promise<void> {
    const [task] = await engine.listUserTasks({ instanceId, status: 'open' });
    await engine.completeUserTask(task!.taskId, data, 'support');
    await fx.settle();
  }

  it('nudges on each hour of the cycle while the ticket is open, then closes it', async () => {
    const instanceId = await opened('T-1');
    await fx.advance(3 * HOUR);
    expect(ran).toEqual(['tickets.nudge@1h', 'tickets.nudge@2h']);
    expect((await engine.getInstance(instanceId)).status).toBe('waiting');
    await handle(instanceId, { resolved: true });
    expect((await engine.getInstance(instanceId)).status).toBe('completed');
  });

  it('refunds when the ticket ends unresolved (error start with the code in a variable)', async () => {
    const instanceId = await opened('T-2');
    await handle(instanceId, { resolved: false });
    const view = await engine.getInstance(instanceId);
    expect(view.status).toBe('completed');
    expect(view.variables).toMatchObject({ resolved: false, failure: 'UNRESOLVED' });
    expect(ran).toEqual(['tickets.refund@0h']);
    // The interrupting error start disarmed the nudge cycle.
    await fx.advance(3 * HOUR);
    expect(ran).toEqual(['tickets.refund@0h']);
  });

  it('withdraws the ticket on the message for its business key, cancelling the open task', async () => {
    const instanceId = await opened('T-3');
    const r = await engine.correlate('ticket-withdrawn', { businessKey: 'T-3' });
    expect(r).toMatchObject({ status: 'delivered', instanceId });
    await fx.settle();
    expect((await engine.getInstance(instanceId)).status).toBe('completed');
    expect((await engine.listUserTasks({ instanceId, status: 'cancelled' })).map((t) => t.elementId)).toEqual(
      ['handle'],
    );
  });
});
