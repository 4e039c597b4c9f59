// The registry of agent types and hired instances in this process: registration, hiring (or
// adopting an instance another worker stored), loading stored instances, and every lifecycle move
// (persisted and audited). What a move means for timers and subscriptions is the listener's.
import type { Clock } from '../clock.js';
import { PlatformError } from '../errors.js';
import type { Ids } from '../ids.js';
import type { Logger } from '../components/observability/logger.js';
import { budgetScope, type BudgetManager } from '../components/budgets/budget-manager.js';
import type { SlidingWindowRateLimiter } from '../components/budgets/rate-limiter.js';
import type { ResiliencePolicy } from '../components/resilience/resilience-policy.js';
import type { AuditLog } from '../components/security/audit-log.js';
import type { Store } from '../store/store.js';
import type { AgentBudget, AgentDefinition, AgentInstance } from './agent-definition.js';
import type { Escalation } from './escalations.js';
import { HealthTracker, type HealthReport } from './health.js';
import { transition, type LifecycleAction, type LifecycleState } from './lifecycle.js';
import { createPersonality, type PersonalityInput } from './personality.js';
import { INSTANCES, type InstanceRuntime, type RegisteredAgent } from './runtime-core.js';
import { defineSpecialisation, type Specialisation } from './specialisation.js';
import { WakePolicy } from './wake-policy.js';

export interface HireInput {
  agentType: string;
  tenantId?: string | null;
  personality?: PersonalityInput;
  /** A chosen id (e.g. `wowvision-prime`); generated when absent. CONFLICT when taken. */
  instanceId?: string;
  /** Overrides the type's default budget for this instance. */
  budget?: AgentBudget;
  /** Who hired it, for the audit trail (default `system`). */
  by?: string;
}

/** Told about registry changes; the dispatcher subscribes, arms and cancels accordingly. Never throws. */
export interface InstanceListener {
  registered(agent: RegisteredAgent): void;
  /** An instance another worker stored, now run by this process too. */
  adopted(instance: AgentInstance): void;
  changed(instance: AgentInstance, from: LifecycleState): void;
}

export interface AgentInstancesDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  audit: AuditLog;
  budgets: BudgetManager;
  rateLimiter: SlidingWindowRateLimiter;
  /** Its breaker state counts in every instance's health. */
  modelPolicy: ResiliencePolicy;
  listener: InstanceListener;
}

export class AgentInstances {
  private readonly agents = new Map<string, RegisteredAgent>();
  private readonly instances = new Map<string, AgentInstance>();
  private readonly runtimes = new Map<string, InstanceRuntime>();

  constructor(private readonly deps: AgentInstancesDeps) {}

  /** Adds an agent type. CONFLICT when the type is already registered. */
  register(definition: AgentDefinition): Specialisation {
    const specialisation =
      'canDo' in definition.specialisation
        ? (definition.specialisation as Specialisation)
        : defineSpecialisation(definition.specialisation);
    if (this.agents.has(specialisation.agentType)) {
      throw new PlatformError('CONFLICT', `Agent type ${specialisation.agentType} is already registered`, {
        details: { agentType: specialisation.agentType },
      });
    }
    // Validates the triggers now, so a bad definition fails at registration rather than on wake.
    new WakePolicy(definition.triggers ?? []);
    const agent = { definition, specialisation };
    this.agents.set(specialisation.agentType, agent);
    this.deps.listener.registered(agent);
    return specialisation;
  }

  /** Types registered so far. */
  agentTypes(): string[] {
    return [...this.agents.keys()].sort();
  }

  registeredAgents(): RegisteredAgent[] {
    return [...this.agents.values()];
  }

  /** NOT_FOUND when the instance's type is not registered. */
  agentOf(instance: AgentInstance): RegisteredAgent {
    const agent = this.agents.get(instance.agentType);
    if (!agent)
      throw new PlatformError('NOT_FOUND', `Agent type ${instance.agentType} is not registered`, {
        details: { agentType: instance.agentType },
      });
    return agent;
  }

