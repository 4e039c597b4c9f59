import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../errors.js';
import { loadAgentSpecs } from '../../assets/agent-spec-files.js';
import type { AgentSpec } from '../specs/agent-spec.js';
import { AgentId, allAgentIds } from '../../skills/agent-ids.js';
import { planFromSpec } from './spec-plan.js';
import { createWorkforceHarness, type WorkforceHarness } from './testing/workforce-harness.js';
import { WORK_RUNS, type WorkRecord } from './work-ledger.js';
import { TASK_COMPLETED, type TaskCompletion } from './task-queue.js';

const specs = loadAgentSpecs();

/**
 * How each agent is woken in this test: one of its spec events (with realistic data: content that
 * passes the agent's checks), its schedule, or its threshold.
 */
type Wake =
  { event: string; payload?: JsonValue } | { schedule: true } | { threshold: string; count: number };

const scenarios: Record<string, Wake> = {
  [AgentId.content]: { schedule: true },
  [AgentId.social]: { event: 'marketing.social.requested' },
  [AgentId.seo]: {
    event: 'marketing.seo.requested',
    payload: {
      skill: 'seo.slug-check',
      items: [{ title: 'Trail running shoes for women' }, { title: 'Waterproof hiking boots' }],
    },
  },
  [AgentId.email]: {
    event: 'marketing.email.requested',
    payload: {
      skill: 'email.subject-check',
      subjects: ['Your January running plan is ready', 'Three easy trail routes near you'],
    },
  },
  [AgentId.ppc]: { event: 'marketing.ppc.requested' },
  [AgentId.brand]: {
    event: 'marketing.brand.review-requested',
    payload: { text: 'Start your free trial of WAOOAW today. Our agents earn your business before you pay.' },
  },
  [AgentId.influencer]: {
    event: 'marketing.influencer.requested',
    payload: {
      csv: [
        'handle,platform,followers,avg likes,avg comments,following,growth 30d,category,country,country share,fee',
        '@fitwithasha,instagram,45000,1500,90,800,3,fitness,India,78,25000',
        '@yogaravi,instagram,8000,420,40,500,2,yoga,India,85,6000',
        '@runwithmeera,instagram,30000,1100,70,600,4,fitness,India,80,18000',
        '@stretchsam,instagram,15000,700,45,400,3,yoga,India,82,9000',
      ].join('\n'),
    },
  },
  [AgentId.math]: { event: 'student.test.submitted', payload: { studentId: 's1' } },
  [AgentId.science]: { event: 'education.science.requested' },
  [AgentId.english]: {
    event: 'student.essay.submitted',
    payload: {
      skill: 'text.style-check',
      text: 'The library opens at nine. Students read quietly and return their books on time.',
    },
  },
  [AgentId.testPrep]: { event: 'education.testprep.requested' },
  [AgentId.career]: { event: 'education.career.requested' },
  [AgentId.study]: { event: 'student.session.logged', payload: { minutes: 45 } },
  [AgentId.homework]: { event: 'education.homework.submitted', payload: { problem: '2x + 5 = 17' } },
  [AgentId.sdr]: { threshold: 'leads.new', count: 10 },
  [AgentId.ae]: {
    event: 'deal.stage.changed',
    payload: {
      skill: 'ae.pipeline-forecast',
      today: '2026-01-05',
      deals: [
        {
          id: 'D-1',
          name: 'Acme renewal',
          amount: 1000000,
          stage: 'negotiation',
          closeDate: '2026-01-30',
          lastActivity: '2026-01-04',
        },
        {
          id: 'D-2',
          name: 'Beta expansion',
          amount: 500000,
          stage: 'proposal',
          closeDate: '2026-02-15',
          lastActivity: '2026-01-02',
        },
      ],
    },
  },
  [AgentId.enablement]: {
    event: 'competitor.updated',
    payload: {
      us: {
        name: 'RouteIQ',
        pricing: { amount: 12000, period: 'year' },
        features: { 'Lead routing': 'yes', 'Round robin': 'yes' },
        strengths: ['Live in a day'],
      },
      competitor: {
        name: 'OldCRM',
        pricing: { amount: 1500, period: 'month' },
        features: { 'Lead routing': 'partial', 'Round robin': 'yes' },
        weaknesses: ['Six-week implementations'],
      },
      importance: { 'Lead routing': 5 },
    },
  },
  [AgentId.crm]: {
    event: 'crm.import.completed',
    payload: {
      contacts: [
        {
          id: 'c1',
          firstName: 'Priya',
          lastName: 'Sharma',
          email: 'priya.sharma@acme.in',
          phone: '98765 43210',
          company: 'Acme Pvt Ltd',
        },
        {
          id: 'c2',
          firstName: 'Rahul',
          lastName: 'Verma',
          email: 'rahul@beta.in',
          phone: '+91 98111 22233',
          company: 'Beta Corp',
        },
      ],
    },
  },
  [AgentId.leadGen]: { event: 'sales.leadgen.requested' },
};

