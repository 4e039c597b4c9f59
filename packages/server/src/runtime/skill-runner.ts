// The one skill runner for agent work outside the wake cycle (issue 12 item 4, decision 0076): skill
// service tasks of workflows and the campaign workflow run skills through it, so every run is charged
// to its agent instance, its tenant and its workflow run through the agent runtime, with a receipt.
// A run's budget is set from its workflow definition's (operator-edited) or the configured default
// the first time the run pays for a skill.
import { budgetScope, type BudgetLimits, type BudgetManager } from '../components/budgets/budget-manager.js';
import { getSkill } from '../skills/registry.js';
import type { AgentRuntime } from './agent-runtime.js';
import type { SkillPayer, SkillRunOutcome } from './skill-run.js';

export type { SkillPayer, SkillRunOutcome } from './skill-run.js';

/** The workflow run a skill works for: its instance id (the run id) and its definition. */
export interface WorkflowRunRef {
  instanceId: string;
  definitionId: string;
}

export interface SkillRunnerDeps {
  runtime: Pick<AgentRuntime, 'runSkill'>;
  /** Budgets over the store (the runtime's settlements and the costs console see the same rows). */
  budgets: Pick<BudgetManager, 'status' | 'define'>;
  /** A run's budget when its definition has none (`costs.runBudget`); absent: runs are not limited. */
  runDefault?: { money?: number | undefined; tokens?: number | undefined } | undefined;
}

export interface SkillRunInput {
  skillId: string;
  input: unknown;
  payer: SkillPayer;
  run?: WorkflowRunRef;
}

export class SkillRunner {
  constructor(private readonly deps: SkillRunnerDeps) {}

  /** Runs the skill through the runtime; NOT_FOUND, VALIDATION, BUDGET_EXHAUSTED as `AgentRuntime.runSkill`. */
  async run(request: SkillRunInput): Promise<SkillRunOutcome> {
    const skill = getSkill(request.skillId);
    if (request.run) await this.ensureRunBudget(request.run, request.payer.tenantId);
    return this.deps.runtime.runSkill({
      skill,
      input: request.input,
      payer: request.payer,
      ...(request.run ? { runId: request.run.instanceId } : {}),
    });
  }

  /** Gives the run its definition's limits (else the default) unless it has a budget already. */
  private async ensureRunBudget(run: WorkflowRunRef, tenantId: string | null): Promise<void> {
    const scope = budgetScope.run(run.instanceId);
    if (await this.deps.budgets.status(scope)) return;
    const template = await this.deps.budgets.status(budgetScope.workflow(run.definitionId));
    const limits: BudgetLimits = template
      ? { money: template.limit.money, tokens: template.limit.tokens }
      : { money: this.deps.runDefault?.money ?? null, tokens: this.deps.runDefault?.tokens ?? null };
    if (limits.money === null && limits.tokens === null) return;
    // Define keeps usage, so two steps of one run defining it at once agree.
    await this.deps.budgets.define(scope, { ...limits, period: 'total', tenantId });
  }
}
