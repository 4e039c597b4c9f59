// Runs instances one input at a time: decide with the pure interpreter, write the step durably through
// the group committer (with the call-activity children it starts), then act on it — execute activities,
// notify waiters, publish bus events, arm wake-ups. Inputs come from callers (start, commands), from
// handlers finishing and from jobs the scheduler claims; each instance's inputs run in order.
import { PlatformError, toPlatformError, type JsonValue } from '../errors.js';
import type { ActivityExecutor } from './activity-executor.js';
import { startChild } from './child-instances.js';
import type { DefinitionRegistry } from './definition-registry.js';
import { Crash, type EngineCore } from './engine-core.js';
import type { ClaimedJob, InstanceWrite } from './engine-store.js';
import { GroupCommitter } from './group-committer.js';
import type { HistoryEvent } from './history-events.js';
import type { InstanceState, UserTaskState } from './instance-state.js';
import { decide, type Input, type InterpreterContext } from './interpreter.js';
import type { Live, LiveInstances, QueueItem } from './live-instances.js';
import type { HeldLease, Wake, WorkSink } from './scheduler.js';
import type { SharedVariables } from './shared-variables.js';
import { signalStartOccurrence, startTimerOccurrence, type StartTimerPayload } from './start-timers.js';
import { recordStepMetrics } from './engine-metrics.js';
import { busEvents, stepWrite, summaryKey, summaryOf } from './step-effects.js';

const TERMINAL_EVENTS = new Set([
  'instance.completed',
  'instance.failed',
  'instance.cancelled',
  'instance.compensated',
]);

export interface RunnerParts {
  definitions: DefinitionRegistry;
  shared: SharedVariables;
  instances: LiveInstances;
  executor: ActivityExecutor;
  wake: Wake;
  /** An instance reached its end (for callers waiting on it). */
  onEnded: (state: InstanceState) => void;
  /** Jobs of these types were handed to external workers (wakes their long polls). */
  onExternalJobs: (types: Iterable<string>) => void;
}

export class Runner implements WorkSink {
  private readonly committer: GroupCommitter;
  private readonly definitions: DefinitionRegistry;
  private readonly shared: SharedVariables;
  private readonly instances: LiveInstances;
  private readonly executor: ActivityExecutor;
  private readonly wake: Wake;
  private readonly onEnded: (state: InstanceState) => void;
  private readonly onExternalJobs: (types: Iterable<string>) => void;

  constructor(
    private readonly core: EngineCore,
    parts: RunnerParts,
  ) {
    ({
      definitions: this.definitions,
      shared: this.shared,
      instances: this.instances,
      executor: this.executor,
      wake: this.wake,
      onEnded: this.onEnded,
      onExternalJobs: this.onExternalJobs,
    } = parts);
    this.committer = new GroupCommitter({
      repos: core.repos,
      worker: core.workerId,
      now: () => core.clock.now(),
      leaseMs: core.leaseMs,
      concurrency: core.repos.commitConcurrency,
      ...(core.maxBatch === undefined ? {} : { maxBatch: core.maxBatch }),
      beforeCommit: (writes) => core.fault(() => core.faults.beforeCommit?.(writes)),
      onMatched: (jobs) => {
        for (const job of jobs) core.track(this.apply({ ...job, instanceSeq: null }));
      },
      onError: (err) => core.onError(err, 'commit'),
    });
    core.addBusyCheck(
      () => this.committer.busy || [...this.instances.values()].some((l) => l.draining || l.queue.length > 0),
    );
  }

  /** Commit statistics (transactions and instance writes) since start. */
  get commitStats(): { transactions: number; writes: number } {
    return { ...this.committer.stats };
  }

  /** Stops writing at once: pending commits fail, instances are abandoned without a word to the store. */
  halt(reason: PlatformError): void {
    this.committer.stop(reason);
    this.instances.abandonAll(reason);
  }

  /** Queues an input for an instance and resolves with the events it produced, once durable. */
  submit(live: Live, input: Input): Promise<HistoryEvent[]> {
    return new Promise<HistoryEvent[]>((resolve, reject) => {
      this.enqueue(live, { input, resolve, reject });
    });
  }

  /** Starts a new instance with its `start` input; resolves once its first steps are durable. */
  async startNew(live: Live, input: Extract<Input, { kind: 'start' }>): Promise<void> {
    this.instances.add(live);
    try {
      await this.submit(live, input);
    } catch (err) {
      this.instances.discard(live);
      throw err;
    }
  }

