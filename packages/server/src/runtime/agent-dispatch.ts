// Everything that makes an instance act: bus subscriptions and `dispatch` (events offered to the
// instances whose triggers say so), cron and threshold timers, on-demand wakes, handoffs and queued
// tasks (one wake cycle at a time per instance), decisions and workflow service tasks.
import type { BusMessage, Subscription } from '../bus/bus.js';
import { PlatformError, toPlatformError, type JsonValue } from '../errors.js';
import type { AgentInstance, WakeInfo } from './agent-definition.js';
import type { AgentInstances, InstanceListener } from './agent-instances.js';
import type { DecisionReceipt, DecisionRequest } from './decision.js';
import { isWakeable, type LifecycleState } from './lifecycle.js';
import { isWithinWorkingHours } from './personality.js';
import type { RegisteredAgent, RuntimeCore } from './runtime-core.js';
import { executeServiceTask, type ServiceTaskInput, type ServiceTaskResult } from './service-task.js';
import { runWakeCycle, type WakeReport } from './wake-cycle.js';
import { WakePolicy, triggerName, type AgentEvent, type WakeDecision } from './wake-policy.js';
import { WakeScheduler, type ScheduledWake } from './wake-scheduler.js';
import type { AgentHandoff, AgentTask } from './work-queue.js';

export interface DispatchResult {
  instanceId: string;
  decision: WakeDecision;
  report?: WakeReport;
  error?: { code: string; message: string };
}

/** Bus message → agent event: tenant from the `tenant-id` header or `payload.tenantId`. */
export function eventFromMessage(message: BusMessage): AgentEvent {
  const payload = message.payload;
  const fromPayload =
    payload && typeof payload === 'object' && !Array.isArray(payload) && typeof payload.tenantId === 'string'
      ? payload.tenantId
      : undefined;
  const target = message.headers['target-instance'];
  return {
    type: message.topic,
    payload,
    tenantId: message.headers['tenant-id'] ?? fromPayload ?? null,
    id: message.id,
    at: message.publishedAt,
    ...(target ? { targetInstanceId: target } : {}),
  };
}

export interface AgentDispatchDeps {
  core: RuntimeCore;
  instances: AgentInstances;
  /** Bus events handled at once per subscription. */
  eventConcurrency: number;
}

export class AgentDispatch implements InstanceListener {
  private readonly scheduler: WakeScheduler;
  private readonly subscriptions: Subscription[] = [];
  private running = false;

  constructor(private readonly deps: AgentDispatchDeps) {
    this.scheduler = new WakeScheduler({
      clock: deps.core.clock,
      onWake: (w) => this.onScheduledWake(w),
      onError: (err, w) => deps.core.logger.warn({ err, wake: w }, 'scheduled wake failed'),
    });
  }

  get started(): boolean {
    return this.running;
  }

  /** Arms every instance's schedules and subscribes every registered type to its events. */
  async start(): Promise<void> {
    this.running = true;
    for (const instance of this.deps.instances.list()) this.armSchedules(instance);
    for (const agent of this.deps.instances.registeredAgents()) await this.subscribe(agent);
  }

  /** Cancels timers and subscriptions and waits for running wake cycles. */
  async stop(): Promise<void> {
    this.running = false;
    this.scheduler.stop();
    await Promise.all(this.subscriptions.splice(0).map((s) => s.close()));
    await this.deps.instances.settled();
  }

  registered(agent: RegisteredAgent): void {
    if (!this.running) return;
    void this.subscribe(agent).catch((err: unknown) =>
      this.deps.core.logger.error(
        { err, agentType: agent.specialisation.agentType },
        'bus subscription failed',
      ),
    );
  }

  adopted(instance: AgentInstance): void {
    this.armSchedules(instance);
  }

  changed(instance: AgentInstance, from: LifecycleState): void {
    if (!isWakeable(instance.lifecycle)) this.scheduler.cancel(instance.id);
    else if (from === 'paused' || from === 'created') this.armSchedules(instance);
  }

