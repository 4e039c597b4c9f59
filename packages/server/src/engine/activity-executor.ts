// Runs scheduled activities with the handler registered for their task type, in this process: builds
// the task context (idempotency key, input, config, abort signal), enforces the task's timeout and turns
// the outcome into the interpreter input that records it (completed, failed, BPMN error). A task type
// with no handler here is handed to external job workers (job-workers.ts).
import type { TimerHandle } from '../clock.js';
import { withSpan } from '../components/observability/tracing.js';
import { PlatformError, type JsonValue } from '../errors.js';
import { activityFailure } from './bpmn-error.js';
import type { DefinitionRegistry } from './definition-registry.js';
import type { EngineCore } from './engine-core.js';
import type { TaskContext, TaskHandler } from './engine-types.js';
import type { Input } from './interpreter.js';
import type { Live } from './live-instances.js';
import { parseDuration } from './model/duration.js';

export class ActivityExecutor {
  private readonly handlers = new Map<string, TaskHandler>();

  constructor(
    private readonly core: EngineCore,
    private readonly definitions: DefinitionRegistry,
  ) {}

  /** Registers the handler for a service-task type (an agent skill, an integration). Replaces a previous one. */
  register(taskType: string, handler: TaskHandler): void {
    if (!taskType)
      throw new PlatformError('VALIDATION', 'taskType is required', { details: { field: 'taskType' } });
    this.handlers.set(taskType, handler);
  }

  /**
   * Starts a scheduled activity of `live` unless it runs already; `deliver` receives the input that
   * records its outcome (not called when the run was aborted or the instance dropped meanwhile).
   */
  execute(live: Live, activityId: string, deliver: (input: Input) => void): void {
    // An engine that is not open is a client (the CLI, an API process): it records work durably and
    // leaves running handlers to the workers, which claim the instance once it lets go.
    if (!this.core.opened) return;
    const a = live.state.activities.get(activityId);
    if (
      !a ||
      a.status !== 'scheduled' ||
      live.state.suspended ||
      live.running.has(activityId) ||
      live.dropped
    )
      return;
    const controller = new AbortController();
    live.running.set(activityId, controller);
    const run = this.run(live, activityId, controller).then((input) => {
      if (live.running.get(activityId) === controller) live.running.delete(activityId);
      if (!input || controller.signal.aborted || live.dropped || this.core.halted) return;
      deliver(input);
    });
    this.core.trackHandler(run);
  }

  private async run(live: Live, activityId: string, controller: AbortController): Promise<Input | undefined> {
    const { state } = live;
    const a = state.activities.get(activityId)!;
    const def = this.definitions.loaded(state.definitionId, state.version)!;
    const el = def.hasElement(a.elementId) ? def.element(a.elementId).element : undefined;
    const handler = this.handlers.get(a.taskType);
    let input: Input;
    if (!handler) {
      input = { kind: 'activityExternal', activityId };
    } else {
      const timeoutMs =
        el?.type === 'serviceTask' && el.timeout
          ? parseDuration(el.timeout).approximateMs
          : this.core.defaultTimeoutMs;
      const variables = state.variables;
      const ctx: TaskContext = {
        instanceId: state.instanceId,
        definitionId: state.definitionId,
        version: state.version,
        elementId: a.elementId,
        activityId,
        taskType: a.taskType,
        idempotencyKey: `${state.instanceId}:${activityId}`,
        attempt: a.attempt,
        input: a.input ?? { ...variables },
        variables,
        businessKey: state.businessKey,
        config: el?.type === 'serviceTask' ? (el.config ?? {}) : {},
        signal: controller.signal,
        ...(a.compensationOf ? { compensationOf: a.compensationOf } : {}),
      };
      let timer: TimerHandle | undefined;
      const started = performance.now();
      try {
        const timeout = new Promise<never>((_resolve, reject) => {
          timer = this.core.clock.setTimeout(() => {
            controller.abort();
            reject(
              new PlatformError(
                'TIMEOUT',
                `Task ${a.elementId} (${a.taskType}) exceeded its timeout of ${timeoutMs} ms`,
                { retryable: true, details: { elementId: a.elementId } },
              ),
            );
          }, timeoutMs);
        });
        const attributes = {
          'workflow.definition': state.definitionId,
          'workflow.instance_id': state.instanceId,
          'workflow.element': a.elementId,
          'workflow.task_type': a.taskType,
          'workflow.attempt': a.attempt,
        };
        const result = await withSpan('workflow.task', attributes, () =>
          Promise.race([Promise.resolve().then(() => handler(ctx)), timeout]),
        );
        input = {
          kind: 'activityCompleted',
          activityId,
          result: result === undefined ? null : jsonResult(result, a.elementId),
        };
      } catch (err) {
        input = { kind: 'activityFailed', activityId, error: activityFailure(err) };
      } finally {
        timer?.cancel();
      }
      this.core.metrics?.workflowTaskDuration.observe(
        { task_type: a.taskType, outcome: input.kind === 'activityCompleted' ? 'completed' : 'failed' },
        (performance.now() - started) / 1000,
      );
    }
    try {
      this.core.fault(() =>
        this.core.faults.afterEffect?.({
          instanceId: state.instanceId,
          activityId,
          elementId: a.elementId,
          taskType: a.taskType,
        }),
      );
    } catch {
      return undefined;
    }
    return input;
  }
}

function jsonResult(result: unknown, elementId: string): JsonValue {
  if (
    result === null ||
    typeof result === 'string' ||
    typeof result === 'boolean' ||
    (typeof result === 'number' && Number.isFinite(result))
  )
    return result as JsonValue;
  try {
    return JSON.parse(JSON.stringify(result)) as JsonValue;
  } catch (err) {
    throw new PlatformError(
      'VALIDATION',
      `Task ${elementId} returned a value that is not JSON: ${(err as Error).message}`,
      { retryable: false, details: { elementId } },
    );
  }
}
