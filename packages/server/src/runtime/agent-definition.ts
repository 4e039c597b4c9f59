// What the workforce registers per agent type (specialisation, triggers, rules, task handlers,
// budget) and what a handler gets to work with (the AgentContext).
import type { Clock } from '../clock.js';
import type { JsonValue } from '../errors.js';
import type { Ids } from '../ids.js';
import type { ModelProvider } from '../models/model-provider.js';
import type { Logger } from '../components/observability/logger.js';
import type { DecisionMethod, DecisionReceipt, DecisionRequest, DecisionRule } from './decision.js';
import type { DecisionOptions } from './decision-engine.js';
import type { CreateArtifactInput, ArtifactSummary } from './artifact-store.js';
import type { Escalation, EscalationUrgency } from './escalations.js';
import type { LifecycleState } from './lifecycle.js';
import type { Personality, PersonalityInput } from './personality.js';
import type { Specialisation, SpecialisationInput } from './specialisation.js';
import type { AgentEvent, WakeTrigger } from './wake-policy.js';
import type { AgentHandoff, AgentTask } from './work-queue.js';

/** Why an instance is awake. */
export interface WakeInfo {
  kind: 'event' | 'cron' | 'threshold' | 'on-demand' | 'handoff';
  /** Trigger name (or `on-demand`, `handoff`). */
  trigger: string;
  reason: string;
  event?: AgentEvent;
}

/** A hired instance as stored. */
export interface AgentInstance {
  id: string;
  agentType: string;
  tenantId: string | null;
  personality: Personality;
  lifecycle: LifecycleState;
  wakeCount: number;
  createdAt: number;
  updatedAt: number;
  lastWakeAt: number | null;
}

/** What a handler may return: its output plus how it was produced (for service-task metadata). */
export interface TaskOutcome {
  output?: JsonValue;
  /** Overrides the method derived from the decisions made during the task. */
  method?: DecisionMethod | 'offline';
  /** 0..1; overrides the lowest decision confidence. */
  confidence?: number;
  /** Money spent outside `decide` (e.g. a direct model call for writing). */
  cost?: number;
}

export interface WorkflowAccess {
  instanceId: string;
  /** A variable passed in by the workflow, or `fallback`. */
  get(name: string, fallback?: JsonValue): JsonValue;
  /** Sets an output variable returned to the workflow. */
  set(name: string, value: JsonValue): void;
}

export interface AgentContext {
  readonly instance: Readonly<AgentInstance>;
  readonly specialisation: Specialisation;
  /** The customer's name for it, or its role. */
  readonly displayName: string;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly logger: Logger;
  readonly wake?: WakeInfo;
  /** Working memory carried from wake to wake (saved in the context snapshot). */
  readonly memory: Record<string, JsonValue>;
  /** Present when running as a workflow service task. */
  readonly workflow?: WorkflowAccess;
  /** The platform's model (possibly the offline provider), for writing; decisions go through `decide`. */
  readonly models?: ModelProvider;
  /**
   * Free text from the model, metered against the agent, tenant and run budgets like decisions.
   * Fails (BUDGET_EXHAUSTED, DISABLED, UNAVAILABLE…) rather than spending unmetered; callers keep
   * their deterministic text then.
   */
  write(
    prompt: string,
    options?: { system?: string; maxTokens?: number },
  ): Promise<{ text: string; provider: string; model: string; offline: boolean; cost: number }>;
  /** Decides through the tiers and returns the stored receipt. */
  decide(request: DecisionRequest): Promise<DecisionReceipt>;
  deliver(input: Omit<CreateArtifactInput, 'agentId' | 'tenantId'>): Promise<ArtifactSummary>;
  escalate(input: { reason: string; context?: JsonValue; urgency?: EscalationUrgency }): Promise<Escalation>;
  handoff(toInstanceId: string, payload: JsonValue, kind?: AgentHandoff['kind']): Promise<AgentHandoff>;
  /** Queues a task for this instance's next wake. */
  enqueue(type: string, input: JsonValue): Promise<AgentTask>;
  /** FORBIDDEN (with the constraint's reason) when the specialisation forbids `action`. */
  assertAllowed(action: string): void;
  publish(topic: string, payload: JsonValue): Promise<void>;
}

export type TaskHandler = (ctx: AgentContext, input: JsonValue) => Promise<TaskOutcome | void>;

export interface AgentBudget {
  tokensPerDay?: number;
  /** In the price table's currency. */
  moneyPerDay?: number;
  requestsPerMinute?: number;
}

export interface AgentDefinition {
  /** Specialisation of the type; `agentType` is the definition's id. */
  specialisation: SpecialisationInput | Specialisation;
  triggers?: WakeTrigger[];
  /** Runs on every wake (event, cron, threshold, on demand, handoff) before pending tasks. */
  onWake?: (ctx: AgentContext, wake: WakeInfo) => Promise<void>;
  /** Handlers per task type / skill id; used by queued tasks, task handoffs and service tasks. */
  tasks?: Record<string, TaskHandler>;
  rules?: DecisionRule[];
  decision?: DecisionOptions;
  /** Default budget of each hired instance (per UTC day). */
  budget?: AgentBudget;
  /** Personality defaults for new hires (the customer's choices win). */
  personality?: PersonalityInput;
  /** Skip cron and threshold wakes outside the instance's working hours (events still wake it). Default true. */
  respectWorkingHours?: boolean;
}
