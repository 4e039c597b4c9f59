// Compensation (saga undo): every token and activity is cancelled, then the compensation handlers of
// the completed compensable tasks run one at a time, newest first; the instance ends compensated, or
// failed when a handler failed (the others are still undone).
import { PlatformError, type JsonValue, type SerializedError } from '../../errors.js';
import { ROOT_SCOPE } from '../instance-state.js';
import { errorOf, type Step } from './step.js';

export function beginCompensation(step: Step, reason: SerializedError): void {
  const { state } = step;
  if (state.compensation || state.isTerminal) return;
  step.cancelScopeTokens(ROOT_SCOPE);
  for (const a of [...state.activities.values()])
    step.emit({ type: 'activity.cancelled', activityId: a.activityId });
  for (const i of [...state.incidents.values()])
    step.emit({ type: 'incident.resolved', incidentId: i.incidentId, actor: 'system' });
  const queue = [...state.compensable].reverse().map((c) => c.activityId);
  step.emit({ type: 'compensation.started', reason, queue });
  nextCompensation(step);
}

/** Schedules the next compensation handler, or ends the instance when none is left. */
export function nextCompensation(step: Step): void {
  const comp = step.state.compensation;
  if (!comp || comp.current) return;
  const nextId = comp.queue[0];
  if (nextId === undefined) {
    step.emit({ type: 'compensation.finished', failed: [...comp.failed] });
    if (comp.failed.length) {
      const error = new PlatformError(
        'INCIDENT',
        `Compensation failed for ${comp.failed.length} task(s); the others were undone`,
        {
          details: { failedActivities: comp.failed, reason: comp.reason.message },
        },
      ).toJSON();
      step.emit({ type: 'instance.failed', error });
    } else {
      step.emit({ type: 'instance.compensated' });
    }
    return;
  }
  const entry = step.state.compensable.find((c) => c.activityId === nextId)!;
  const el = step.def.hasElement(entry.elementId) ? step.def.element(entry.elementId).element : undefined;
  const spec = el?.type === 'serviceTask' ? el.compensation : undefined;
  const base: Record<string, JsonValue> = { input: entry.input ?? {}, output: entry.result };
  let input: Record<string, JsonValue> = base;
  let mappingError: SerializedError | undefined;
  try {
    if (spec?.input) input = step.evalMapping(spec.input, base);
  } catch (err) {
    mappingError = errorOf(err);
  }
  const activityId = step.nextId('a');
  step.emit({
    type: 'activity.scheduled',
    activityId,
    elementId: entry.elementId,
    scopeId: ROOT_SCOPE,
    taskType: spec?.taskType ?? '(missing compensation handler)',
    input,
    attempt: 1,
    compensationOf: entry.activityId,
  });
  if (mappingError || !spec) {
    step.emit({
      type: 'activity.failed',
      activityId,
      error:
        mappingError ??
        new PlatformError(
          'NOT_FOUND',
          `Element '${entry.elementId}' has no compensation handler any more`,
        ).toJSON(),
      final: true,
    });
    nextCompensation(step);
  }
}
