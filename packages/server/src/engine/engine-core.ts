// What every part of a durable engine shares: resolved options, the store's engine repositories, time
// and ids, whether the engine is open or halted (a simulated crash), fault hooks, and the tracking of
// background work that `idle()` waits for. Built once per Engine and handed to its parts.
import { systemClock, type Clock } from '../clock.js';
import { PlatformError } from '../errors.js';
import { createIds, type Ids } from '../ids.js';
import type { EngineRepositories } from './engine-store.js';
import type { EngineFaults, EngineOptions } from './engine-types.js';
import { parseDuration } from './model/duration.js';

/** Thrown through the engine when a fault hook fires: the process "dies" here. */
export class Crash extends Error {}

export class EngineCore {
  readonly workerId: string;
  readonly repos: EngineRepositories;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly leaseMs: number;
  readonly pollIntervalMs: number;
  readonly claimBatch: number;
  readonly defaultTimeoutMs: number;
  readonly messageTtlMs: number;
  readonly publishTaskEvents: boolean;
  readonly sharedTtlMs: number;
  readonly maxBatch: number | undefined;
  readonly faults: EngineFaults;
  readonly bus: EngineOptions['bus'];
  readonly onError: (err: unknown, context: string) => void;

  /** Open: polls and runs handlers. A closed engine is a client that records commands durably. */
  opened = false;
  private haltedBy: PlatformError | undefined;
  private readonly haltListeners: Array<(reason: PlatformError) => void> = [];
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly handlerRuns = new Set<Promise<unknown>>();
  private readonly busyChecks: Array<() => boolean> = [];

  constructor(options: EngineOptions) {
    this.repos = options.store;
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids ?? createIds(() => this.clock.now());
    this.workerId = options.workerId ?? this.ids.next('worker');
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.claimBatch = options.claimBatch ?? 100;
    this.defaultTimeoutMs = parseDuration(options.defaultTaskTimeout ?? 'PT5M').approximateMs;
    this.messageTtlMs = options.messageTtlMs ?? 3_600_000;
    this.publishTaskEvents = options.publishTaskEvents ?? true;
    this.sharedTtlMs = options.sharedVariablesTtlMs ?? 1000;
    this.maxBatch = options.maxBatch;
    this.faults = options.faults ?? {};
    this.onError = options.onError ?? (() => undefined);
    this.bus = options.bus;
  }

  /** The reason the engine halted, if it did. */
  get halted(): PlatformError | undefined {
    return this.haltedBy;
  }

  /** Stops everything at once (listeners drop their work without writing); idempotent. */
  halt(reason: string): void {
    if (this.haltedBy) return;
    this.haltedBy = new PlatformError(
      'UNAVAILABLE',
      `Workflow engine ${this.workerId} is stopped (${reason})`,
      {
        retryable: true,
      },
    );
    this.opened = false;
    for (const listener of this.haltListeners) listener(this.haltedBy);
  }

  onHalt(listener: (reason: PlatformError) => void): void {
    this.haltListeners.push(listener);
  }

  assertRunning(): void {
    if (this.haltedBy) throw this.haltedBy;
  }

  /** Runs a fault hook; a hook that throws halts the engine and the Crash unwinds the caller. */
  fault(hook: () => void): void {
    if (this.haltedBy) throw new Crash('halted');
    try {
      hook();
    } catch (err) {
      this.halt(`fault injected: ${(err as Error).message}`);
      throw new Crash((err as Error).message);
    }
  }

  /** Background work `idle()` waits for; its failure goes to `onError` (a crash is silent). */
  track<T>(p: Promise<T>): void {
    const q = p.catch((err: unknown) => {
      if (!(err instanceof Crash) && !this.haltedBy) this.onError(err, 'engine');
    });
    this.inflight.add(q);
    void q.finally(() => this.inflight.delete(q));
  }

  /** A running task handler (awaited by `idle()` unless it excludes handlers). */
  trackHandler(run: Promise<unknown>): void {
    this.handlerRuns.add(run);
    void run.finally(() => this.handlerRuns.delete(run));
  }

  /** Adds a condition under which the engine is not idle (a commit pending, a poll running…). */
  addBusyCheck(check: () => boolean): void {
    this.busyChecks.push(check);
  }

  /**
   * Resolves when no step, commit, poll or publish is in progress and, unless
   * `includeHandlers` is false, no handler is running.
   */
  async idle(options: { includeHandlers?: boolean } = {}): Promise<void> {
    const handlers = options.includeHandlers ?? true;
    for (let quiet = 0; quiet < 2;) {
      const pending = [...this.inflight, ...(handlers ? this.handlerRuns : [])];
      const busy = pending.length > 0 || this.busyChecks.some((check) => check());
      if (busy) {
        quiet = 0;
        if (pending.length) await Promise.allSettled(pending);
        else await new Promise<void>((resolve) => setImmediate(resolve));
      } else {
        quiet++;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }
}
