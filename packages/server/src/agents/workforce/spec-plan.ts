// Turns a YAML agent spec into the plan the workforce runs: the spec's events, schedule and thresholds
// become wake rules; each rule runs the skill the event calls for (when the agent has it) and falls
// back to the agent's demo skill, whose sample input the spec guarantees; the spec's sample inputs,
// plus a few workforce templates, are the examples every run starts from.
import type { JsonValue } from '../../errors.js';
import { nextCronRun } from '../../runtime/wake-policy.js';
import type { AgentSpec } from '../specs/agent-spec.js';
import type { AgentPlan, WakeRulePlan } from './agent-plan.js';

/** Platform events that call for a particular skill, best first (used when the agent offers it). */
export const eventSkills: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'lead.qualified': ['email.sequence', 'enablement.battlecard'],
  'lead.created': ['sdr.lead-score'],
  'email.reply.received': ['sdr.reply-classify'],
  'competitor.updated': ['enablement.battlecard', 'enablement.feature-matrix'],
  'deal.stage.changed': ['ae.deal-health'],
  'crm.import.completed': ['crm.dedupe', 'crm.data-quality'],
  'site.page.published': ['seo.page-audit'],
  'student.essay.submitted': ['english.essay-feedback', 'text.style-check'],
  'student.test.submitted': ['math.grade', 'science.quiz-grade', 'exam.score'],
  'student.session.logged': ['study.progress'],
});

/**
 * Inputs for skills that event-driven work uses but whose specs ship no sample (placeholders are
 * filled at run time; the event's data and the customer's business are laid over them).
 */
export const workTemplates: Readonly<Record<string, JsonValue>> = Object.freeze({
  'email.sequence': {
    startDate: '{{today}}',
    steps: [
      { name: 'Welcome', delayDays: 0, subject: 'Thanks for your interest: what happens next' },
      { name: 'Getting started', delayDays: 2, subject: 'A short guide to getting started' },
      { name: 'Check-in', delayDays: 5, subject: 'Any questions? We are one reply away' },
    ],
  },
  'social.post-variants': {
    message: 'We just published a new piece for our community. Read it and tell us what you think.',
    platforms: ['linkedin', 'x'],
  },
});

const DOMAINS = ['marketing', 'education', 'sales'] as const;
const MINUTE = 60_000;

const HOUR = 60 * MINUTE;
/** A fixed reference time, so the same schedule is always judged the same way. */
const REFERENCE = Date.UTC(2026, 0, 5);

/**
 * A schedule that fires more often than hourly (the SDR's every 5 minutes) is the cadence of its
 * threshold checks, which the runtime times exactly; producing a deliverable on each would flood the
 * customer's dashboard, so it starts no work of its own.
 */
export function isCheckCadence(schedule: string): boolean {
  const first = nextCronRun({ schedule, timezone: 'UTC' }, REFERENCE);
  const second = first === undefined ? undefined : nextCronRun({ schedule, timezone: 'UTC' }, first);
  return first !== undefined && second !== undefined && second - first < HOUR;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** The plan of one spec. Pure: the same spec always gives the same plan. */
/** `costCurrency`: the price table's currency; spec money budgets in it are enforced per day. */
export function planFromSpec(spec: AgentSpec, costCurrency?: string): AgentPlan {
  const offered = new Set(spec.skills.map((s) => s.id));
  const primary = spec.demoSkill;
  const skills = unique([primary, ...spec.skills.map((s) => s.id)]);
  const candidates = (event: string): string[] =>
    unique([...(eventSkills[event] ?? []).filter((s) => offered.has(s)), primary]);

  const wake: WakeRulePlan[] = [
    ...spec.wake.events.map((pattern): WakeRulePlan => ({
      name: `event:${pattern}`,
      trigger: { kind: 'event', pattern },
      skills: candidates(pattern),
    })),
    ...(spec.wake.schedule === undefined || isCheckCadence(spec.wake.schedule)
      ? []
      : [
          {
            name: 'schedule',
            trigger: { kind: 'cron', schedule: spec.wake.schedule, timezone: 'UTC' },
            skills: [primary],
          } satisfies WakeRulePlan,
        ]),
    ...spec.wake.thresholds.map((t): WakeRulePlan => ({
      name: `threshold:${t.metric}`,
      // Each event named like the metric counts as one new item.
      trigger: {
        kind: 'threshold',
        pattern: t.metric,
        ...(t.gte === undefined ? {} : { atLeast: Math.max(1, Math.ceil(t.gte)) }),
        ...(t.olderThanMinutes === undefined ? {} : { maxWaitMs: t.olderThanMinutes * MINUTE }),
      },
      skills: candidates(t.metric),
    })),
  ];

  const examples = new Map<string, JsonValue>();
  for (const [skill, input] of Object.entries(workTemplates))
    if (offered.has(skill)) examples.set(skill, input);
  for (const [skill, input] of Object.entries(spec.listing.sampleInput))
    examples.set(skill, input as JsonValue);

  const reviewSkills = new Map<string, string>();
  for (const s of spec.skills)
    if (!s.offline)
      reviewSkills.set(
        s.id,
        'it needs a model, and model-written work is checked by a person before it goes out',
      );

  return {
    agentType: spec.id,
    role: spec.roleTitle,
    domain: spec.domain,
    expertise: `${spec.specialty}: ${spec.tagline}`.slice(0, 300),
    version: spec.version,
    responsibilities: spec.skills.map((s) => s.name),
    skills,
    constraints: [
      {
        rule: `Works only on ${spec.domain} tasks`,
        reason: 'Work for another domain goes to that domain’s coordinator through cross-domain events',
        forbids: DOMAINS.filter((d) => d !== spec.domain).map((d) => `${d}:*`),
      },
    ],
    wake,
    reviewSkills,
    examples,
    // The spec budgets a month; the runtime enforces per UTC day. Money only when the spec's currency
    // is the price table's (decision 0068): no exchange rate is guessed.
    budget: {
      tokensPerDay: Math.ceil(spec.budget.monthlyTokens / 30),
      ...(costCurrency === spec.price.currency ? { moneyPerDay: spec.budget.monthlyMoney / 30 } : {}),
    },
  };
}
