// The `agent.skill` service-task type: a workflow step that runs one of the agents' skills through the
// skill runner, charged to the instance's customer (`hire_id` / `trial_id`) and to the workflow run
// (decision 0076). The run is recorded under the engine's idempotency key, so a step re-executed after
// a crash or an incident retry records (and reports) the same run instead of a second one.
import type { Clock } from '../clock.js';
import type { TaskContext, TaskHandler } from '../engine/engine-types.js';
import { PlatformError, type JsonValue } from '../errors.js';
import type { SkillRunner } from '../runtime/skill-runner.js';
import { getSkill } from '../skills/registry.js';
import type { Store } from '../store/store.js';
import { customerPayer } from './workflow-payer.js';

export const SKILL_TASK_TYPE = 'agent.skill';
export const SKILL_RUNS = 'skill_runs';

export interface SkillRun {
  skill: string;
  instanceId: string;
  elementId: string;
  summary: string;
  checksPassed: boolean;
  method: string;
  confidence: number;
  markdown: string;
  /** The worker that ran it first. */
  worker: string;
  at: number;
}

export function createSkillServiceTask(deps: {
  store: Store;
  clock: Clock;
  workerId: string;
  skills: Pick<SkillRunner, 'run'>;
}): TaskHandler {
  return async (ctx: TaskContext) => {
    const skill =
      typeof ctx.config.skill === 'string'
        ? ctx.config.skill
        : typeof ctx.input.skill === 'string'
          ? ctx.input.skill
          : undefined;
    if (!skill)
      throw new PlatformError(
        'VALIDATION',
        `Service task ${ctx.elementId} needs config.skill (the skill id to run)`,
        { retryable: false, details: { field: 'config.skill' } },
      );
    const existing = await deps.store.documents.getByKey<SkillRun>(SKILL_RUNS, ctx.idempotencyKey);
    const run =
      existing?.data ??
      (await (async () => {
        const input = (ctx.input.input ??
          Object.fromEntries(Object.entries(ctx.input).filter(([k]) => k !== 'skill'))) as JsonValue;
        // Without a customer the run is the platform's own: the skill's agent type pays, no tenant.
        const agentType = getSkill(skill).agentIds[0] ?? skill;
        const payer = (await customerPayer(deps.store, ctx.variables)) ?? {
          agentId: agentType,
          agentType,
          tenantId: null,
        };
        const { result } = await deps.skills.run({
          skillId: skill,
          input,
          payer,
          run: { instanceId: ctx.instanceId, definitionId: ctx.definitionId },
        });
        const record: SkillRun = {
          skill,
          instanceId: ctx.instanceId,
          elementId: ctx.elementId,
          summary: result.summary,
          checksPassed: result.checks.every((c) => c.passed),
          method: result.method,
          confidence: result.confidence,
          markdown: result.markdown,
          worker: deps.workerId,
          at: deps.clock.now(),
        };
        // Idempotent by key: a concurrent duplicate run keeps the first record.
        return (
          await deps.store.documents.insert({
            collection: SKILL_RUNS,
            id: ctx.idempotencyKey,
            key: ctx.idempotencyKey,
            data: record,
          })
        ).document.data;
      })());
    return {
      summary: run.summary,
      checksPassed: run.checksPassed,
      method: run.method,
      confidence: run.confidence,
      runId: ctx.idempotencyKey,
    };
  };
}
