// Timer start events: the first occurrence of each is armed when its version is deployed (a
// definition-level job); firing an occurrence starts an instance whose id derives from the due time, so
// whichever worker fires it starts it once, and arms the next occurrence of a cycle in the same commit.
// Signal starts work alike: a broadcast leaves a `signal-start` job per definition, keyed by the signal.
import type { Job, SignalStartPayload } from './engine-store.js';
import type { Input } from './interpreter.js';
import type { CompiledDefinition } from './model/compile.js';
import { expressionLanguage } from './expressions/expression-languages.js';
import { nextDueTime } from './model/timer.js';
import type { ProcessDefinition } from './model/types.js';
import { isJsonObject } from './model/variables.js';

/** The payload of a `start-timer` job. */
export interface StartTimerPayload {
  definitionId: string;
  version: number;
  elementId: string;
  /** 0 for the first occurrence. */
  iteration: number;
}

/** The first occurrence of each timer start event of a version. */
export function firstStartTimerJobs(model: ProcessDefinition, version: number, now: number): Job[] {
  return model.elements.flatMap((el): Job[] => {
    if (el.type !== 'startEvent' || !el.timer) return [];
    const dueAt = nextDueTime(el.timer, {
      now,
      compile: expressionLanguage(model.expressionLanguage).compile,
    });
    if (dueAt === undefined) return [];
    const payload: StartTimerPayload = { definitionId: model.id, version, elementId: el.id, iteration: 0 };
    return [
      {
        jobId: `start:${model.id}:${el.id}`,
        instanceId: null,
        kind: 'start-timer',
        dueAt,
        payload: { ...payload },
      },
    ];
  });
}

/** What firing a claimed `start-timer` job does: the instance it starts, and the next occurrence if any. */
export function startTimerOccurrence(
  def: CompiledDefinition,
  job: Job,
): { instanceId: string; input: Extract<Input, { kind: 'start' }>; next: Job | undefined } {
  const p = job.payload as unknown as StartTimerPayload;
  const el = def.element(p.elementId).element;
  const nextDueAt =
    el.type === 'startEvent' && el.timer?.kind === 'cycle'
      ? nextDueTime(el.timer, {
          now: job.dueAt,
          iteration: p.iteration + 1,
          previous: job.dueAt,
          compile: (source) => def.expr(source),
        })
      : undefined;
  return {
    // One instance per occurrence, whoever fires it: the id is derived from the due time.
    instanceId: `${p.definitionId}:${p.elementId}:${job.dueAt}`,
    input: {
      kind: 'start',
      definitionId: def.id,
      version: def.version,
      businessKey: null,
      variables: {},
      actor: `timer:${p.elementId}`,
      startElementId: p.elementId,
    },
    next:
      nextDueAt === undefined
        ? undefined
        : {
            jobId: job.jobId,
            instanceId: null,
            kind: 'start-timer',
            dueAt: nextDueAt,
            payload: { ...p, iteration: p.iteration + 1 },
          },
  };
}

/** What a claimed `signal-start` job does: the instance it starts, with the signal's payload as variables. */
export function signalStartOccurrence(
  def: CompiledDefinition,
  job: Job,
): { instanceId: string; input: Extract<Input, { kind: 'start' }>; next: undefined } {
  const p = job.payload as unknown as SignalStartPayload;
  const variables = isJsonObject(p.payload) ? p.payload : {};
  return {
    // One instance per broadcast and start event, whoever claims the job.
    instanceId: `${p.definitionId}:${p.elementId}:${p.signalId}`,
    input: {
      kind: 'start',
      definitionId: def.id,
      version: def.version,
      businessKey: null,
      variables,
      actor: `signal:${p.signalId}`,
      startElementId: p.elementId,
    },
    next: undefined,
  };
}