let h: WorkforceHarness;
const trials = new Map<string, { trialId: string; tenantId: string }>();

beforeAll(async () => {
  h = await createWorkforceHarness({ specs });
  for (const spec of specs) {
    const { trialId, principal } = await h.startTrial(spec.id);
    trials.set(spec.id, { trialId, tenantId: principal.tenantId });
  }
});
afterAll(async () => {
  await h.close();
});

async function runsOf(instanceId: string): Promise<WorkRecord[]> {
  const page = await h.store.documents.list<WorkRecord>(WORK_RUNS, { where: { instanceId }, limit: 1000 });
  return page.items.map((d) => d.data);
}

async function wakeUp(spec: AgentSpec, wake: Wake, tenantId: string): Promise<void> {
  if ('event' in wake) {
    const results = await h.runtime.dispatch({
      type: wake.event,
      tenantId,
      id: `evt-${spec.id}`,
      payload: wake.payload ?? {},
    });
    expect(results.map((r) => r.report?.items.map((i) => [i.ok, i.error?.message]))).toEqual([
      [[true, undefined]],
    ]);
  } else if ('threshold' in wake) {
    for (let i = 0; i < wake.count; i++)
      await h.runtime.dispatch({
        type: wake.threshold,
        tenantId,
        id: `lead-${i}`,
        payload: { leadId: `L${i}` },
      });
  }
}

describe('the 19 shipped agents', () => {
  it('are registered from their specs, each with a checked wake rule', () => {
    expect(h.workforce.agentTypes).toEqual([...allAgentIds].sort());
    expect(Object.keys(scenarios).sort()).toEqual([...allAgentIds].sort());
    for (const spec of specs) {
      const plan = h.workforce.plans.get(spec.id)!;
      expect(plan.wake.length).toBeGreaterThan(0);
      expect(plan.skills[0]).toBe(spec.demoSkill);
      expect(h.runtime.get(trials.get(spec.id)!.trialId).personality.name).toBe('Growth desk');
    }
  });

  it.each(specs.map((s) => [s.id, s] as const))(
    '%s wakes and produces a checked, offline deliverable for its tenant',
    async (_id, spec) => {
      const { trialId, tenantId } = trials.get(spec.id)!;
      const wake = scenarios[spec.id]!;
      if ('schedule' in wake) await h.clock.advance(3600_000);
      await wakeUp(spec, wake, tenantId);
      const kind = 'schedule' in wake ? 'cron' : 'event' in wake ? 'event' : 'threshold';
      const done = (await runsOf(trialId)).filter(
        (r) => r.status === 'done' && r.source.startsWith(`${kind}:`),
      );
      expect(done.length, `${spec.id}: ${JSON.stringify(await runsOf(trialId))}`).toBe(1);
      const run = done[0]!;
      const doc = await h.store.deliverables.get(run.result!.deliverableId, { tenantId });
      expect(doc, 'the deliverable is in its tenant’s dashboard').toBeDefined();
      const d = doc!.data;
      expect(d).toMatchObject({ trialId, agentId: spec.id, method: 'offline', status: 'published' });
      expect(d.checks.length).toBeGreaterThan(0);
      expect(d.checks.filter((c) => !c.passed)).toEqual([]);
      expect(d.markdown.length).toBeGreaterThan(50);
    },
  );
});

