// Reactions to events on the bus, declared as data: an event published by one domain wakes work in
// another (or its own) through the coordinator of the target's domain, e.g. `lead.qualified` → the
// Email agent starts a nurture sequence and Sales Enablement prepares a battlecard.
import type { Priority } from '../../bus/bus.js';
import { topicMatches } from '../../bus/topic-pattern.js';
import { PlatformError, type JsonValue } from '../../errors.js';
import { AgentId } from '../../skills/agent-ids.js';
import type { CoordinatedAgentSpec, CoordinatedDomain } from './coordinated-agent.js';
import type { RouteTaskInput } from './domain-coordinator.js';

export interface ReactionTarget {
  domain: CoordinatedDomain;
  agentId: string;
  /** Preferred skills: the first one the agent offers is used, else the agent's primary (first) skill. */
  skills?: readonly string[];
  /** Overrides the event's priority. */
  priority?: Priority;
}

export interface CrossDomainReaction {
  /** Topic (or pattern) of the event. */
  event: string;
  /** The domain whose coordinator owns the reaction (its consumer group receives the event). */
  owner: CoordinatedDomain;
  targets: readonly ReactionTarget[];
  /** Why the targets react, shown with the routed task. */
  why: string;
}

/** The platform's reactions. */
export const crossDomainReactions: readonly CrossDomainReaction[] = Object.freeze([
  {
    event: 'lead.qualified',
    owner: 'sales',
    targets: [
      { domain: 'marketing', agentId: AgentId.email, skills: ['email.sequence'] },
      { domain: 'sales', agentId: AgentId.enablement, skills: ['enablement.battlecard'] },
    ],
    why: 'a qualified lead gets a nurture sequence and the deal team a battlecard',
  },
  {
    event: 'lead.captured',
    owner: 'sales',
    targets: [
      { domain: 'sales', agentId: AgentId.crm, skills: ['crm.dedupe'] },
      { domain: 'sales', agentId: AgentId.sdr, skills: ['sdr.lead-score'] },
    ],
    why: 'a new lead is de-duplicated against the CRM and scored',
  },
  {
    event: 'deal.stalled',
    owner: 'sales',
    targets: [{ domain: 'sales', agentId: AgentId.ae, skills: ['ae.deal-health'], priority: 4 }],
    why: 'a stalled deal needs its account executive',
  },
  {
    event: 'content.published',
    owner: 'marketing',
    targets: [
      { domain: 'marketing', agentId: AgentId.social, skills: ['social.post-variants', 'social.calendar'] },
    ],
    why: 'published content is turned into social posts',
  },
  {
    event: 'student.assessment.completed',
    owner: 'education',
    targets: [{ domain: 'education', agentId: AgentId.study, skills: ['study.revision-plan'] }],
    why: 'an assessment result re-plans revision around the weak topics',
  },
  {
    event: 'student.exam.scheduled',
    owner: 'education',
    targets: [
      { domain: 'education', agentId: AgentId.study, skills: ['study.revision-plan', 'study.timetable'] },
      { domain: 'education', agentId: AgentId.testPrep, skills: ['exam.mock-test'] },
    ],
    why: 'a scheduled exam gets a study plan and a mock test',
  },
]);

/** An event as the reactions see it (a bus message carries all of these). */
export interface ReactionEvent {
  topic: string;
  payload: JsonValue;
  /** Stable per event (the bus message id): routed task ids derive from it, so redelivery routes nothing twice. */
  id: string;
  priority?: Priority;
}

export interface RoutedReaction {
  domain: CoordinatedDomain;
  owner: CoordinatedDomain;
  why: string;
  /** Ready for `coordinator.route`. */
  task: RouteTaskInput & { taskId: string; skill: string; agentId: string };
}

/** The skill a target uses: its first preferred skill the agent offers, else the agent's primary skill. */
export function targetSkill(target: ReactionTarget, agents: readonly CoordinatedAgentSpec[]): string {
  const agent = agents.find((a) => a.id === target.agentId && a.domain === target.domain);
  if (!agent) {
    throw new PlatformError(
      'CONFIG_INVALID',
      `reaction target ${target.agentId} is not a ${target.domain} agent in the specs`,
      {
        details: { agentId: target.agentId, domain: target.domain },
      },
    );
  }
  const offered = new Set(agent.skills.map((s) => s.id));
  const skill = target.skills?.find((s) => offered.has(s)) ?? agent.skills[0]?.id;
  if (skill === undefined) {
    throw new PlatformError('CONFIG_INVALID', `reaction target ${target.agentId} has no skills to route to`, {
      details: { agentId: target.agentId },
    });
  }
  return skill;
}

/** CONFIG_INVALID when a reaction names an agent (or skill-less agent) the specs do not hold. */
export function checkReactions(
  reactions: readonly CrossDomainReaction[],
  agents: readonly CoordinatedAgentSpec[],
): void {
  for (const r of reactions) for (const t of r.targets) targetSkill(t, agents);
}

function tenantOf(payload: JsonValue): string | undefined {
  if (payload && typeof payload === 'object' && !Array.isArray(payload)) {
    const t = payload.tenantId;
    if (typeof t === 'string' && t !== '') return t;
  }
  return undefined;
}

/**
 * The tasks `event` should start, one per target of every matching reaction, in table order.
 * Pure: no bus, no store. Task ids are `<event id>:<agent id>`.
 */
export function reactionsFor(
  event: ReactionEvent,
  agents: readonly CoordinatedAgentSpec[],
  reactions: readonly CrossDomainReaction[] = crossDomainReactions,
): RoutedReaction[] {
  const routed: RoutedReaction[] = [];
  const tenantId = tenantOf(event.payload);
  for (const r of reactions) {
    if (!topicMatches(r.event, event.topic)) continue;
    for (const t of r.targets) {
      const task: RoutedReaction['task'] = {
        taskId: `${event.id}:${t.agentId}`,
        skill: targetSkill(t, agents),
        agentId: t.agentId,
        priority: t.priority ?? event.priority ?? 3,
        input: { event: event.topic, payload: event.payload },
        source: `bus:${event.topic}`,
      };
      if (tenantId !== undefined) task.tenantId = tenantId;
      routed.push({ domain: t.domain, owner: r.owner, why: r.why, task });
    }
  }
  return routed;
}
