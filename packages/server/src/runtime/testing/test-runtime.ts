// A test's view of the agent runtime: the facade plus the operations only tests reach for (look
// up, retire, health, dispatch an event, wake, queue tasks, hand off, daily report) and the
// components they inspect, taken from the runtime's pieces.
import type { AuditLog } from '../../components/security/audit-log.js';
import type { BudgetManager } from '../../components/budgets/budget-manager.js';
import type { CacheHierarchy } from '../../components/cache/cache-hierarchy.js';
import type { StateManager } from '../../components/state/state-manager.js';
import type { AgentDispatch } from '../agent-dispatch.js';
import type { AgentInstances } from '../agent-instances.js';
import { assembleAgentRuntime, type AgentRuntime, type AgentRuntimeOptions } from '../agent-runtime.js';
import type { EscalationService } from '../escalations.js';
import type { InstanceReports } from '../instance-reports.js';

export interface TestRuntime extends AgentRuntime {
  get: AgentInstances['get'];
  retire: AgentInstances['retire'];
  health: AgentInstances['health'];
  dispatch: AgentDispatch['dispatch'];
  wake: AgentDispatch['wake'];
  enqueueTask: AgentDispatch['enqueueTask'];
  handoff: AgentDispatch['handoff'];
  dailyReport: InstanceReports['daily'];
  readonly escalations: EscalationService;
  readonly budgets: BudgetManager;
  readonly cache: CacheHierarchy;
  readonly states: StateManager;
  readonly audit: AuditLog;
}

export function createTestRuntime(options: AgentRuntimeOptions): TestRuntime {
  const { runtime, instances, dispatch, reports, components } = assembleAgentRuntime(options);
  return {
    ...runtime,
    get: (id) => instances.get(id),
    retire: (id, by) => instances.retire(id, by),
    health: (id) => instances.health(id),
    dispatch: (event) => dispatch.dispatch(event),
    wake: (id, reason) => dispatch.wake(id, reason),
    enqueueTask: (id, type, input, key) => dispatch.enqueueTask(id, type, input, key),
    handoff: (from, to, payload, kind) => dispatch.handoff(from, to, payload, kind),
    dailyReport: (id, date) => reports.daily(id, date),
    escalations: components.escalations,
    budgets: components.budgets,
    cache: components.cache,
    states: components.states,
    audit: components.audit,
  };
}
