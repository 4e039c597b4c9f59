// One runtime AgentDefinition per agent plan: the specialisation (domain, its skills as capabilities,
// constraints with their reasons), the spec's wake rules as triggers, a task handler per skill and the
// publish rules that hold work for approval where the customer or the spec asks for it.
import { PlatformError, type JsonValue } from '../../errors.js';
import type { AgentContext, AgentDefinition, WakeInfo } from '../../runtime/agent-definition.js';
import { skillTaskHandler } from '../../runtime/skill-task.js';
import type { AnySkill } from '../../skills/skill.js';
import type { AgentPlan } from './agent-plan.js';
import { publishRules } from './publish-rules.js';
import type { WorkUnit } from './work-runner.js';

export interface PlanDefinitionDeps {
  skill(skillId: string): AnySkill;
  /** Runs on every wake of an instance of this type. */
  onWake(ctx: AgentContext, wake: WakeInfo): Promise<void>;
}

/** The runtime definition of one agent type; every skill of the plan becomes a task handler. */
export function definitionFromPlan(plan: AgentPlan, deps: PlanDefinitionDeps): AgentDefinition {
  // The marketplace deliverable is the one copy of a skill's output (decision 0074): no runtime artifact.
  const tasks = Object.fromEntries(
    plan.skills.map((id) => [id, skillTaskHandler(deps.skill(id), { deliver: false })]),
  );
  return {
    specialisation: {
      agentType: plan.agentType,
      role: plan.role,
      domain: plan.domain,
      expertise: plan.expertise,
      version: plan.version,
      responsibilities: plan.responsibilities,
      capabilities: plan.skills,
      constraints: plan.constraints,
    },
    triggers: plan.wake.map((r) => ({ ...r.trigger, name: r.name })),
    onWake: deps.onWake,
    tasks,
    rules: publishRules(plan.reviewSkills),
    ...(plan.budget ? { budget: plan.budget } : {}),
  };
}

const MINUTE = 60_000;

/** The schedule slot a cron wake belongs to: the same minute in every worker process. */
export function scheduleSlot(now: number): string {
  return new Date(Math.floor(now / MINUTE) * MINUTE).toISOString();
}

/** The skill an event names itself (`payload.skill`), when the agent has it. */
function namedSkill(plan: AgentPlan, payload: JsonValue | undefined): string | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const named = payload.skill ?? payload.skillId;
  return typeof named === 'string' && plan.skills.includes(named) ? named : undefined;
}

export interface WakeWorkOptions {
  /** True when a coordinator's cross-domain reaction already routes this event to this agent type. */
  routedElsewhere?: (eventType: string, agentType: string) => boolean;
}

/**
 * The work one wake asks for (pure): the skills of the rule that fired (an event may name its own),
 * keyed so that a redelivered event, or a schedule firing in several worker processes, runs once.
 * On demand the primary skill runs; handoffs are the runtime's business.
 */
export function workForWake(
  plan: AgentPlan,
  instanceId: string,
  wake: WakeInfo,
  now: number,
  options: WakeWorkOptions = {},
): WorkUnit[] {
  if (wake.kind === 'handoff') return [];
  if (wake.kind === 'on-demand') {
    const primary = plan.skills[0];
    if (primary === undefined) return [];
    return [{ workKey: `on-demand:${instanceId}:${now}`, instanceId, skillId: primary, source: 'on-demand' }];
  }
  const rule = plan.wake.find((r) => r.name === wake.trigger);
  if (!rule) {
    throw new PlatformError('NOT_FOUND', `${plan.agentType} has no wake rule ${wake.trigger}`, {
      details: { agentType: plan.agentType, trigger: wake.trigger },
    });
  }
  const event = wake.event;
  if (event && options.routedElsewhere?.(event.type, plan.agentType)) return [];
  // A skill the event names runs as asked (bad data fails naming the field); else the rule's candidates.
  const named = event ? namedSkill(plan, event.payload) : undefined;
  const [first, ...fallbacks] = named === undefined ? unique(rule.skills) : [named];
  if (first === undefined) return [];
  const key =
    wake.kind === 'cron'
      ? `cron:${instanceId}:${rule.name}:${scheduleSlot(now)}`
      : `${wake.kind}:${event?.id ?? scheduleSlot(now)}:${instanceId}:${rule.name}`;
  return [
    {
      workKey: key,
      instanceId,
      skillId: first,
      fallbacks,
      source: event ? `${wake.kind}:${event.type}` : `${wake.kind}:${rule.name}`,
      ...(event?.payload === undefined ? {} : { data: event.payload }),
    },
  ];
}

function unique(ids: ReadonlyArray<string | undefined>): string[] {
  return [...new Set(ids.filter((id): id is string => id !== undefined))];
}
