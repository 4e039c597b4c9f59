// When an agent wakes: event patterns (with an optional deterministic predicate), cron schedules,
// thresholds (≥ N new items, or the oldest waiting > M ms) and on demand. `shouldWake` never calls
// a model and ignores events no trigger names.
import { Cron } from 'croner';
import { topicMatches, isValidPattern } from '../bus/topic-pattern.js';
import { PlatformError, type JsonValue } from '../errors.js';

/** Something that happened, as an agent sees it (a bus message, a webhook, an API call). */
export interface AgentEvent {
  /** Dotted type, e.g. `github.pr.opened`, `sales.lead.created`. */
  type: string;
  payload?: JsonValue;
  /** Tenant the event belongs to; instances of other tenants never see it. */
  tenantId?: string | null;
  /** Set for point-to-point events (handoffs): only that instance considers it. */
  targetInstanceId?: string;
  /** Stable id, used to skip duplicates. */
  id?: string;
  at?: number;
}

export type WakeTrigger =
  | {
      kind: 'event';
      /** Bus pattern: `a.b`, `a.*` (one segment), `a.#` (any suffix). */
      pattern: string;
      /** Deterministic filter on the event; a predicate that throws counts as "no". */
      when?: (event: AgentEvent) => boolean;
      name?: string;
    }
  | { kind: 'cron'; schedule: string; timezone?: string; name?: string }
  | {
      kind: 'threshold';
      /** Events that count as one new item each. */
      pattern: string;
      /** Wake when this many items are waiting (default: no count condition). */
      atLeast?: number;
      /** Wake when the oldest waiting item has waited this long (default: no age condition). */
      maxWaitMs?: number;
      name?: string;
    };

export interface WakeDecision {
  wake: boolean;
  /** Why, for logs and tests: `event:<name>`, `threshold:<name>:count`, `no matching trigger`… */
  reason: string;
  trigger?: string;
}

export function triggerName(t: WakeTrigger, index: number): string {
  return t.name ?? (t.kind === 'cron' ? `cron:${t.schedule}` : `${t.kind}:${t.pattern}#${index}`);
}

/** Checks every trigger up front so a bad spec fails at registration (VALIDATION naming the trigger). */
export function validateTriggers(triggers: readonly WakeTrigger[]): void {
  triggers.forEach((t, i) => {
    const field = `triggers[${i}]`;
    if (t.kind === 'event' || t.kind === 'threshold') {
      if (!isValidPattern(t.pattern))
        throw new PlatformError('VALIDATION', `${field}.pattern is not a valid topic pattern`, {
          details: { field: `${field}.pattern` },
        });
    }
    if (t.kind === 'threshold') {
      if (t.atLeast === undefined && t.maxWaitMs === undefined) {
        throw new PlatformError('VALIDATION', `${field} needs atLeast or maxWaitMs`, { details: { field } });
      }
      if (t.atLeast !== undefined && (!Number.isInteger(t.atLeast) || t.atLeast < 1))
        throw new PlatformError('VALIDATION', `${field}.atLeast must be a whole number ≥ 1`, {
          details: { field: `${field}.atLeast` },
        });
      if (t.maxWaitMs !== undefined && !(t.maxWaitMs > 0))
        throw new PlatformError('VALIDATION', `${field}.maxWaitMs must be > 0`, {
          details: { field: `${field}.maxWaitMs` },
        });
    }
    if (t.kind === 'cron') nextCronRun(t, Date.now(), field);
  });
}

/** The next run strictly after `after` (epoch ms); VALIDATION naming `field` for a bad expression. */
export function nextCronRun(
  t: { schedule: string; timezone?: string },
  after: number,
  field = 'schedule',
): number | undefined {
  let cron: Cron;
  try {
    cron = new Cron(t.schedule, {
      paused: true,
      ...(t.timezone === undefined ? {} : { timezone: t.timezone }),
    });
  } catch (cause) {
    throw new PlatformError(
      'VALIDATION',
      `${field}: invalid cron schedule ${JSON.stringify(t.schedule)}: ${(cause as Error).message}`,
      { details: { field }, cause },
    );
  }
  return cron.nextRun(new Date(after))?.getTime();
}

interface ThresholdState {
  pending: number;
  oldestAt: number | undefined;
}

/**
 * Evaluates one agent instance's triggers. Event triggers are pure; threshold triggers count the
 * items seen since the last wake (state that `consume` clears when the agent wakes).
 */
export class WakePolicy {
  private readonly thresholds = new Map<string, ThresholdState>();

  constructor(readonly triggers: readonly WakeTrigger[]) {
    validateTriggers(triggers);
  }

  /** Distinct patterns to subscribe to on the bus (event and threshold triggers). */
  patterns(): string[] {
    return [...new Set(this.triggers.flatMap((t) => (t.kind === 'cron' ? [] : [t.pattern])))];
  }

  shouldWake(event: AgentEvent, now: number): WakeDecision {
    if (typeof event?.type !== 'string' || event.type.length === 0)
      return { wake: false, reason: 'event has no type' };
    let counted: WakeDecision | undefined;
    for (const [i, t] of this.triggers.entries()) {
      if (t.kind === 'cron' || !topicMatches(t.pattern, event.type)) continue;
      const name = triggerName(t, i);
      if (t.kind === 'event') {
        let ok = true;
        try {
          ok = t.when ? t.when(event) === true : true;
        } catch {
          ok = false;
        }
        if (ok) return { wake: true, reason: `event:${name}`, trigger: name };
        counted ??= { wake: false, reason: `filtered by ${name}` };
        continue;
      }
      const state = this.thresholds.get(name) ?? { pending: 0, oldestAt: undefined };
      state.pending += 1;
      state.oldestAt ??= event.at ?? now;
      this.thresholds.set(name, state);
      if (t.atLeast !== undefined && state.pending >= t.atLeast)
        return { wake: true, reason: `threshold:${name}:count`, trigger: name };
      if (t.maxWaitMs !== undefined && now - state.oldestAt >= t.maxWaitMs)
        return { wake: true, reason: `threshold:${name}:age`, trigger: name };
      counted ??= { wake: false, reason: `threshold:${name}: ${state.pending} waiting` };
    }
    return counted ?? { wake: false, reason: 'no matching trigger' };
  }

  /** Threshold triggers whose oldest waiting item is now older than `maxWaitMs`. */
  dueThresholds(now: number): string[] {
    const due: string[] = [];
    for (const [i, t] of this.triggers.entries()) {
      if (t.kind !== 'threshold' || t.maxWaitMs === undefined) continue;
      const name = triggerName(t, i);
      const s = this.thresholds.get(name);
      if (s && s.pending > 0 && s.oldestAt !== undefined && now - s.oldestAt >= t.maxWaitMs) due.push(name);
    }
    return due;
  }

  /** When the oldest waiting item of each age-limited threshold falls due (for timers). */
  nextThresholdDue(): number | undefined {
    let next: number | undefined;
    for (const [i, t] of this.triggers.entries()) {
      if (t.kind !== 'threshold' || t.maxWaitMs === undefined) continue;
      const s = this.thresholds.get(triggerName(t, i));
      if (s?.oldestAt === undefined || s.pending === 0) continue;
      const due = s.oldestAt + t.maxWaitMs;
      if (next === undefined || due < next) next = due;
    }
    return next;
  }

  /** Pending item counts per threshold trigger. */
  pending(): Record<string, number> {
    return Object.fromEntries([...this.thresholds].map(([k, v]) => [k, v.pending]));
  }

  /** The agent woke: the items it will now see no longer count. */
  consume(): void {
    this.thresholds.clear();
  }
}
