// Builds the AgentContext a handler runs with: identity, working memory, and the runtime's
// services bound to this instance (decisions, deliverables, escalations, handoffs, tasks).
import { PlatformError, type JsonValue } from '../errors.js';
import type { AgentContext, AgentInstance, WakeInfo, WorkflowAccess } from './agent-definition.js';
import type { DecisionReceipt } from './decision.js';
import { displayName } from './personality.js';
import type { RegisteredAgent, RuntimeCore } from './runtime-core.js';
import type { DeferredWrites } from '../store/store.js';

export interface ContextExtras {
  wake?: WakeInfo;
  memory?: Record<string, JsonValue>;
  workflow?: WorkflowAccess;
  /** Told about every decision made through this context (service-task metadata). */
  onDecision?: (receipt: DecisionReceipt) => void;
  /** Told about money spent on model writing through this context. */
  onWriteCost?: (cost: number) => void;
  /** Workflow run whose budget also pays for model calls. */
  runId?: string;
  /** A wake's deferred writes: decisions and deliverables commit durably with the wake (0089). */
  writes?: DeferredWrites;
}

export function buildAgentContext(
  core: RuntimeCore,
  agent: RegisteredAgent,
  instance: AgentInstance,
  extras: ContextExtras = {},
): AgentContext {
  const spec = agent.specialisation;
  const tenantId = instance.tenantId;
  const models = core.engine.modelsFor(tenantId);
  return {
    instance,
    specialisation: spec,
    displayName: displayName(instance.personality, spec),
    clock: core.clock,
    ids: core.ids,
    logger: core.logger.child({ agentId: instance.id, agentType: instance.agentType }),
    ...(extras.wake === undefined ? {} : { wake: extras.wake }),
    memory: extras.memory ?? {},
    ...(extras.workflow === undefined ? {} : { workflow: extras.workflow }),
    ...(models === undefined ? {} : { models }),
    async decide(request) {
      const receipt = await core.engine.decide(
        {
          agentId: instance.id,
          agentType: instance.agentType,
          role: spec.role,
          tenantId,
          rules: agent.definition.rules ?? [],
          options: agent.definition.decision ?? {},
          ...(extras.writes === undefined ? {} : { writes: extras.writes }),
        },
        request.runId === undefined && extras.runId !== undefined
          ? { ...request, runId: extras.runId }
          : request,
      );
      extras.onDecision?.(receipt);
      return receipt;
    },
    async write(prompt, options = {}) {
      const r = await core.engine.write(
        { agentId: instance.id, agentType: instance.agentType, tenantId },
        { prompt, ...options, ...(extras.runId === undefined ? {} : { runId: extras.runId }) },
      );
      extras.onWriteCost?.(r.cost);
      return { text: r.text, provider: r.provider, model: r.model, offline: r.offline, cost: r.cost };
    },
    deliver: (input) => core.artifacts.create({ ...input, agentId: instance.id, tenantId }, extras.writes),
    escalate: (input) =>
      core.escalations.create({
        agentId: instance.id,
        tenantId,
        reason: input.reason,
        context: input.context ?? {},
        urgency: input.urgency ?? 'medium',
      }),
    async handoff(toInstanceId, payload, kind = 'task') {
      const h = await core.work.createHandoff({
        fromInstanceId: instance.id,
        toInstanceId,
        tenantId,
        kind,
        payload,
      });
      core.scheduleWake(toInstanceId, {
        kind: 'handoff',
        trigger: 'handoff',
        reason: `handoff ${h.id} from ${instance.id}`,
      });
      return h;
    },
    enqueue: (type, input) => core.work.enqueueTask({ instanceId: instance.id, tenantId, type, input }),
    assertAllowed(action) {
      const reason = spec.isConstrained(action);
      if (reason !== undefined) {
        throw new PlatformError('FORBIDDEN', `${spec.role} may not ${action}: ${reason}`, {
          details: { action, reason, agentType: spec.agentType },
        });
      }
    },
    async publish(topic, payload) {
      await core.bus?.publish({
        topic,
        payload,
        from: instance.id,
        ...(tenantId ? { headers: { 'tenant-id': tenantId } } : {}),
      });
    },
  };
}
