// One skill run through the agent runtime (issue 12 item 4, decision 0076): the skill's model writing
// is metered against the agent instance's, the tenant's and the workflow run's budgets; a run whose
// budget is used up is refused before the skill starts; every run leaves one receipt (kind
// `skill.run`) in the decision ledger, so spend per agent, tenant, workflow and day includes it.
import { budgetScope, toMicros } from '../components/budgets/budget-manager.js';
import { PlatformError, isPlatformError } from '../errors.js';
import { executeSkill } from '../skills/execute.js';
import type { AnySkill, SkillResult, SkillWriter } from '../skills/skill.js';
import type { RuntimeCore } from './runtime-core.js';

export const SKILL_RUN_KIND = 'skill.run';

/** Who pays: the agent instance (a trial or hire id), its agent type and its tenant. */
export interface SkillPayer {
  agentId: string;
  agentType: string;
  tenantId: string | null;
}

export interface SkillRunRequest {
  skill: AnySkill;
  /** Untrusted input, validated by the skill's schema (VALIDATION names the field). */
  input: unknown;
  payer: SkillPayer;
  /** The workflow run (its instance id) whose budget also pays; absent outside workflows. */
  runId?: string;
  priority?: 'high' | 'medium' | 'low';
}

export interface SkillRunOutcome {
  result: SkillResult<unknown>;
  /** The receipt's id in the decision ledger. */
  receiptId: string;
  /** Money the skill's model writing cost, in the price table's currency. */
  cost: number;
  tokens: { input: number; output: number };
}

function runExhausted(runId: string, detail: string): PlatformError {
  return new PlatformError('BUDGET_EXHAUSTED', `The budget of workflow run ${runId} is used up: ${detail}`, {
    // Not retryable: the engine opens an incident, which an operator retries after raising the limit.
    retryable: false,
    details: { scope: budgetScope.run(runId), runId },
  });
}

/**
 * Runs the skill for `payer`. BUDGET_EXHAUSTED (not retryable) when the run's budget is used up before
 * the skill starts or cannot pay for its model writing — the run's paid work stops there; the agent's
 * and tenant's budgets degrade as for decisions (the skill keeps its offline result).
 */
export async function runSkillInRuntime(
  core: RuntimeCore,
  request: SkillRunRequest,
): Promise<SkillRunOutcome> {
  const { skill, payer, runId } = request;
  const started = performance.now();
  const runScope = runId === undefined ? undefined : budgetScope.run(runId);
  if (runScope && runId !== undefined) {
    const status = await core.budgets.status(runScope);
    if (status && status.utilisation >= 1) throw runExhausted(runId, 'no further paid work in this run');
  }
  let cost = 0;
  const tokens = { input: 0, output: 0 };
  let stopped: PlatformError | undefined;
  const writer: SkillWriter | undefined =
    skill.usesWriter && core.engine.modelsFor(payer.tenantId)
      ? {
          async write(prompt, opts) {
            try {
              const r = await core.engine.write(payer, {
                prompt,
                ...(opts?.system === undefined ? {} : { system: opts.system }),
                ...(runId === undefined ? {} : { runId }),
                ...(request.priority === undefined ? {} : { priority: request.priority }),
              });
              cost += r.cost;
              tokens.input += r.tokens.input;
              tokens.output += r.tokens.output;
              return { text: r.text, provider: r.provider, offline: r.offline };
            } catch (err) {
              if (
                runId !== undefined &&
                isPlatformError(err, 'BUDGET_EXHAUSTED') &&
                err.details?.scope === runScope
              )
                stopped = runExhausted(runId, `it cannot pay for the model writing of ${skill.id}`);
              throw err;
            }
          },
        }
      : undefined;
  const result = await executeSkill(skill, request.input, {
    now: core.clock.now(),
    ...(writer ? { writer } : {}),
  });
  const receiptId = core.ids.next('dec');
  await core.store.runtimeDecisions.append({
    id: receiptId,
    agentId: payer.agentId,
    tenantId: payer.tenantId,
    kind: SKILL_RUN_KIND,
    requestHash: skill.id,
    approved: result.checks.every((c) => c.passed),
    reason: result.summary.slice(0, 500),
    confidence: result.confidence,
    citations: [],
    // The ledger's method says what was paid for: a model call, even when the skill kept its offline text.
    method:
      result.method === 'model' || tokens.input + tokens.output > 0 || cost > 0 ? 'model' : 'deterministic',
    costMicros: toMicros(cost),
    inputTokens: tokens.input,
    outputTokens: tokens.output,
    latencyMs: performance.now() - started,
    escalationId: null,
    runId: runId ?? null,
    extra: { agentType: payer.agentType, skill: skill.id, source: 'skill' },
    createdAt: core.clock.now(),
  });
  if (stopped) throw stopped;
  return { result, receiptId, cost, tokens };
}
