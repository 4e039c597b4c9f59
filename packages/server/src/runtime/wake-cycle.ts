// One wake cycle: restore identity, load the working context, read pending handoffs and tasks,
// run the wake handler and each item with its own error handling, then save a context snapshot.
// A failing item is recorded and the cycle goes on; the instance goes back to sleep (or stays
// escalated while a human is asked something).
import { PlatformError, toPlatformError, type JsonValue, type SerializedError } from '../errors.js';
import { buildAgentContext } from './agent-context.js';
import type { AgentInstance, WakeInfo } from './agent-definition.js';
import { utcDay } from './escalations.js';
import { transition } from './lifecycle.js';
import {
  INSTANCES,
  WAKE_CYCLES,
  contextStateId,
  type InstanceRuntime,
  type RegisteredAgent,
  type RuntimeCore,
} from './runtime-core.js';

export interface WakeItemResult {
  id: string;
  kind: 'wake' | 'task' | 'handoff';
  type: string;
  ok: boolean;
  error?: SerializedError;
}

export interface WakeReport {
  wakeId: string;
  instanceId: string;
  kind: WakeInfo['kind'];
  trigger: string;
  reason: string;
  startedAt: number;
  durationMs: number;
  items: WakeItemResult[];
  /** Version of the context snapshot this cycle saved. */
  snapshotVersion: number;
  /** Lifecycle state after the cycle. */
  state: AgentInstance['lifecycle'];
  day: string;
}

interface ContextSnapshot {
  memory: Record<string, JsonValue>;
  wakeCount: number;
  lastWake: { kind: string; trigger: string; at: number };
  [key: string]: JsonValue;
}

async function saveInstance(core: RuntimeCore, instance: AgentInstance, tx = core.store): Promise<void> {
  instance.updatedAt = core.clock.now();
  await tx.documents.update(INSTANCES, instance.id, instance);
}

export async function runWakeCycle(
  core: RuntimeCore,
  agent: RegisteredAgent,
  instance: AgentInstance,
  runtime: InstanceRuntime,
  info: WakeInfo,
): Promise<WakeReport> {
  const started = performance.now();
  const startedAt = core.clock.now();
  const wakeId = core.ids.next('wake');
  const items: WakeItemResult[] = [];

  // The wake's writes before its closing transaction are applied at once but not each waited for
  // durably: the closing transaction's durable commit makes them all durable (the log is written in
  // order) and fails if a commit was lost in between, so the wake is redone, not acknowledged (0089).
  const writes = core.store.deferWrites();
  const closing = { closes: writes };

  // 1. Identity: the instance record is the source of truth; it must be allowed to wake. The move to
  // active is stored with the rest of the cycle by the closing transaction, not on its own first: a
  // cycle lasts milliseconds, and a crash in between leaves the record as it was before the wake
  // (sleeping, or escalated with its questions still open), which is what the restart should find.
  if (instance.lifecycle !== 'active') instance.lifecycle = transition(instance.lifecycle, 'wake');
  instance.lastWakeAt = startedAt;
  runtime.policy.consume();

  // 2. Context: the working memory saved by the previous cycle.
  const saved = await core.states.load<ContextSnapshot>(contextStateId(instance.id));
  const memory: Record<string, JsonValue> = { ...(saved?.data.memory ?? {}) };
  const ctx = buildAgentContext(core, agent, instance, { wake: info, memory, writes });

  // 3. Pending work addressed to this instance.
  const [handoffs, tasks] = await Promise.all([
    core.work.pendingHandoffs(instance.id),
    core.work.pendingTasks(instance.id),
  ]);

  // 4. Run everything, each with its own error handling.
  const run = async (item: Omit<WakeItemResult, 'ok' | 'error'>, fn: () => Promise<unknown>) => {
    try {
      await fn();
      items.push({ ...item, ok: true });
      runtime.health.record(true);
    } catch (err) {
      const e = toPlatformError(err);
      items.push({ ...item, ok: false, error: e.toJSON() });
      runtime.health.record(false);
      ctx.logger.warn({ err: e, item }, 'wake item failed');
    }
  };
  if (agent.definition.onWake)
    await run({ id: wakeId, kind: 'wake', type: info.kind }, () => agent.definition.onWake!(ctx, info));
  for (const h of handoffs) {
    await run({ id: h.id, kind: 'handoff', type: h.kind }, async () => {
      try {
        if (h.kind === 'context') {
          if (h.payload && typeof h.payload === 'object' && !Array.isArray(h.payload))
            Object.assign(memory, h.payload);
        } else if (h.kind === 'escalation') {
          await ctx.escalate({
            reason: `Escalated by ${h.fromInstanceId}`,
            context: h.payload,
            urgency: 'medium',
          });
        } else {
          const p = (h.payload ?? {}) as { type?: unknown; input?: JsonValue };
          const handler = typeof p.type === 'string' ? agent.definition.tasks?.[p.type] : undefined;
          if (!handler)
            throw new PlatformError(
              'NOT_FOUND',
              `No task handler for handoff type ${JSON.stringify(p.type)}`,
              { details: { handoffId: h.id } },
            );
          await handler(ctx, p.input ?? null);
        }
        await core.work.setHandoffStatus(h.id, 'completed');
      } catch (err) {
        await core.work.setHandoffStatus(h.id, 'failed');
        throw err;
      }
    });
  }
  for (const t of tasks) {
    if (!(await core.work.claimTask(t.id))) continue;
    await run({ id: t.id, kind: 'task', type: t.type }, async () => {
      const handler = agent.definition.tasks?.[t.type];
      try {
        if (!handler)
          throw new PlatformError('NOT_FOUND', `No task handler for ${t.type}`, {
            details: { taskId: t.id, type: t.type },
          });
        const outcome = await handler(ctx, t.input);
        await core.work.finishTask(t.id, { ok: true, result: outcome?.output ?? null });
      } catch (err) {
        await core.work.finishTask(t.id, { ok: false, error: toPlatformError(err).toJSON() });
        throw err;
      }
    });
  }

  // 5. Snapshot the context, count the wake, and go back to sleep (or stay escalated): the snapshot,
  // the instance and the wake's report are written in one transaction (one commit, not three).
  instance.wakeCount += 1;
  // Read before the transaction: on SQLite the root store cannot be used inside one.
  const pendingEscalations = await core.escalations.countPending(instance.id);
  return core.store.transaction(async (tx) => {
    const snapshot = await core.states.save<ContextSnapshot>(
      contextStateId(instance.id),
      {
        memory,
        wakeCount: instance.wakeCount,
        lastWake: { kind: info.kind, trigger: info.trigger, at: startedAt },
      },
      { reason: 'wake_cycle', tenantId: instance.tenantId, tx },
    );
    if (instance.lifecycle === 'active')
      instance.lifecycle = transition('active', pendingEscalations > 0 ? 'escalate' : 'sleep');
    await saveInstance(core, instance, tx);
    const report: WakeReport = {
      wakeId,
      instanceId: instance.id,
      kind: info.kind,
      trigger: info.trigger,
      reason: info.reason,
      startedAt,
      durationMs: performance.now() - started,
      items,
      snapshotVersion: snapshot.version,
      state: instance.lifecycle,
      day: utcDay(startedAt),
    };
    await tx.documents.insert({
      collection: WAKE_CYCLES,
      id: wakeId,
      tenantId: instance.tenantId,
      data: report,
    });
    return report;
  }, closing);
}
