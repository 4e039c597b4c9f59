// Due times of timers: ISO durations, ISO dates, cron cycles (croner) and ISO repeating intervals.
// Pure: `now` and the evaluation scope are passed in.
import { Cron } from 'croner';
import { PlatformError } from '../../errors.js';
import type { CompiledExpression, EvalScope, Value } from '../expressions/expression-language.js';
import { compileExpression } from '../expressions/waooaw-expression.js';
import { addDuration, parseDuration } from './duration.js';
import type { TimerSpec } from './types.js';

const REPEATING = /^R(\d*)\/(?:([^/]+)\/)?(P[^/]+)$/;

function invalid(spec: TimerSpec, message: string): PlatformError {
  return new PlatformError('VALIDATION', `Timer ${spec.kind} "${spec.value}": ${message}`, {
    details: { timer: spec.value, kind: spec.kind },
  });
}

function isCron(value: string): boolean {
  return !value.startsWith('R') && value.trim().split(/\s+/).length >= 5;
}

function cron(spec: TimerSpec, value: string): Cron {
  try {
    return new Cron(value, { timezone: spec.timezone ?? 'UTC', paused: true });
  } catch (err) {
    throw invalid(spec, (err as Error).message);
  }
}

/** Compiles a timer's expression value (the definition's expression language). */
export type CompileTimerExpression = (source: string) => CompiledExpression;

const isExpression = (v: string): boolean => v.startsWith('=') || v.startsWith('${') || v.startsWith('#{');

/** Checks a timer spec at deploy time (syntax only for expressions). VALIDATION on problems. */
export function validateTimer(spec: TimerSpec, compile: CompileTimerExpression = compileExpression): void {
  if (!['duration', 'date', 'cycle'].includes(spec.kind))
    throw invalid(spec, "kind must be 'duration', 'date' or 'cycle'");
  if (typeof spec.value !== 'string' || spec.value.trim() === '') throw invalid(spec, 'value is empty');
  const v = spec.value.trim();
  if (isExpression(v)) {
    compile(v);
    return;
  }
  if (spec.kind === 'duration') parseDuration(v);
  else if (spec.kind === 'date') {
    if (Number.isNaN(Date.parse(v))) throw invalid(spec, 'not an ISO-8601 date-time');
  } else if (isCron(v)) cron(spec, v);
  else {
    const m = REPEATING.exec(v);
    if (!m)
      throw invalid(
        spec,
        'a cycle is a cron pattern (`0 9 * * *`) or an ISO repeating interval (`R3/PT10M`)',
      );
    if (m[2] !== undefined && Number.isNaN(Date.parse(m[2]))) throw invalid(spec, 'bad start date');
    parseDuration(m[3]!);
  }
}

function resolveValue(
  spec: TimerSpec,
  scope: EvalScope | undefined,
  now: number,
  compile: CompileTimerExpression,
): Value {
  const v = spec.value.trim();
  if (!isExpression(v)) return v;
  return compile(v).evaluate(scope ?? { now, lookup: () => undefined });
}

/**
 * The first due time of a timer scheduled at `now`. For cycles, `iteration` (0-based) is how many
 * times it has fired already and `previous` the last due time; returns undefined when a repeating
 * cycle is exhausted. A date in the past is due immediately (`now`).
 */
export function nextDueTime(
  spec: TimerSpec,
  options: {
    now: number;
    scope?: EvalScope;
    iteration?: number;
    previous?: number;
    compile?: CompileTimerExpression;
  },
): number | undefined {
  const { now } = options;
  const value = resolveValue(spec, options.scope, now, options.compile ?? compileExpression);
  switch (spec.kind) {
    case 'duration': {
      if (typeof value === 'number' && Number.isFinite(value)) return now + Math.max(0, value);
      if (typeof value !== 'string')
        throw invalid(spec, `expression gave ${JSON.stringify(value ?? null)}, expected a duration`);
      return Math.max(now, addDuration(now, parseDuration(value)));
    }
    case 'date': {
      const at =
        typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
      if (!Number.isFinite(at))
        throw invalid(spec, `expression gave ${JSON.stringify(value ?? null)}, expected a date`);
      return Math.max(now, at);
    }
    case 'cycle': {
      if (typeof value !== 'string')
        throw invalid(spec, `expression gave ${JSON.stringify(value ?? null)}, expected a cycle`);
      const after = options.previous ?? now;
      if (isCron(value)) {
        const next = cron(spec, value).nextRun(new Date(after));
        return next ? next.getTime() : undefined;
      }
      const m = REPEATING.exec(value);
      if (!m) throw invalid(spec, 'not a cron pattern or ISO repeating interval');
      const iteration = options.iteration ?? 0;
      if (m[1] !== '' && iteration >= Number(m[1])) return undefined;
      const interval = parseDuration(m[3]!);
      if (iteration === 0 && m[2] !== undefined) return Math.max(now, Date.parse(m[2]));
      return addDuration(after, interval);
    }
  }
}