  /**
   * Applies an operator command: directly when this worker holds (or can take) the instance, else as a
   * queued job for the worker that holds it. Returns the state after the command, or undefined when queued.
   */
  async control(
    instanceId: string,
    input: Input,
    precheck?: (state: InstanceState) => void,
  ): Promise<InstanceState | undefined> {
    const { core } = this;
    core.assertRunning();
    let live = this.instances.get(instanceId);
    if (!live) {
      const now = core.clock.now();
      const acquired = await core.repos.work.acquire(instanceId, {
        worker: core.workerId,
        now,
        leaseUntil: now + core.leaseMs,
      });
      if (!acquired) {
        await core.repos.work.enqueue([
          {
            jobId: core.ids.next(`ctl:${instanceId}:`),
            instanceId,
            kind: 'control',
            dueAt: now,
            payload: input as unknown as JsonValue,
          },
        ]);
        return undefined;
      }
      live = this.instances.get(instanceId) ?? (await this.load(instanceId, acquired.seq));
    }
    precheck?.(live.state);
    await this.submit(live, input);
    return live.state;
  }

  // ---- the scheduler's findings (WorkSink) ------------------------------------------------------

  isLive(instanceId: string): boolean {
    return this.instances.has(instanceId);
  }

  hasLive(): boolean {
    return this.instances.size > 0;
  }

  leased(): HeldLease[] {
    return [...this.instances.values()]
      .filter((l) => l.leased && !l.create)
      .map((l) => ({
        instanceId: l.id,
        lost: () => {
          if (!l.draining)
            this.instances.drop(
              l,
              new PlatformError('CONFLICT', `Lease on ${l.id} was lost`, { details: { instanceId: l.id } }),
            );
        },
      }));
  }

  /** Re-executes activities that were scheduled but not finished (after a crash or a move to this worker). */
  async resume(instanceId: string, seq: number): Promise<void> {
    const live = await this.load(instanceId, seq);
    live.leased = true;
    for (const a of live.state.activities.values())
      if (a.status === 'scheduled') this.execute(live, a.activityId);
  }

  async apply(job: ClaimedJob): Promise<void> {
    try {
      this.core.fault(() => this.core.faults.afterClaim?.(job));
    } catch {
      return;
    }
    if (job.kind === 'start-timer' || job.kind === 'signal-start') {
      await this.fireStartTimer(job);
      return;
    }
    const live = await this.load(job.instanceId!, job.instanceSeq);
    live.leased = true;
    const payload = job.payload as Record<string, JsonValue>;
    const input: Input =
      job.kind === 'timer'
        ? { kind: 'timerFired', timerId: String(payload.timerId) }
        : (payload as unknown as Input);
    this.enqueue(live, { input, jobId: job.jobId });
  }

  /**
   * Starts the instance of a timer start occurrence (arming the next one in the same transaction) or
   * of a signal start.
   */
  private async fireStartTimer(job: ClaimedJob): Promise<void> {
    const p = job.payload as unknown as StartTimerPayload;
    const def = await this.definitions.compile(p.definitionId, p.version);
    const occurrence =
      job.kind === 'signal-start' ? signalStartOccurrence(def, job) : startTimerOccurrence(def, job);
    const live = this.instances.create(occurrence.instanceId, {
      definitionId: def.id,
      version: def.version,
      businessKey: null,
      parentInstanceId: null,
      createdAt: this.core.clock.now(),
    });
    this.instances.add(live);
    this.enqueue(live, {
      input: occurrence.input,
      jobId: job.jobId,
      extraJobs: occurrence.next ? [occurrence.next] : [],
    });
  }

  // ---- one instance's inputs, in order -----------------------------------------------------------

  private load(instanceId: string, seq: number | null): Promise<Live> {
    return this.instances.load(instanceId, seq, (live) => this.reconcileChildren(live));
  }

  private enqueue(live: Live, item: QueueItem): void {
    live.queue.push(item);
    this.drain(live);
  }

  private drain(live: Live): void {
    if (live.draining || live.dropped) return;
    live.draining = true;
    this.core.track(
      this.drainLoop(live).finally(() => {
        live.draining = false;
        if (live.queue.length && !live.dropped && !this.core.halted) this.drain(live);
        else if (!this.core.opened && !this.core.halted) this.handOff(live);
      }),
    );
  }

