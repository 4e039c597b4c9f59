// Timers for time-based wakes on the injected clock: cron schedules (next run computed by croner,
// fired by Clock.setTimeout so a FakeClock drives them in tests) and threshold age deadlines.
import type { Clock, TimerHandle } from '../clock.js';
import { nextCronRun } from './wake-policy.js';

export interface ScheduledWake {
  instanceId: string;
  kind: 'cron' | 'threshold';
  trigger: string;
  /** When it was due (epoch ms). */
  at: number;
}

export interface WakeSchedulerOptions {
  clock: Clock;
  /** Called when a timer fires; failures go to `onError` and never stop the schedule. */
  onWake: (wake: ScheduledWake) => Promise<void>;
  onError?: (err: unknown, wake: ScheduledWake) => void;
}

export class WakeScheduler {
  private readonly timers = new Map<string, TimerHandle>();
  private stopped = false;

  constructor(private readonly options: WakeSchedulerOptions) {}

  /** Arms a cron trigger for an instance; re-arms itself after each run. Replaces an earlier one. */
  scheduleCron(instanceId: string, trigger: string, schedule: { schedule: string; timezone?: string }): void {
    const key = `${instanceId}\u0000cron\u0000${trigger}`;
    const arm = (after: number) => {
      if (this.stopped) return;
      const at = nextCronRun(schedule, after);
      if (at === undefined) return;
      this.set(key, at, async () => {
        await this.fire({ instanceId, kind: 'cron', trigger, at });
        arm(at);
      });
    };
    arm(this.options.clock.now());
  }

  /** Fires once at `at` for a threshold whose oldest item will then be too old. Replaces an earlier one. */
  scheduleThreshold(instanceId: string, at: number): void {
    if (this.stopped) return;
    const key = `${instanceId}\u0000threshold`;
    this.set(key, at, () => this.fire({ instanceId, kind: 'threshold', trigger: 'threshold', at }));
  }

  /** Cancels every timer of an instance (paused, retired). */
  cancel(instanceId: string): void {
    for (const [key, handle] of this.timers) {
      if (key.startsWith(`${instanceId}\u0000`)) {
        handle.cancel();
        this.timers.delete(key);
      }
    }
  }

  /** Number of armed timers. */
  get size(): number {
    return this.timers.size;
  }

  stop(): void {
    this.stopped = true;
    for (const handle of this.timers.values()) handle.cancel();
    this.timers.clear();
  }

  private set(key: string, at: number, run: () => Promise<void>): void {
    this.timers.get(key)?.cancel();
    const handle = this.options.clock.setTimeout(() => {
      this.timers.delete(key);
      void run();
    }, at - this.options.clock.now());
    this.timers.set(key, handle);
  }

  private async fire(wake: ScheduledWake): Promise<void> {
    try {
      await this.options.onWake(wake);
    } catch (err) {
      this.options.onError?.(err, wake);
    }
  }
}
