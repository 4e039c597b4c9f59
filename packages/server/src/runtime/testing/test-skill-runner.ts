// A skill runner for workflow tests that are not about costs: the real runner over a real agent
// runtime on the test's store (no model, so skills run offline), as the platform wires it.
import { BudgetManager } from '../../components/budgets/budget-manager.js';
import type { Clock } from '../../clock.js';
import type { Ids } from '../../ids.js';
import type { Store } from '../../store/store.js';
import { createAgentRuntime } from '../agent-runtime.js';
import { SkillRunner } from '../skill-runner.js';

export function testSkillRunner(deps: { store: Store; clock: Clock; ids: Ids }): SkillRunner {
  return new SkillRunner({ runtime: createAgentRuntime(deps), budgets: new BudgetManager(deps) });
}