  /** NOT_FOUND when unknown. */
  get(instanceId: string): AgentInstance {
    const inst = this.instances.get(instanceId);
    if (!inst)
      throw new PlatformError('NOT_FOUND', `Agent instance ${instanceId} does not exist`, {
        details: { instanceId },
      });
    return inst;
  }

  find(instanceId: string): AgentInstance | undefined {
    return this.instances.get(instanceId);
  }

  list(filter: { agentType?: string; tenantId?: string | null } = {}): AgentInstance[] {
    return [...this.instances.values()].filter(
      (i) =>
        (filter.agentType === undefined || i.agentType === filter.agentType) &&
        (filter.tenantId === undefined || i.tenantId === filter.tenantId),
    );
  }

  /** The instance's unpersisted state (wake policy, health, wake queue), made on first use. */
  runtimeOf(instance: AgentInstance): InstanceRuntime {
    let rt = this.runtimes.get(instance.id);
    if (!rt) {
      rt = {
        policy: new WakePolicy(this.agentOf(instance).definition.triggers ?? []),
        health: new HealthTracker(),
        queue: Promise.resolve(),
      };
      this.runtimes.set(instance.id, rt);
    }
    return rt;
  }

  /** Resolves once every wake cycle queued so far has finished. */
  async settled(): Promise<void> {
    await Promise.all([...this.runtimes.values()].map((rt) => rt.queue));
  }

  /** Hires an instance: stored, created → active, budget and rate limit applied. */
  async hire(input: HireInput): Promise<AgentInstance> {
    const { store, clock, ids, audit } = this.deps;
    const agent = this.agents.get(input.agentType);
    if (!agent)
      throw new PlatformError('NOT_FOUND', `Agent type ${input.agentType} is not registered`, {
        details: { agentType: input.agentType },
      });
    const personality = createPersonality({ ...agent.definition.personality, ...input.personality });
    const now = clock.now();
    const instance: AgentInstance = {
      id: input.instanceId ?? ids.next('agt'),
      agentType: input.agentType,
      tenantId: input.tenantId ?? null,
      personality,
      lifecycle: 'created',
      wakeCount: 0,
      createdAt: now,
      updatedAt: now,
      lastWakeAt: null,
    };
    if (this.instances.has(instance.id))
      throw new PlatformError('CONFLICT', `Agent instance ${instance.id} already exists`, {
        details: { instanceId: instance.id },
      });
    // Another process (a second worker) may already have stored this instance: adopt it as `load()`
    // would, so every worker can wake it, instead of failing the hire.
    const stored = input.instanceId
      ? await store.documents.get<AgentInstance>(INSTANCES, instance.id)
      : undefined;
    if (stored) return this.adopt(agent, instance, stored.data);
    await store.documents.insert({
      collection: INSTANCES,
      id: instance.id,
      tenantId: instance.tenantId,
      data: instance,
    });
    this.instances.set(instance.id, instance);
    await this.applyLimits(instance, input.budget ?? agent.definition.budget);
    await audit.append({
      actor: input.by ?? 'system',
      action: 'agent.hire',
      resource: `agent:${instance.id}`,
      result: 'success',
      tenantId: instance.tenantId,
      details: { agentType: instance.agentType },
    });
    return this.changeLifecycle(instance, 'activate', input.by ?? 'system');
  }

  async pause(instanceId: string, by = 'system'): Promise<AgentInstance> {
    return this.changeLifecycle(this.get(instanceId), 'pause', by);
  }

  async resume(instanceId: string, by = 'system'): Promise<AgentInstance> {
    return this.changeLifecycle(this.get(instanceId), 'resume', by);
  }

  async retire(instanceId: string, by = 'system'): Promise<AgentInstance> {
    return this.changeLifecycle(this.get(instanceId), 'retire', by);
  }

  async health(instanceId: string): Promise<HealthReport> {
    const instance = this.get(instanceId);
    const budget = await this.deps.budgets.status(budgetScope.agent(instance.id));
    return this.runtimeOf(instance).health.report({
      lifecycle: instance.lifecycle,
      breaker: this.deps.modelPolicy.breakerState,
      ...(budget ? { budgetUtilisation: budget.utilisation } : {}),
    });
  }

