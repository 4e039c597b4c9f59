// An agent spec as the workforce runs it: the specialisation, each wake rule tied to the skill it
// runs (with the spec's input template), the skills whose work a human must review, and the budget.
import type { JsonValue } from '../../errors.js';
import type { AgentBudget } from '../runtime/agent-definition.js';
import type { WakeTrigger } from '../runtime/wake-policy.js';

/** One wake rule: what wakes the agent and the skill that then runs. */
export interface WakeRulePlan {
  /** Unique per agent; the runtime's trigger name (`event:lead.qualified`, `cron:0`…). */
  name: string;
  trigger: WakeTrigger;
  skillId: string;
  /** The spec's input for this rule (merged with business info and event data). */
  input?: JsonValue | undefined;
}

export interface AgentPlan {
  agentType: string;
  role: string;
  domain: string;
  expertise: string;
  version: string;
  responsibilities: string[];
  /** Skill ids, the primary (first) skill first. */
  skills: string[];
  constraints: Array<{ rule: string; reason: string; forbids: string[] }>;
  wake: WakeRulePlan[];
  /** Skills whose deliverables always wait for approval, with the spec's reason. */
  reviewSkills: ReadonlyMap<string, string>;
  /** Example inputs per skill (from the spec's demo and skill examples). */
  examples: ReadonlyMap<string, JsonValue>;
  budget?: AgentBudget | undefined;
}
