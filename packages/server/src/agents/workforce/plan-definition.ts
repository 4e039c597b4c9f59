// One runtime AgentDefinition per agent plan: the specialisation (domain, its skills as capabilities,
// constraints with their reasons), the spec's wake rules as triggers, a task handler per skill and the
// publish rules that hold work for approval where the customer or the spec asks for it.
import { PlatformError, type JsonValue } from '../../errors.js';
import type { AgentContext, AgentDefinition, WakeInfo } from '../runtime/agent-definition.js';
import { skillTaskHandler } from '../runtime/skill-task.js';
import type { AnySkill } from '../skills/skill.js';
import type { AgentPlan, WakeRulePlan } from './agent-plan.js';
import { publishRules } from './publish-rules.js';
import type { WorkUnit } from './work-runner.js';

export interface PlanDefinitionDeps {
  skill(skillId: string): AnySkill;
  /** Runs on every wake of an instance of this type. */
  onWake(ctx: AgentContext, wake: WakeInfo): Promise<void>;
}

export function definitionFromPlan(plan: AgentPlan, deps: PlanDefinitionDeps): AgentDefinition {
  const tasks = Object.fromEntries(plan.skills.map((id) => [id, skillTaskHandler(deps.skill(id))]));
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

function unit(rule: WakeRulePlan, instanceId: string, workKey: string, source: string, data?: JsonValue): WorkUnit {
  return {
    workKey,
    instanceId,
    skillId: rule.skillId,
    template: rule.input,
    source,
    ...(data === undefined ? {} : { data }),
  };
}

/**
 * The work one wake asks for (pure): the skill of the rule that fired, keyed so that a redelivered
 * event, or a schedule firing in several worker processes, runs once. On demand the primary skill runs.
 */
export function workForWake(plan: AgentPlan, instanceId: string, wake: WakeInfo, now: number): WorkUnit[] {
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
  if (wake.kind === 'cron') return [unit(rule, instanceId, `cron:${instanceId}:${rule.name}:${scheduleSlot(now)}`, `cron:${rule.name}`)];
  const eventKey = event?.id ?? scheduleSlot(now);
  const source = event ? `${wake.kind}:${event.type}` : `${wake.kind}:${rule.name}`;
  return [unit(rule, instanceId, `${wake.kind}:${eventKey}:${instanceId}:${rule.name}`, source, event?.payload)];
}