  private async drainLoop(live: Live): Promise<void> {
    const { core } = this;
    while (live.queue.length && !live.dropped && !core.halted) {
      const item = live.queue.shift()!;
      try {
        if (!live.leased) {
          const now = core.clock.now();
          const got = await core.repos.work.acquire(live.id, {
            worker: core.workerId,
            now,
            leaseUntil: now + core.leaseMs,
          });
          if (!got || got.seq !== live.state.seq) {
            // Another worker took the instance meanwhile: it owns the work (queued jobs stay in the store).
            this.instances.drop(
              live,
              new PlatformError(
                'CONFLICT',
                `Workflow instance ${live.id} is being run by another worker; retry`,
                { retryable: true, details: { instanceId: live.id } },
              ),
            );
            item.reject?.(
              new PlatformError(
                'CONFLICT',
                `Workflow instance ${live.id} is being run by another worker; retry`,
                { retryable: true },
              ),
            );
            return;
          }
          live.leased = true;
        }
        const events = await this.step(live, item);
        item.resolve?.(events);
      } catch (err) {
        if (err instanceof Crash || core.halted) {
          item.reject?.(core.halted ?? err);
          return;
        }
        item.reject?.(err);
        if (!item.reject) core.onError(err, `instance ${live.id}`);
      }
    }
  }

  /** A client engine gives the instance's lease back once its command is durable, so a worker takes over at once. */
  private handOff(live: Live): void {
    if (this.instances.get(live.id) !== live || live.running.size > 0) return;
    this.instances.forget(live);
    if (!live.leased) return;
    live.leased = false;
    this.core.track(
      this.core.repos.work
        .release(this.core.workerId, [live.id])
        .catch((err: unknown) => this.core.onError(err, `release ${live.id}`)),
    );
  }

  /** One input: decide, write durably, then act (execute activities, notify, publish). */
  private async step(live: Live, item: QueueItem): Promise<HistoryEvent[]> {
    const { state } = live;
    const definitionId = state.definitionId || (item.input.kind === 'start' ? item.input.definitionId : '');
    const version = item.input.kind === 'start' ? item.input.version : state.version;
    // Hot path: no await when the definition and the shared variables are cached.
    if (!this.definitions.loaded(definitionId, version))
      await this.definitions.compile(definitionId, version);
    if (item.input.kind === 'migrate') await this.definitions.compile(definitionId, item.input.toVersion);
    const lookupShared = this.shared.cachedLookup(definitionId) ?? (await this.shared.lookup(definitionId));
    const ctx: InterpreterContext = {
      now: this.core.clock.now(),
      definition: (v) => {
        const d = this.definitions.loaded(definitionId, v);
        if (!d)
          throw new PlatformError('NOT_FOUND', `Definition ${definitionId} v${v} is not loaded`, {
            details: { definitionId, version: v },
          });
        return d;
      },
      lookupShared,
    };
    const tasksBefore: ReadonlyMap<string, UserTaskState> = state.userTasks.size
      ? new Map(state.userTasks)
      : new Map();
    const seqBefore = state.seq;
    let events: HistoryEvent[];
    try {
      events = decide(state, item.input, ctx);
    } catch (err) {
      if (state.seq !== seqBefore) {
        // A decision failed half-way (a bug): forget the in-memory state; the store still has the truth.
        this.instances.drop(live, toPlatformError(err));
      }
      if (item.jobId) {
        this.core.onError(err, `job ${item.jobId} of ${live.id} was dropped`);
        await this.commitWrites(live, [this.emptyWrite(live, [item.jobId])]);
      }
      throw err;
    }
    const write = stepWrite(state, events, {
      now: ctx.now,
      tasksBefore,
      appliedJobs: item.jobId ? [item.jobId] : [],
    });
    if (item.extraJobs) write.addJobs.push(...item.extraJobs);
    const summary = summaryOf(state);
    const key = summaryKey(summary);
    if (live.create || key !== live.summary) write.summary = summary;
    if (live.create) write.create = live.create;
    const release =
      state.isTerminal || (!summary.runnable && live.queue.length === 0 && live.running.size === 0);
    if (release) write.release = true;
    const writes: InstanceWrite[] = [write];
    const children = await this.childWrites(live, events);
    writes.push(...children.map((c) => c.write));
    if (write.events.length === 0 && !write.summary && !write.release && write.deleteJobs.length === 0)
      return events;
    await this.commitWrites(
      live,
      writes,
      children.map((c) => c.live),
    );
    live.summary = key;
    delete live.create;
    if (release) live.leased = false;
    this.afterCommit(live, events);
    for (const c of children) this.afterCommit(c.live, c.events);
    if (write.externalJobs?.length) this.onExternalJobs(write.externalJobs.map((j) => j.type));
    // A thrown signal left input and start jobs for other instances and definitions: collect them now.
    if (write.signals?.length) this.wake.kick();
    // A start timer's next occurrence: wake for it rather than for the next poll.
    for (const job of item.extraJobs ?? []) this.wake.wakeAt(job.dueAt);
    if (release && live.queue.length === 0) this.instances.unload(live);
    return events;
  }

