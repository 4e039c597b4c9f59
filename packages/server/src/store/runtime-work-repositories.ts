// Ports of the agent runtime's typed tables: each an EntityRepository filtered on indexed columns, so
// a wake finds its pending tasks, handoffs and escalations without scanning JSON.
import type { EntityRepository } from './entity-repository.js';
import type {
  AgentHandoffRecord,
  AgentTaskRecord,
  EscalationRecord,
  RememberedDecisionRecord,
} from './runtime-work-records.js';

/** Tasks for agent instances; an insert with a used idempotency key returns the first task. */
export type AgentTaskRepository = EntityRepository<
  AgentTaskRecord,
  { instanceId: string; status: AgentTaskRecord['status']; day: string }
>;

export type AgentHandoffRepository = EntityRepository<
  AgentHandoffRecord,
  { toInstanceId: string; fromInstanceId: string; status: AgentHandoffRecord['status'] }
>;

/** Escalations to a human; an insert with a used idempotency key returns the first escalation. */
export type EscalationRepository = EntityRepository<
  EscalationRecord,
  { agentId: string; status: EscalationRecord['status']; day: string }
>;

/** Decisions an agent remembers (id = the decision's id), loaded newest first per agent. */
export type DecisionMemoryRepository = EntityRepository<RememberedDecisionRecord, { agentId: string }>;

export interface RuntimeWorkRepositories {
  readonly agentTasks: AgentTaskRepository;
  readonly agentHandoffs: AgentHandoffRepository;
  readonly escalations: EscalationRepository;
  readonly decisionMemory: DecisionMemoryRepository;
}