  /** Offers an event to every instance of the event's tenant; those whose triggers say so wake. */
  async dispatch(event: AgentEvent): Promise<DispatchResult[]> {
    return this.dispatchTo(this.deps.instances.list(), event);
  }

  /** Wakes an instance now (on demand). CONFLICT when it is paused, retired or not started. */
  async wake(instanceId: string, reason = 'on demand'): Promise<WakeReport> {
    return this.enqueueWake(instanceId, { kind: 'on-demand', trigger: 'on-demand', reason });
  }

  /** Wakes an instance later (handoffs); failures are logged, never thrown to the caller. */
  scheduleWake(instanceId: string, info: WakeInfo): void {
    if (!this.deps.instances.find(instanceId)) return;
    void this.enqueueWake(instanceId, info).catch((err: unknown) =>
      this.deps.core.logger.warn({ err, instanceId }, 'wake after handoff failed'),
    );
  }

  async decide(instanceId: string, request: DecisionRequest): Promise<DecisionReceipt> {
    const instance = this.deps.instances.get(instanceId);
    const agent = this.deps.instances.agentOf(instance);
    return this.deps.core.engine.decide(
      {
        agentId: instance.id,
        agentType: instance.agentType,
        role: agent.specialisation.role,
        tenantId: instance.tenantId,
        rules: agent.definition.rules ?? [],
        options: agent.definition.decision ?? {},
      },
      request,
    );
  }

  async executeAsServiceTask(instanceId: string, input: ServiceTaskInput): Promise<ServiceTaskResult> {
    const { instances, core } = this.deps;
    const instance = instances.get(instanceId);
    return executeServiceTask(
      core,
      instances.agentOf(instance),
      instance,
      instances.runtimeOf(instance),
      input,
    );
  }

  async enqueueTask(
    instanceId: string,
    type: string,
    input: JsonValue = null,
    key?: string,
  ): Promise<AgentTask> {
    const instance = this.deps.instances.get(instanceId);
    return this.deps.core.work.enqueueTask({
      instanceId,
      tenantId: instance.tenantId,
      type,
      input,
      ...(key === undefined ? {} : { key }),
    });
  }

  /** Hands work to another instance of the same tenant and wakes it. FORBIDDEN across tenants. */
  async handoff(
    fromInstanceId: string,
    toInstanceId: string,
    payload: JsonValue,
    kind: AgentHandoff['kind'] = 'task',
  ): Promise<AgentHandoff> {
    const from = this.deps.instances.get(fromInstanceId);
    const to = this.deps.instances.get(toInstanceId);
    if (from.tenantId !== to.tenantId)
      throw new PlatformError('FORBIDDEN', 'Handoffs cannot cross tenants', {
        details: { fromInstanceId, toInstanceId },
      });
    const h = await this.deps.core.work.createHandoff({
      fromInstanceId,
      toInstanceId,
      tenantId: to.tenantId,
      kind,
      payload,
    });
    this.scheduleWake(toInstanceId, {
      kind: 'handoff',
      trigger: 'handoff',
      reason: `handoff ${h.id} from ${fromInstanceId}`,
    });
    return h;
  }

  private armSchedules(instance: AgentInstance): void {
    if (!this.running || !isWakeable(instance.lifecycle)) return;
    const triggers = this.deps.instances.agentOf(instance).definition.triggers ?? [];
    triggers.forEach((t, i) => {
      if (t.kind === 'cron')
        this.scheduler.scheduleCron(instance.id, triggerName(t, i), {
          schedule: t.schedule,
          ...(t.timezone === undefined ? {} : { timezone: t.timezone }),
        });
    });
  }

  /** Runs a wake cycle after any cycle already running for the instance. */
  private enqueueWake(instanceId: string, info: WakeInfo): Promise<WakeReport> {
    const { instances, core } = this.deps;
    const instance = instances.get(instanceId);
    const rt = instances.runtimeOf(instance);
    const run = rt.queue.then(async () => {
      if (!this.running)
        throw new PlatformError('CONFLICT', 'The agent runtime is not started', { details: { instanceId } });
      if (!isWakeable(instance.lifecycle)) {
        throw new PlatformError(
          'CONFLICT',
          `Agent ${instanceId} is ${instance.lifecycle} and does not wake`,
          {
            details: { instanceId, state: instance.lifecycle },
          },
        );
      }
      return runWakeCycle(core, instances.agentOf(instance), instance, rt, info);
    });
    rt.queue = run.catch(() => undefined);
    return run;
  }

