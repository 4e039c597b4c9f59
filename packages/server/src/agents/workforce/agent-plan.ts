// An agent spec as the workforce runs it: the specialisation, each wake rule with the skills it may
// run (the first whose input can be completed runs), the example input of each skill, the skills
// whose work a human must review, and the per-instance budget.
import type { JsonValue } from '../../errors.js';
import type { AgentBudget } from '../../runtime/agent-definition.js';
import type { WakeTrigger } from '../../runtime/wake-policy.js';

/** One wake rule: what wakes the agent and the skills it then tries, in order. */
export interface WakeRulePlan {
  /** Unique per agent; the runtime's trigger name (`event:lead.qualified`, `schedule`…). */
  name: string;
  trigger: WakeTrigger;
  /** Candidate skills, best first; the agent's primary skill is last. */
  skills: string[];
}

export interface AgentPlan {
  agentType: string;
  role: string;
  domain: string;
  expertise: string;
  version: string;
  responsibilities: string[];
  /** Skill ids, the primary (demo) skill first. */
  skills: string[];
  constraints: Array<{ rule: string; reason: string; forbids: string[] }>;
  wake: WakeRulePlan[];
  /** Skills whose deliverables always wait for approval, with the reason. */
  reviewSkills: ReadonlyMap<string, string>;
  /** Example input per skill (the spec's sample inputs, then workforce templates); may hold `{{placeholders}}`. */
  examples: ReadonlyMap<string, JsonValue>;
  budget?: AgentBudget | undefined;
}
