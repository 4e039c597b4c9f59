// Fires due schedules: claims each fire in the store (a conditional update that one process wins), then
// creates the task `sch_<schedule>_<fire time>` through the TaskCreator, so no fire is ever doubled.
// After downtime a schedule fires once (for its earliest missed run) and goes on from the next run
// after now: missed runs are not replayed. A claimer that dies before its task is confirmed leaves the
// fire pending; after a lease another process creates it (the deterministic id makes that harmless).
import type { Clock, TimerHandle } from '../../../clock.js';
import type { Logger } from '../../../components/observability/logger.js';
import { toPlatformError } from '../../../errors.js';
import type { Entity } from '../../../store/entity-repository.js';
import type { ScheduleRecord, ScheduleRepository } from '../../../store/work-trigger-repositories.js';
import type { TaskCreator } from '../work-ports.js';
import { scheduleTiming } from './schedule-service.js';
import { nextFire } from './schedule-times.js';

export interface ScheduleWorkerOptions {
  schedules: ScheduleRepository;
  tasks: TaskCreator;
  clock: Clock;
  logger?: Logger;
  /** How often due schedules are looked for (default 15 s of the clock). */
  pollMs?: number;
  /** A claimed fire still pending after this long is created by another pass (default 2 min). */
  leaseMs?: number;
  /** Schedules handled per pass (default 100). */
  batch?: number;
}

export const scheduleTaskId = (scheduleId: string, fireAt: number) => `sch_${scheduleId}_${fireAt}`;

export class ScheduleWorker {
  private timer: TimerHandle | undefined;
  private running = false;
  private pass: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: ScheduleWorkerOptions) {}

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.arm();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
    await this.pass;
  }

  /** Resolves when the pass in progress (if any) has finished. */
  async idle(): Promise<void> {
    await this.pass;
  }

  private arm(): void {
    if (!this.running) return;
    this.timer = this.o.clock.setTimeout(() => {
      this.pass = this.tick()
        .catch((err: unknown) => this.o.logger?.error({ err }, 'schedule pass failed'))
        .finally(() => this.arm());
    }, this.o.pollMs ?? 15_000);
  }

  /** One pass: retries fires whose claimer died, then fires what is due. Answers the tasks requested. */
  async tick(): Promise<{ fired: number; retried: number }> {
    const now = this.o.clock.now();
    const batch = this.o.batch ?? 100;
    let retried = 0;
    for (const s of await this.o.schedules.stalePending(now - (this.o.leaseMs ?? 120_000), batch)) {
      if (s.data.pendingTaskId !== null && (await this.createTask(s, s.data.pendingTaskId))) retried++;
    }
    let fired = 0;
    // A claimed schedule's next fire is after now, so each round shrinks what is due; a full batch means
    // more may wait (bounded, so one pass never runs away).
    for (let round = 0; round < 10; round++) {
      const due = await this.o.schedules.due(now, batch);
      for (const s of due) {
        const fireAt = s.data.nextFireAt;
        if (fireAt === null) continue;
        const taskId = scheduleTaskId(s.id, fireAt);
        const next = nextFire(scheduleTiming(s.data), now) ?? null;
        if (!(await this.o.schedules.claimFire(s.id, fireAt, next, taskId))) continue;
        if (await this.createTask(s, taskId)) fired++;
      }
      if (due.length < batch) break;
    }
    return { fired, retried };
  }

  /** True when the task was requested (or already existed); a refusal is recorded on the schedule. */
  private async createTask(s: Entity<ScheduleRecord>, taskId: string): Promise<boolean> {
    try {
      await this.o.tasks.create({
        tenantId: s.tenantId ?? '',
        instanceId: s.data.instanceId,
        skill: s.data.skill,
        input: s.data.input,
        source: 'schedule',
        taskId,
        scheduleId: s.id,
      });
      await this.o.schedules.settleFire(s.id, taskId, null);
      return true;
    } catch (err) {
      const e = toPlatformError(err);
      // A transient failure stays pending and is retried after the lease; a refusal is final.
      if (e.retryable || e.code === 'UNAVAILABLE') {
        this.o.logger?.warn({ err: e, scheduleId: s.id, taskId }, 'scheduled task not created; will retry');
        return false;
      }
      await this.o.schedules.settleFire(s.id, taskId, { code: e.code, message: e.message });
      return false;
    }
  }
}
