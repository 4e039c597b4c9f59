import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Bus, BusMessage } from '../../bus/bus.js';
import { createBus } from '../../bus/create-bus.js';
import { MemoryBus } from '../../bus/memory-bus.js';
import { FakeClock } from '../../clock.js';
import { loadConfig } from '../../config.js';
import { createIds } from '../../ids.js';
import { createSqlStore, type SqlStore } from '../../store/sql-store.js';
import { AgentId } from '../../skills/agent-ids.js';
import { coordinatorTestSpecs as specs } from './coordinator-test-specs.js';
import { createCoordinators, reactionGroup } from './coordinators.js';
import {
  checkReactions,
  crossDomainReactions,
  reactionsFor,
  type CrossDomainReaction,
} from './cross-domain-reactions.js';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function openStore(clock: FakeClock): Promise<SqlStore> {
  const store = await createSqlStore(
    { dialect: 'sqlite', path: join(mkdtempSync(join(tmpdir(), 'react-')), 'r.db'), synchronous: 'OFF' },
    { clock },
  );
  cleanups.push(() => store.close());
  await store.migrate();
  return store;
}

/** Polls until the condition holds: waits for an event, never for a fixed time. */
async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('reactionsFor', () => {
  it('turns lead.qualified into an Email task (marketing) and a Sales Enablement task (sales)', () => {
    const routed = reactionsFor(
      { topic: 'lead.qualified', id: 'msg-1', payload: { leadId: 'L7', tenantId: 'acme' }, priority: 4 },
      specs,
    );
    expect(routed.map((r) => [r.owner, r.domain, r.task.agentId, r.task.skill])).toEqual([
      ['sales', 'marketing', AgentId.email, 'email.sequence'],
      ['sales', 'sales', AgentId.enablement, 'enablement.battlecard'],
    ]);
    expect(routed[0]!.task).toEqual({
      taskId: `msg-1:${AgentId.email}`,
      skill: 'email.sequence',
      agentId: AgentId.email,
      priority: 4,
      tenantId: 'acme',
      input: { event: 'lead.qualified', payload: { leadId: 'L7', tenantId: 'acme' } },
      source: 'bus:lead.qualified',
    });
  });

  it('maps content.published to Social and student.assessment.completed to Study Planning', () => {
    expect(
      reactionsFor({ topic: 'content.published', id: 'm', payload: null }, specs).map((r) => [
        r.domain,
        r.task.agentId,
        r.task.skill,
      ]),
    ).toEqual([['marketing', AgentId.social, 'social.post-variants']]);
    expect(
      reactionsFor({ topic: 'student.assessment.completed', id: 'm', payload: {} }, specs).map((r) => [
        r.domain,
        r.task.agentId,
        r.task.skill,
      ]),
    ).toEqual([['education', AgentId.study, 'study.revision-plan']]);
    expect(reactionsFor({ topic: 'deal.stalled', id: 'm', payload: {} }, specs)[0]!.task).toMatchObject({
      agentId: AgentId.ae,
      skill: 'ae.deal-health',
      priority: 4,
    });
  });

  it('starts nothing for an event no reaction names', () => {
    expect(reactionsFor({ topic: 'lead.lost', id: 'm', payload: {} }, specs)).toEqual([]);
  });

  it('falls back to the primary skill and refuses targets the specs lack', () => {
    const table: CrossDomainReaction[] = [
      {
        event: 'x.happened',
        owner: 'sales',
        why: 'test',
        targets: [{ domain: 'sales', agentId: AgentId.crm, skills: ['not.offered'] }],
      },
    ];
    expect(reactionsFor({ topic: 'x.happened', id: 'm', payload: {} }, specs, table)[0]!.task.skill).toBe(
      'crm.dedupe',
    );
    expect(() =>
      checkReactions([{ ...table[0]!, targets: [{ domain: 'marketing', agentId: AgentId.crm }] }], specs),
    ).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => checkReactions(crossDomainReactions, specs)).not.toThrow();
  });
});

