// The chaos supervisor: keeps `slots` worker processes running and kills them with SIGKILL until
// the kill budget is spent — a killer picks a random live worker at random intervals, and some
// workers are started with a named fault point armed so that they kill themselves at an exact step.
// Every dead worker is restarted at once. Kills and restarts are recorded for the verifier.
import type { ChildProcess } from 'node:child_process';
import { startNode } from '../child.js';

export interface KillRecord {
  slot: number;
  pid: number;
  /** Epoch ms the worker died. */
  at: number;
  mode: 'random' | 'fault';
  point?: string;
}

export interface SupervisorOptions {
  /** Worker entry point (TypeScript, bundled once). */
  entry: string;
  /** Environment of the worker in `slot` (added to this process's). */
  env(slot: number): Record<string, string>;
  slots: number;
  /** Total kills to perform. */
  kills: number;
  /** Named fault points armed round-robin for fault kills. */
  faultPoints: string[];
  /** Share of kills made at random moments instead of fault points (default 0.5; 1 when no points). */
  randomShare?: number;
  /** Gap between random kills: [min, max] ms. */
  killGapMs: [number, number];
  /**
   * A random kill waits until this many other workers are ready (default 0). With 1, some worker is
   * always serving, so recovery times measure redelivery rather than a fully dead cluster.
   */
  keepReady?: number;
  /** A fault point is reached after [1, N] passes. */
  faultAfterMax: number;
  /** An armed worker still alive after this long is killed anyway, counted as random (default 8000 ms). */
  faultTimeoutMs?: number;
  /** Messages the workers send other than `{t:'ready'}`. */
  onMessage?(slot: number, message: unknown): void;
  log?(line: string): void;
  /** Seeded randomness for repeatable schedules (default Math.random). */
  random?: () => number;
}

/** Deterministic PRNG (mulberry32) so that a failing chaos schedule can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Live {
  slot: number;
  child: ChildProcess;
  ready: boolean;
  armed?: string;
  /** Set when the killer (not a fault point) killed it, or an armed worker outlived its timeout. */
  killedAtRandom?: boolean;
}

export class Supervisor {
  readonly kills: KillRecord[] = [];
  /** Worker start → ready, per start, in ms. */
  readonly readyMs: number[] = [];
  /** Exits that were not kills (a worker dying by itself is a finding). */
  readonly unexpectedExits: Array<{
    slot: number;
    code: number | null;
    signal: string | null;
    stderr: string;
  }> = [];
  private readonly live = new Map<number, Live>();
  private readonly loops: Array<Promise<void>> = [];
  private stopping = false;
  /** Random kills not yet performed (decremented when a kill is recorded, not when it is sent). */
  private randomLeft: number;
  private randomInFlight = 0;
  private faultLeft: number;
  private faultSeq = 0;
  private killsDone!: () => void;
  /** Resolves once the kill budget is spent. */
  readonly allKilled: Promise<void>;
  private readonly random: () => number;

  constructor(private readonly o: SupervisorOptions) {
    this.random = o.random ?? Math.random;
    const share = o.faultPoints.length ? (o.randomShare ?? 0.5) : 1;
    this.randomLeft = Math.round(o.kills * share);
    this.faultLeft = o.kills - this.randomLeft;
    this.allKilled = new Promise((r) => (this.killsDone = r));
    if (o.kills === 0) this.killsDone();
  }

  /** Should the supervisor's own process end without `stop()` (a failed test, Ctrl-C), no worker outlives it. */
  private readonly killAllOnExit = (): void => {
    for (const l of this.live.values()) l.child.kill('SIGKILL');
  };

  start(): void {
    process.once('exit', this.killAllOnExit);
    for (let slot = 0; slot < this.o.slots; slot++) this.loops.push(this.runSlot(slot));
    this.loops.push(this.killer());
  }

