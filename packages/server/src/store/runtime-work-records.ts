// Stored shapes of the agent runtime's pending work, one typed table each (migrations 0042/0043):
// tasks and handoffs an instance picks up when it wakes, escalations to a human, and the memory of
// past decisions. The runtime's own names for them (AgentTask, Escalation…) are these types.
import type { JsonValue, SerializedError } from '../errors.js';

export type WorkStatus = 'pending' | 'running' | 'done' | 'failed';

export interface AgentTaskRecord {
  id: string;
  instanceId: string;
  tenantId: string | null;
  /** Skill / task type the instance's handlers are keyed by. */
  type: string;
  input: JsonValue;
  status: WorkStatus;
  createdAt: number;
  finishedAt: number | null;
  /** UTC day it finished, for daily reports. */
  day: string | null;
  result: JsonValue;
  error: SerializedError | null;
}

export interface AgentHandoffRecord {
  id: string;
  fromInstanceId: string;
  toInstanceId: string;
  tenantId: string | null;
  kind: 'task' | 'context' | 'escalation';
  payload: JsonValue;
  status: 'pending' | 'accepted' | 'completed' | 'failed';
  createdAt: number;
}

export type EscalationUrgency = 'low' | 'medium' | 'high' | 'critical';
export type EscalationStatus = 'pending' | 'approved' | 'rejected' | 'modified';
export type EscalationVerdict = 'approve' | 'reject' | 'modify';

export interface EscalationRecord {
  id: string;
  agentId: string;
  tenantId: string | null;
  /** Short, shown as the title: "Budget exhausted", "Model answer failed validation"… */
  reason: string;
  /** What the human needs to decide (JSON). */
  context: JsonValue;
  urgency: EscalationUrgency;
  status: EscalationStatus;
  /** The decision that asked, when one did. */
  decisionId: string | null;
  createdAt: number;
  /** UTC date of creation (YYYY-MM-DD), for daily reports. */
  day: string;
  answer: {
    verdict: EscalationVerdict;
    by: string;
    note: string | null;
    modification: JsonValue;
    at: number;
  } | null;
}

/** A decided case an agent may reuse for a similar one (see runtime/decision-memory.ts). */
export interface RememberedDecisionRecord {
  decisionId: string;
  agentId: string;
  kind: string;
  subject: string;
  outcome: { approved: boolean; reason: string; confidence: number; citations: string[] };
  at: number;
}