describe('a cross-domain reaction with the shipped specs', () => {
  it('lead.qualified gets the tenant a nurture sequence and a battlecard through the coordinators', async () => {
    const { principal } = await h.startTrial(AgentId.email, { instanceName: 'Nurture desk' });
    await h.startTrial(AgentId.enablement, { instanceName: 'Deal desk' }, principal);
    const done = await h.watch(
      TASK_COMPLETED,
      (m) => (m.payload as unknown as TaskCompletion).tenantId === principal.tenantId,
    );
    await h.bus.publish({
      topic: 'lead.qualified',
      payload: { tenantId: principal.tenantId, leadId: 'L-1' },
      idempotencyKey: 'lq-1',
    });
    await until(() => done.all.length === 2);
    const bySkill = Object.fromEntries(
      done.all.map((m) => [
        (m.payload as unknown as TaskCompletion).skillId,
        m.payload as unknown as TaskCompletion,
      ]),
    );
    expect(bySkill['email.sequence']).toMatchObject({
      status: 'succeeded',
      method: 'offline',
      checksPassed: true,
      deliverableStatus: 'published',
    });
    // The battlecard's own check asks for answers where we lose: it waits for a person.
    expect(bySkill['enablement.battlecard']).toMatchObject({
      status: 'succeeded',
      method: 'offline',
      deliverableStatus: 'pending_approval',
    });
    const page = await h.store.deliverables.list({
      tenantId: principal.tenantId,
      limit: 100,
    });
    expect(page.items.map((d) => d.data.instanceName).sort()).toEqual([
      'Deal desk',
      'Deal desk',
      'Nurture desk',
      'Nurture desk',
    ]);
  });
});

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setImmediate(r));
  }
}

describe('planFromSpec', () => {
  it('maps events, schedule and thresholds, and treats a sub-hourly schedule as the threshold cadence', () => {
    const sdr = planFromSpec(specs.find((s) => s.id === AgentId.sdr)!);
    expect(sdr.wake.map((r) => r.name)).toEqual([
      'event:sales.lead.*',
      'event:lead.created',
      'event:email.reply.received',
      'threshold:leads.new',
      'threshold:leads.waiting',
    ]);
    expect(sdr.wake.find((r) => r.name === 'threshold:leads.waiting')!.trigger).toEqual({
      kind: 'threshold',
      pattern: 'leads.waiting',
      maxWaitMs: 300_000,
    });
    expect(sdr.wake.find((r) => r.name === 'event:email.reply.received')!.skills).toEqual([
      'sdr.reply-classify',
      'sdr.lead-score',
    ]);
    const email = planFromSpec(specs.find((s) => s.id === AgentId.email)!);
    expect(email.wake.find((r) => r.name === 'schedule')!.trigger).toEqual({
      kind: 'cron',
      schedule: '0 10 * * 1-5',
      timezone: 'UTC',
    });
    expect(email.examples.get('email.sequence')).toMatchObject({ startDate: '{{today}}' });
    expect(email.constraints[0]!.forbids).toEqual(['education:*', 'sales:*']);
    expect(email.budget).toEqual({ tokensPerDay: 50_000 });
  });

  it('budgets money per day only when the spec prices in the cost currency (no exchange rate guessed)', () => {
    const spec = specs.find((s) => s.id === AgentId.email)!;
    expect(planFromSpec(spec, 'USD').budget).toEqual({ tokensPerDay: 50_000 });
    expect(planFromSpec(spec, spec.price.currency).budget).toEqual({
      tokensPerDay: 50_000,
      moneyPerDay: spec.budget.monthlyMoney / 30,
    });
  });
});