  /** Kills the remaining workers (not counted) and waits for the loops to end. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.killAllOnExit();
    await Promise.all(this.loops);
    process.removeListener('exit', this.killAllOnExit);
  }

  private record(k: KillRecord): void {
    this.kills.push(k);
    this.o.log?.(
      `    kill ${this.kills.length}/${this.o.kills}: slot ${k.slot} pid ${k.pid} ${k.mode}${k.point ? ` at ${k.point}` : ''}`,
    );
    if (this.kills.length >= this.o.kills) this.killsDone();
  }

  /** Resolves once the kill budget is spent; rejects with the supervisor's state after `ms`. */
  async waitForKills(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`kill budget not spent after ${ms} ms: ${this.describe()}`)),
        ms,
      );
    });
    try {
      await Promise.race([this.allKilled, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** One line of state for error messages. */
  describe(): string {
    const live = [...this.live.values()].map(
      (l) =>
        `slot ${l.slot}: pid ${l.child.pid} ${l.ready ? 'ready' : 'starting'}${l.armed ? ` armed ${l.armed}` : ''}`,
    );
    const last = this.unexpectedExits.at(-1);
    return `${this.kills.length}/${this.o.kills} kills (random left ${this.randomLeft}, fault left ${this.faultLeft}); ${this.unexpectedExits.length} unexpected exits${last ? ` (last: code ${last.code} ${last.stderr.slice(-300)})` : ''}; live: ${live.join('; ') || 'none'}`;
  }

  private async killer(): Promise<void> {
    while (!this.stopping && this.kills.length < this.o.kills) {
      const [lo, hi] = this.o.killGapMs;
      await new Promise((r) => setTimeout(r, lo + this.random() * (hi - lo)));
      const ready = [...this.live.values()].filter((l) => l.ready && !l.killedAtRandom);
      const victims = ready.filter((l) => !l.armed);
      if (this.stopping || !victims.length || ready.length - 1 < (this.o.keepReady ?? 0)) continue;
      if (this.randomLeft - this.randomInFlight <= 0) {
        // Fault points are armed on restarts; with no random kills left and no armed worker alive
        // nobody would restart, so one fault kill becomes a random one.
        if (this.faultLeft <= 0 || [...this.live.values()].some((l) => l.armed)) continue;
        this.faultLeft--;
        this.randomLeft++;
      }
      const v = victims[Math.floor(this.random() * victims.length)]!;
      v.killedAtRandom = true;
      this.randomInFlight++;
      v.child.kill('SIGKILL');
    }
  }

  private async runSlot(slot: number): Promise<void> {
    let quickExits = 0;
    while (!this.stopping) {
      const env: NodeJS.ProcessEnv = { ...process.env, ...this.o.env(slot) };
      delete env.WAOOAW_FAULT_POINT;
      let armed: string | undefined;
      // Arm a fault point on about half of the restarts while fault kills remain.
      if (this.faultLeft > 0 && (this.randomLeft - this.randomInFlight <= 0 || this.random() < 0.5)) {
        this.faultLeft--;
        armed = this.o.faultPoints[this.faultSeq++ % this.o.faultPoints.length]!;
        env.WAOOAW_FAULT_POINT = armed;
        env.WAOOAW_FAULT_AFTER = String(1 + Math.floor(this.random() * this.o.faultAfterMax));
      }
      const startedAt = Date.now();
      const child = await startNode(this.o.entry, [], { ipc: true, env });
      const entry: Live = { slot, child, ready: false, ...(armed ? { armed } : {}) };
      this.live.set(slot, entry);
      let stderr = '';
      child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
      child.stdout?.resume();
      let timer: NodeJS.Timeout | undefined;
      // A worker that never gets ready (stuck opening its store, say) is killed and counted as unexpected.
      const startTimer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('message', (m: unknown) => {
        if ((m as { t?: string })?.t !== 'ready') return this.o.onMessage?.(slot, m);
        clearTimeout(startTimer);
        entry.ready = true;
        this.readyMs.push(Date.now() - startedAt);
        // An armed worker that never reaches its point (no work came) is killed anyway.
        if (armed)
          timer = setTimeout(() => {
            entry.killedAtRandom = true;
            child.kill('SIGKILL');
          }, this.o.faultTimeoutMs ?? 8000);
      });
      const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
        (r) => child.once('exit', (c, s) => r({ code: c, signal: s })),
      );
      clearTimeout(timer);
      clearTimeout(startTimer);
      this.live.delete(slot);
      if (entry.killedAtRandom && !armed) {
        this.randomInFlight--;
        if (signal === 'SIGKILL') this.randomLeft--;
      }
      if (this.stopping) break;
      const pid = child.pid ?? -1;
      if (signal === 'SIGKILL' && entry.killedAtRandom)
        this.record({ slot, pid, at: Date.now(), mode: 'random' });
      else if (signal === 'SIGKILL' && armed)
        this.record({ slot, pid, at: Date.now(), mode: 'fault', point: armed });
      else {
        if (armed) this.faultLeft++; // the armed point was not reached: arm it again later
        this.unexpectedExits.push({ slot, code, signal, stderr });
        this.o.log?.(
          `    slot ${slot} worker exited by itself (code ${code}, signal ${signal}): ${stderr.slice(-300)}`,
        );
        if (++quickExits > 20) throw new Error(`slot ${slot}: workers keep exiting: ${stderr.slice(-500)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }
}