  private emptyWrite(live: Live, jobs: string[]): InstanceWrite {
    return {
      instanceId: live.id,
      events: [],
      seq: live.state.seq,
      addJobs: [],
      deleteJobs: jobs,
      addSubscriptions: [],
      deleteSubscriptions: [],
      userTasks: [],
    };
  }

  private async commitWrites(live: Live, writes: InstanceWrite[], children: Live[] = []): Promise<void> {
    try {
      await this.committer.submit(writes);
    } catch (err) {
      const e = toPlatformError(err);
      if (!this.core.halted) {
        // The store refused or failed: our in-memory state may be ahead of it. Start over from the store.
        this.instances.drop(live, e);
        for (const c of children) this.instances.drop(c, e);
        if (e.code !== 'CONFLICT') this.wake.retrySoon();
      }
      throw e;
    }
  }

  /** Creates call-activity children in the same batch as the parent's step. */
  private async childWrites(
    parent: Live,
    events: HistoryEvent[],
  ): Promise<Array<{ live: Live; write: InstanceWrite; events: HistoryEvent[] }>> {
    const out: Array<{ live: Live; write: InstanceWrite; events: HistoryEvent[] }> = [];
    for (const e of events) {
      if (e.type !== 'child.started') continue;
      try {
        const child = await startChild(this.definitions, this.shared, this.instances, parent, e);
        if (!child.write.release) this.instances.add(child.live);
        out.push(child);
      } catch (err) {
        // The child cannot start (definition missing, bad variables): the parent sees a failed child.
        const error = toPlatformError(err).toJSON();
        queueMicrotask(() =>
          this.enqueue(parent, { input: { kind: 'childFailed', childInstanceId: e.childInstanceId, error } }),
        );
      }
    }
    return out;
  }

  /** A crash between a parent's `child.started` and the child's creation leaves no child: start it now. */
  private async reconcileChildren(live: Live): Promise<void> {
    for (const c of live.state.children.values()) {
      if (await this.core.repos.instances.get(c.childInstanceId)) continue;
      const started: HistoryEvent = {
        type: 'child.started',
        seq: live.state.seq,
        at: this.core.clock.now(),
        childInstanceId: c.childInstanceId,
        tokenId: c.tokenId,
        elementId: c.elementId,
        definitionId: c.definitionId,
        variables: c.variables,
        ...(c.version === undefined ? {} : { version: c.version }),
      };
      const children = await this.childWrites(live, [started]);
      if (children.length === 0) continue;
      await this.committer.submit(children.map((x) => x.write));
      for (const x of children) this.afterCommit(x.live, x.events);
    }
  }

  private afterCommit(live: Live, events: HistoryEvent[]): void {
    const { state } = live;
    recordStepMetrics(this.core.metrics, state.definitionId, events);
    for (const e of events) {
      switch (e.type) {
        case 'activity.scheduled':
          this.execute(live, e.activityId);
          break;
        case 'instance.resumed':
          for (const a of state.activities.values())
            if (a.status === 'scheduled') this.execute(live, a.activityId);
          // Timers and messages that fell due while suspended were left in the store: collect them now.
          this.wake.kick();
          break;
        case 'activity.cancelled':
          live.running.get(e.activityId)?.abort();
          break;
        case 'child.cancelled':
          this.core.track(
            this.control(e.childInstanceId, { kind: 'cancel', actor: `parent:${live.id}` }).catch(
              (err: unknown) => this.core.onError(err, `cancel child ${e.childInstanceId}`),
            ),
          );
          break;
        case 'timer.scheduled':
          this.wake.wakeAt(e.dueAt);
          break;
        default:
          break;
      }
    }
    if (state.isTerminal && state.parent) this.wake.kick();
    if (state.isTerminal && events.some((e) => TERMINAL_EVENTS.has(e.type))) this.onEnded(state);
    if (this.core.bus) {
      for (const p of busEvents(state, events, this.core.publishTaskEvents)) {
        const bus = this.core.bus;
        this.core.track(bus.publish(p).catch((err: unknown) => this.core.onError(err, `publish ${p.topic}`)));
      }
    }
    this.wake.ensureHeartbeat();
  }

  private execute(live: Live, activityId: string): void {
    this.executor.execute(live, activityId, (input) => this.enqueue(live, { input }));
  }
}