describe('coordinators reacting on a MemoryBus', () => {
  async function setup(bus: Bus) {
    const clock = new FakeClock();
    const store = await openStore(clock);
    const all = createCoordinators({
      specs,
      store,
      clock,
      ids: createIds(() => clock.now()),
      bus,
      maxConcurrentTasks: 1,
    });
    cleanups.push(() => all.stop());
    await all.start();
    return { all, store };
  }

  it('routes lead.qualified to Email (marketing) and Sales Enablement, and announces both', async () => {
    const bus = await createBus(loadConfig({ env: {} }), {});
    cleanups.push(() => bus.close());
    const announced: BusMessage[] = [];
    await bus.subscribe({
      pattern: '*.task.assigned',
      group: 'announcements',
      handler: async ({ message }) => void announced.push(message),
    });
    const { all } = await setup(bus);
    await bus.publish({
      topic: 'lead.qualified',
      payload: { leadId: 'L1', tenantId: 'acme' },
      from: AgentId.sdr,
      idempotencyKey: 'lead-L1-qualified',
    });
    await waitFor(
      async () =>
        (await all.marketing.snapshot()).inFlight.length === 1 &&
        (await all.sales.snapshot()).inFlight.length === 1,
      'both routed tasks',
    );
    const [email] = (await all.marketing.snapshot()).inFlight;
    const [enablement] = (await all.sales.snapshot()).inFlight;
    expect(email).toMatchObject({
      agentId: AgentId.email,
      skill: 'email.sequence',
      tenantId: 'acme',
      source: 'bus:lead.qualified',
    });
    expect(enablement).toMatchObject({ agentId: AgentId.enablement, skill: 'enablement.battlecard' });
    await waitFor(() => announced.length === 2, 'the announcements');
    expect(announced.map((m) => m.topic).sort()).toEqual(['marketing.task.assigned', 'sales.task.assigned']);
  });

  it('routes nothing twice when the same event is published again', async () => {
    const bus = new MemoryBus();
    cleanups.push(() => bus.close());
    const { all } = await setup(bus);
    for (let i = 0; i < 3; i++)
      await bus.publish({
        topic: 'content.published',
        payload: { url: '/post/1' },
        idempotencyKey: 'post-1',
      });
    await bus.publish({ topic: 'content.published', payload: { url: '/post/2' }, idempotencyKey: 'post-2' });
    await waitFor(
      async () => (await all.marketing.snapshot()).counters.submitted === 2,
      'two distinct posts',
    );
    const settled = async () =>
      (await bus.stats()).groups.find(
        (g) => g.group === reactionGroup(crossDomainReactions.find((r) => r.event === 'content.published')!),
      );
    await waitFor(async () => {
      const g = await settled();
      return g !== undefined && g.depth === 0 && g.pending === 0;
    }, 'every delivery acked');
    const snap = await all.marketing.snapshot();
    expect(snap.counters.submitted).toBe(2);
    // Capacity 1: the second post waits for Social.
    expect(snap.inFlight.map((a) => a.agentId)).toEqual([AgentId.social]);
    expect(snap.queue.map((q) => q.taskId)).toEqual([`post-2:${AgentId.social}`]);
  });

  it('routes student.assessment.completed to Study Planning through the Education coordinator', async () => {
    const bus = new MemoryBus();
    cleanups.push(() => bus.close());
    const { all } = await setup(bus);
    await bus.publish({
      topic: 'student.assessment.completed',
      payload: { studentId: 's-9', weakTopics: ['optics'] },
      priority: 5,
    });
    await waitFor(async () => (await all.education.snapshot()).inFlight.length === 1, 'the study-plan task');
    expect((await all.education.snapshot()).inFlight[0]).toMatchObject({
      agentId: AgentId.study,
      skill: 'study.revision-plan',
      priority: 5,
    });
    expect((await all.marketing.snapshot()).counters.submitted).toBe(0);
  });

  it('routes directly without a bus, and needs one to start', async () => {
    const clock = new FakeClock();
    const store = await openStore(clock);
    const all = createCoordinators({ specs, store, clock, ids: createIds(() => clock.now()) });
    const out = await all.react({ topic: 'student.exam.scheduled', id: 'exam-1', payload: { exam: 'NEET' } });
    expect(out.map((o) => [o.reaction.task.agentId, o.result.status])).toEqual([
      [AgentId.study, 'assigned'],
      [AgentId.testPrep, 'assigned'],
    ]);
    expect(
      (await all.react({ topic: 'student.exam.scheduled', id: 'exam-1', payload: {} })).every(
        (o) => o.result.status === 'assigned' && o.result.duplicate,
      ),
    ).toBe(true);
    await expect(all.start()).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });
});