  private async onScheduledWake(w: ScheduledWake): Promise<void> {
    const { instances, core } = this.deps;
    const instance = instances.find(w.instanceId);
    if (!instance || !isWakeable(instance.lifecycle)) return;
    const agent = instances.agentOf(instance);
    const now = core.clock.now();
    if (agent.definition.respectWorkingHours !== false && !isWithinWorkingHours(instance.personality, now)) {
      core.logger.debug(
        { instanceId: instance.id, trigger: w.trigger },
        'scheduled wake outside working hours skipped',
      );
      return;
    }
    if (w.kind === 'threshold') {
      const due = instances.runtimeOf(instance).policy.dueThresholds(now);
      if (due.length === 0) return;
      await this.enqueueWake(instance.id, {
        kind: 'threshold',
        trigger: due[0]!,
        reason: `threshold:${due[0]}:age`,
      });
      return;
    }
    await this.enqueueWake(instance.id, { kind: 'cron', trigger: w.trigger, reason: `cron:${w.trigger}` });
  }

  private dispatchTo(candidates: AgentInstance[], event: AgentEvent): Promise<DispatchResult[]> {
    const now = this.deps.core.clock.now();
    const tenant = event.tenantId ?? null;
    const work: Array<Promise<DispatchResult>> = [];
    for (const instance of candidates) {
      if (instance.tenantId !== tenant) continue;
      if (event.targetInstanceId !== undefined && event.targetInstanceId !== instance.id) continue;
      if (!isWakeable(instance.lifecycle)) continue;
      const rt = this.deps.instances.runtimeOf(instance);
      const decision = rt.policy.shouldWake(event, now);
      if (!decision.wake) {
        const due = rt.policy.nextThresholdDue();
        if (due !== undefined && this.running) this.scheduler.scheduleThreshold(instance.id, due);
        work.push(Promise.resolve({ instanceId: instance.id, decision }));
        continue;
      }
      const kind = decision.reason.startsWith('threshold:') ? 'threshold' : 'event';
      work.push(
        this.enqueueWake(instance.id, {
          kind,
          trigger: decision.trigger ?? decision.reason,
          reason: decision.reason,
          event,
        }).then(
          (report) => ({ instanceId: instance.id, decision, report }),
          (err: unknown) => {
            const e = toPlatformError(err);
            return { instanceId: instance.id, decision, error: { code: e.code, message: e.message } };
          },
        ),
      );
    }
    return Promise.all(work);
  }

  private async subscribe(agent: RegisteredAgent): Promise<void> {
    const bus = this.deps.core.bus;
    if (!bus) return;
    const agentType = agent.specialisation.agentType;
    const patterns = new WakePolicy(agent.definition.triggers ?? []).patterns();
    for (const [i, pattern] of patterns.entries()) {
      this.subscriptions.push(
        await bus.subscribe({
          pattern,
          group: `runtime.${agentType}.p${i}`,
          concurrency: this.deps.eventConcurrency,
          handler: async (delivery, ctx) => {
            if (await ctx.isDuplicate()) return;
            const candidates = this.deps.instances.list({ agentType });
            const results = await this.dispatchTo(candidates, eventFromMessage(delivery.message));
            // A wake that failed on the store (e.g. a commit lost under its deferred writes, decision
            // 0089) is not acknowledged: the message comes again and the wake is redone. The other
            // instances it reached wake again too (at-least-once, as after a crash).
            const lost = results.find((r) => r.error?.code === 'UNAVAILABLE');
            if (lost)
              throw new PlatformError(
                'UNAVAILABLE',
                `Wake of ${lost.instanceId} failed: ${lost.error!.message}`,
                {
                  retryable: true,
                  details: { instanceId: lost.instanceId },
                },
              );
          },
        }),
      );
    }
  }
}
