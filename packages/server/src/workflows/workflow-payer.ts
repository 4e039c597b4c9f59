// Who pays for a workflow's skill runs (decision 0076): the trial or hire named by the instance's
// `hire_id` / `trial_id` variable — the runtime instance of that id, its agent type and its tenant —
// or, for a workflow run for no customer, the skill's agent type with no tenant.
import { PlatformError, type JsonValue } from '../errors.js';
import type { SkillPayer } from '../runtime/skill-runner.js';
import type { Store } from '../store/store.js';

const text = (v: JsonValue | undefined): string => (typeof v === 'string' ? v.trim() : '');

/** The payer named by `hire_id` (before `trial_id`); undefined when neither is set. NOT_FOUND for an unknown id. */
export async function customerPayer(
  store: Store,
  variables: Readonly<Record<string, JsonValue>>,
): Promise<SkillPayer | undefined> {
  const hireId = text(variables.hire_id);
  if (hireId) {
    const hire = await store.hires.get(hireId);
    if (!hire?.tenantId) throw notFound('hire', hireId);
    return { agentId: hireId, agentType: hire.data.agentId, tenantId: hire.tenantId };
  }
  const trialId = text(variables.trial_id);
  if (trialId) {
    const trial = await store.trials.get(trialId);
    if (!trial?.tenantId) throw notFound('trial', trialId);
    return { agentId: trialId, agentType: trial.data.agentId, tenantId: trial.tenantId };
  }
  return undefined;
}

function notFound(kind: 'hire' | 'trial', id: string): PlatformError {
  return new PlatformError('NOT_FOUND', `${kind} ${id} not found`, {
    retryable: false,
    details: { field: `${kind}_id` },
  });
}
