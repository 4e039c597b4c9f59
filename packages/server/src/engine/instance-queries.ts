// Reading instances: views (from memory when this worker runs the instance and is up to date, else
// replayed from the store), listings, history, variable history, the user-task inbox, and waiting for
// an instance to end — on this worker (told by the runner) or another (checked every poll interval).
import type { TimerHandle } from '../clock.js';
import { PlatformError } from '../errors.js';
import type { EngineCore } from './engine-core.js';
import type { InstanceFilter, InstanceRecord, UserTaskRecord, UserTaskStatus } from './engine-store.js';
import type { InstanceView, VariableChangeView } from './engine-types.js';
import type { HistoryEvent } from './history-events.js';
import { replay, type InstanceState } from './instance-state.js';
import { instanceView } from './instance-view.js';
import type { LiveInstances } from './live-instances.js';

export interface UserTaskFilter {
  status?: UserTaskStatus;
  assignee?: string;
  role?: string;
  instanceId?: string;
  limit?: number;
}

export class InstanceQueries {
  private readonly waiters = new Map<string, Array<(view: InstanceView) => void>>();

  constructor(
    private readonly core: EngineCore,
    private readonly instances: LiveInstances,
  ) {}

  async getInstance(instanceId: string): Promise<InstanceView> {
    const rec = await this.record(instanceId);
    const live = this.instances.get(instanceId);
    const state =
      live && live.state.seq >= rec.seq
        ? live.state
        : replay(instanceId, await this.core.repos.instances.history(instanceId));
    return instanceView(state, rec);
  }

  /**
   * Resolves with the instance once it has ended (completed, failed, cancelled or compensated) — on
   * this worker or another (checked every poll interval). TIMEOUT after `timeoutMs` (clock time) if given.
   */
  async waitForEnd(instanceId: string, options: { timeoutMs?: number } = {}): Promise<InstanceView> {
    const { clock, pollIntervalMs, repos } = this.core;
    const live = this.instances.get(instanceId);
    if (!live || live.state.isTerminal) {
      const rec = await this.record(instanceId);
      if (rec.endedAt !== null) return this.getInstance(instanceId);
    }
    return new Promise<InstanceView>((resolve, reject) => {
      const timers: TimerHandle[] = [];
      let settled = false;
      const finish = (view: InstanceView | undefined, err?: unknown): void => {
        if (settled) return;
        settled = true;
        for (const t of timers) t.cancel();
        const list = this.waiters.get(instanceId)?.filter((w) => w !== onEnd);
        if (list?.length) this.waiters.set(instanceId, list);
        else this.waiters.delete(instanceId);
        if (view) resolve(view);
        else reject(err);
      };
      const onEnd = (view: InstanceView): void => finish(view);
      this.waiters.set(instanceId, [...(this.waiters.get(instanceId) ?? []), onEnd]);
      const check = (): void => {
        if (settled) return;
        repos.instances
          .get(instanceId)
          .then(async (r) => {
            if (r?.endedAt !== null && r !== undefined) finish(await this.getInstance(instanceId));
            else timers.push(clock.setTimeout(check, pollIntervalMs));
          })
          .catch((err: unknown) => finish(undefined, err));
      };
      timers.push(clock.setTimeout(check, pollIntervalMs));
      if (options.timeoutMs !== undefined) {
        timers.push(
          clock.setTimeout(
            () =>
              finish(
                undefined,
                new PlatformError(
                  'TIMEOUT',
                  `Instance ${instanceId} did not end within ${options.timeoutMs} ms`,
                  { details: { instanceId } },
                ),
              ),
            options.timeoutMs,
          ),
        );
      }
    });
  }

  /** Called by the runner when an instance running here has ended. */
  ended(state: InstanceState): void {
    const waiting = this.waiters.get(state.instanceId);
    if (!waiting) return;
    const view = instanceView(state, null);
    for (const w of waiting) w(view);
  }

  listInstances(filter: InstanceFilter = {}): Promise<{ items: InstanceRecord[]; nextCursor?: string }> {
    return this.core.repos.instances.list(filter);
  }

  async history(instanceId: string): Promise<HistoryEvent[]> {
    await this.record(instanceId);
    return this.core.repos.instances.history(instanceId);
  }

  /** Every change of the instance's variables (or of one), in order, with version, actor and time. */
  async variableHistory(instanceId: string, name?: string): Promise<VariableChangeView[]> {
    const out: VariableChangeView[] = [];
    const versions = new Map<string, number>();
    for (const e of await this.history(instanceId)) {
      const changes =
        e.type === 'instance.started' ? e.variables : e.type === 'variables.set' ? e.changes : undefined;
      if (!changes) continue;
      const actor = e.type === 'instance.started' ? e.actor : e.type === 'variables.set' ? e.actor : 'system';
      for (const [k, value] of Object.entries(changes)) {
        const version = (versions.get(k) ?? 0) + 1;
        versions.set(k, version);
        if (name !== undefined && k !== name) continue;
        out.push({
          name: k,
          value,
          version,
          actor,
          at: e.at,
          ...(e.type === 'variables.set' && e.elementId ? { elementId: e.elementId } : {}),
        });
      }
    }
    return out;
  }

  listUserTasks(filter: UserTaskFilter = {}): Promise<UserTaskRecord[]> {
    return this.core.repos.userTasks.list(filter);
  }

  getUserTask(taskId: string): Promise<UserTaskRecord | undefined> {
    return this.core.repos.userTasks.get(taskId);
  }

  /** The stored row; NOT_FOUND when the instance does not exist. */
  private async record(instanceId: string): Promise<InstanceRecord> {
    const rec = await this.core.repos.instances.get(instanceId);
    if (!rec)
      throw new PlatformError('NOT_FOUND', `Workflow instance ${instanceId} does not exist`, {
        details: { instanceId },
      });
    return rec;
  }
}
