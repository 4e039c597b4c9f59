// Agents as workflow service tasks: no wake protocol — the workflow passes the input variables,
// the task handler runs, and the result carries duration, cost, method and confidence.
import { PlatformError, toPlatformError, type JsonValue } from '../errors.js';
import { buildAgentContext } from './agent-context.js';
import type { AgentInstance } from './agent-definition.js';
import type { DecisionReceipt } from './decision.js';
import { isWakeable } from './lifecycle.js';
import type { InstanceRuntime, RegisteredAgent, RuntimeCore } from './runtime-core.js';

export interface ServiceTaskInput {
  /** Task handler (skill) to run. */
  taskType: string;
  /** The workflow's input variables. */
  variables?: Record<string, JsonValue>;
  /** Only these variables are returned (all that were set when absent). */
  outputVariables?: string[];
  workflowInstanceId?: string;
  taskId?: string;
  /** Workflow run whose budget also pays for the task's model calls. */
  runId?: string;
}

export interface ServiceTaskResult {
  success: boolean;
  /** The output variables, or `{ error: {code, message} }` when `success` is false. */
  output: Record<string, JsonValue>;
  metadata: {
    durationMs: number;
    /** Money spent by the task's decisions and reported by the handler. */
    cost: number;
    /** `model` if any decision used the model, else the last decision's method, else the handler's (default deterministic). */
    method: string;
    /** The lowest decision confidence, unless the handler reports its own; 1 when nothing was uncertain. */
    confidence: number;
  };
}

export async function executeServiceTask(
  core: RuntimeCore,
  agent: RegisteredAgent,
  instance: AgentInstance,
  runtime: InstanceRuntime,
  input: ServiceTaskInput,
): Promise<ServiceTaskResult> {
  const started = performance.now();
  const receipts: DecisionReceipt[] = [];
  let writeCost = 0;
  const outputs: Record<string, JsonValue> = {};
  const variables = input.variables ?? {};
  const metadata = (cost: number, method: string, confidence: number) => ({
    durationMs: performance.now() - started,
    cost,
    method,
    confidence,
  });
  try {
    if (!isWakeable(instance.lifecycle)) {
      throw new PlatformError(
        'CONFLICT',
        `Agent ${instance.id} is ${instance.lifecycle} and cannot run tasks`,
        { details: { instanceId: instance.id, state: instance.lifecycle } },
      );
    }
    const handler = agent.definition.tasks?.[input.taskType];
    if (!handler)
      throw new PlatformError('NOT_FOUND', `Agent type ${instance.agentType} has no task ${input.taskType}`, {
        details: { taskType: input.taskType },
      });
    const ctx = buildAgentContext(core, agent, instance, {
      workflow: {
        instanceId: input.workflowInstanceId ?? '',
        get: (name, fallback = null) => (name in variables ? variables[name]! : fallback),
        set: (name, value) => {
          outputs[name] = value;
        },
      },
      onDecision: (r) => receipts.push(r),
      onWriteCost: (cost) => {
        writeCost += cost;
      },
      ...(input.runId === undefined ? {} : { runId: input.runId }),
    });
    const outcome = await handler(ctx, variables);
    runtime.health.record(true);
    if (outcome?.output !== undefined) {
      if (outcome.output !== null && typeof outcome.output === 'object' && !Array.isArray(outcome.output))
        Object.assign(outputs, outcome.output);
      else outputs.result = outcome.output;
    }
    const selected = input.outputVariables
      ? Object.fromEntries(input.outputVariables.filter((n) => n in outputs).map((n) => [n, outputs[n]!]))
      : outputs;
    const decisionCost = receipts.reduce((n, r) => n + r.cost, 0) + writeCost;
    const method =
      outcome?.method ??
      (receipts.some((r) => r.method === 'model') ? 'model' : (receipts.at(-1)?.method ?? 'deterministic'));
    const confidence =
      outcome?.confidence ?? (receipts.length ? Math.min(...receipts.map((r) => r.confidence)) : 1);
    return {
      success: true,
      output: selected,
      metadata: metadata(decisionCost + (outcome?.cost ?? 0), method, confidence),
    };
  } catch (err) {
    runtime.health.record(false);
    const e = toPlatformError(err);
    return {
      success: false,
      output: { error: { code: e.code, message: e.message } },
      metadata: metadata(
        receipts.reduce((n, r) => n + r.cost, 0) + writeCost,
        receipts.at(-1)?.method ?? 'none',
        0,
      ),
    };
  }
}
