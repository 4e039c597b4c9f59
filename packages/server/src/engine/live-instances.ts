// The instances this worker is running: their in-memory state (rebuilt from history on load, or reused
// from a small cache of recently unloaded states when the history has not moved), the queue of inputs
// waiting for their turn, the handlers running for them, and whether this worker holds their lease.
import { PlatformError } from '../errors.js';
import type { DefinitionRegistry } from './definition-registry.js';
import type { EngineCore } from './engine-core.js';
import type { InstanceWrite, Job } from './engine-store.js';
import type { HistoryEvent } from './history-events.js';
import { InstanceState, replay } from './instance-state.js';
import type { Input } from './interpreter.js';
import { summaryKey, summaryOf } from './step-effects.js';

/** Unloaded states kept for a quick reload (an instance that waits on a timer comes back soon). */
const CACHE_LIMIT = 1000;

export interface QueueItem {
  input: Input;
  jobId?: string;
  /** Jobs written with this step (a start timer's next occurrence). */
  extraJobs?: Job[];
  resolve?: (events: HistoryEvent[]) => void;
  reject?: (err: unknown) => void;
}

export interface Live {
  id: string;
  state: InstanceState;
  queue: QueueItem[];
  draining: boolean;
  leased: boolean;
  dropped: boolean;
  running: Map<string, AbortController>;
  summary: string | undefined;
  create?: NonNullable<InstanceWrite['create']>;
}

export class LiveInstances {
  private readonly live = new Map<string, Live>();
  private readonly loading = new Map<string, Promise<Live>>();
  private readonly cache = new Map<string, InstanceState>();

  constructor(
    private readonly core: EngineCore,
    private readonly definitions: DefinitionRegistry,
  ) {}

  get(instanceId: string): Live | undefined {
    return this.live.get(instanceId);
  }

  has(instanceId: string): boolean {
    return this.live.has(instanceId);
  }

  get size(): number {
    return this.live.size;
  }

  values(): IterableIterator<Live> {
    return this.live.values();
  }

  /** A new, empty instance (not yet registered); `create` when its row is to be inserted. */
  create(instanceId: string, create?: Live['create']): Live {
    return {
      id: instanceId,
      state: new InstanceState(instanceId),
      queue: [],
      draining: false,
      leased: true,
      dropped: false,
      running: new Map(),
      summary: undefined,
      ...(create ? { create } : {}),
    };
  }

  add(live: Live): void {
    this.live.set(live.id, live);
  }

  /** Removes a new instance whose first step failed before anything was written. */
  discard(live: Live): void {
    if (this.live.get(live.id) === live && live.state.seq === 0) this.live.delete(live.id);
  }

  /**
   * The running instance, or loads it (once, even when several jobs ask at the same time): from the
   * cache when `seq` says its history has not moved, else by replaying the history. `afterLoad` runs
   * once it is registered (the runner creates call-activity children a crash left out).
   */
  async load(
    instanceId: string,
    seq: number | null,
    afterLoad: (live: Live) => Promise<void>,
  ): Promise<Live> {
    const existing = this.live.get(instanceId);
    if (existing) return existing;
    const pending = this.loading.get(instanceId);
    if (pending) return pending;
    const p = (async () => {
      const cached = this.cache.get(instanceId);
      this.cache.delete(instanceId);
      let state: InstanceState;
      if (cached && seq !== null && cached.seq === seq) state = cached;
      else {
        const history = await this.core.repos.instances.history(instanceId);
        if (history.length === 0)
          throw new PlatformError('NOT_FOUND', `Workflow instance ${instanceId} has no history`, {
            details: { instanceId },
          });
        state = replay(instanceId, history);
      }
      await this.definitions.compile(state.definitionId, state.version);
      const live = this.create(instanceId);
      live.state = state;
      live.summary = summaryKey(summaryOf(state));
      this.live.set(instanceId, live);
      await afterLoad(live);
      return live;
    })();
    this.loading.set(instanceId, p);
    try {
      return await p;
    } finally {
      this.loading.delete(instanceId);
    }
  }

  /** Stops running an instance that waits (its state is cached for a quick reload). */
  unload(live: Live): void {
    if (this.live.get(live.id) !== live) return;
    this.live.delete(live.id);
    if (live.state.isTerminal) return;
    this.cache.set(live.id, live.state);
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
  }

  /** Forgets an instance handed to another worker (its state may move on there). */
  forget(live: Live): void {
    this.live.delete(live.id);
    this.cache.delete(live.id);
  }

  /** Abandons an instance whose in-memory state can no longer be trusted: its work is rejected with `reason`. */
  drop(live: Live, reason: PlatformError): void {
    live.dropped = true;
    for (const c of live.running.values()) c.abort();
    for (const item of live.queue) item.reject?.(reason);
    live.queue = [];
    if (this.live.get(live.id) === live) this.live.delete(live.id);
    this.cache.delete(live.id);
  }

  /** Stops every instance (close, halt): handlers are aborted, queued work rejected with `reason` if given. */
  abandonAll(reason?: PlatformError): string[] {
    const ids = [...this.live.keys()];
    for (const l of this.live.values()) {
      l.dropped = true;
      for (const c of l.running.values()) c.abort();
      if (reason) {
        for (const item of l.queue) item.reject?.(reason);
        l.queue = [];
      }
    }
    this.live.clear();
    return ids;
  }
}