  /** Loads the stored, unretired instances of registered types (those of unknown types are logged). */
  async load(): Promise<void> {
    let cursor: string | undefined;
    do {
      const page = await this.deps.store.documents.list<AgentInstance>(INSTANCES, {
        limit: 500,
        ...(cursor === undefined ? {} : { cursor }),
      });
      for (const { data } of page.items) {
        const agent = this.agents.get(data.agentType);
        if (!agent) {
          this.deps.logger.warn(
            { instanceId: data.id, agentType: data.agentType },
            'stored instance of an unregistered agent type; not loaded',
          );
          continue;
        }
        if (data.lifecycle === 'retired') continue;
        const instance = this.instances.get(data.id) ?? {
          ...data,
          personality: createPersonality(data.personality),
        };
        this.instances.set(instance.id, instance);
        this.applyRateLimit(instance, agent.definition.budget);
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }

  /** A new escalation of a sleeping instance makes it escalated. */
  async escalationRaised(e: Escalation): Promise<void> {
    const inst = this.instances.get(e.agentId);
    if (inst?.lifecycle === 'sleeping') await this.changeLifecycle(inst, 'escalate', e.agentId);
  }

  /** An answer audited; the instance goes back to sleep once no escalation is `pending` any more. */
  async escalationAnswered(e: Escalation, pending: (agentId: string) => Promise<number>): Promise<void> {
    const inst = this.instances.get(e.agentId);
    if (inst?.lifecycle === 'escalated' && (await pending(inst.id)) === 0)
      await this.changeLifecycle(inst, 'resolve', e.answer?.by ?? 'human');
    await this.deps.audit.append({
      actor: e.answer?.by ?? 'human',
      action: `escalation.${e.status}`,
      resource: `escalation:${e.id}`,
      result: 'success',
      tenantId: e.tenantId,
    });
  }

  private adopt(agent: RegisteredAgent, hired: AgentInstance, stored: AgentInstance): AgentInstance {
    if (stored.agentType !== hired.agentType || stored.tenantId !== hired.tenantId) {
      throw new PlatformError(
        'CONFLICT',
        `Agent instance ${hired.id} already exists for another agent type or tenant`,
        { details: { instanceId: hired.id } },
      );
    }
    const adopted: AgentInstance = { ...stored, personality: createPersonality(stored.personality) };
    this.instances.set(adopted.id, adopted);
    this.applyRateLimit(adopted, agent.definition.budget);
    this.deps.listener.adopted(adopted);
    return adopted;
  }

  private async changeLifecycle(
    instance: AgentInstance,
    action: LifecycleAction,
    by: string,
  ): Promise<AgentInstance> {
    const from = instance.lifecycle;
    instance.lifecycle = transition(instance.lifecycle, action);
    instance.updatedAt = this.deps.clock.now();
    await this.deps.store.documents.update(INSTANCES, instance.id, instance);
    await this.deps.audit.append({
      actor: by,
      action: `agent.${action}`,
      resource: `agent:${instance.id}`,
      result: 'success',
      tenantId: instance.tenantId,
      details: { from, to: instance.lifecycle },
    });
    this.deps.listener.changed(instance, from);
    return instance;
  }

  private applyRateLimit(instance: AgentInstance, budget: AgentBudget | undefined): void {
    if (budget?.requestsPerMinute !== undefined)
      this.deps.rateLimiter.setLimit(budgetScope.agent(instance.id), budget.requestsPerMinute);
  }

  private async applyLimits(instance: AgentInstance, budget: AgentBudget | undefined): Promise<unknown> {
    this.applyRateLimit(instance, budget);
    if (instance.tenantId) await this.deps.budgets.ensureTenantDefault(instance.tenantId);
    if (budget?.tokensPerDay === undefined && budget?.moneyPerDay === undefined) return undefined;
    return this.deps.budgets.define(budgetScope.agent(instance.id), {
      tokens: budget.tokensPerDay ?? null,
      money: budget.moneyPerDay ?? null,
      period: 'day',
      tenantId: instance.tenantId,
    });
  }
}
