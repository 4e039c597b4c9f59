// Whether a finished deliverable is published or waits in the customer's approvals inbox, decided by
// deterministic rules through the runtime's decision tiers (so every such decision has a receipt):
// the customer reviews everything, a check failed, or the spec demands review for the skill → hold.
import type { DecisionRequest, DecisionRule } from '../../runtime/decision.js';
import type { WorkforceApprovalMode } from './workforce-ports.js';

export const PUBLISH_DECISION = 'publish-deliverable';

export interface PublishFacts {
  skillId: string;
  approvalMode: WorkforceApprovalMode;
  /** Names of the skill's checks that failed. */
  failedChecks: string[];
}

function factsOf(request: DecisionRequest): PublishFacts | undefined {
  if (request.kind !== PUBLISH_DECISION) return undefined;
  const f = request.facts ?? {};
  if (typeof f.skillId !== 'string' || (f.approvalMode !== 'review_all' && f.approvalMode !== 'auto_publish'))
    return undefined;
  const failed = Array.isArray(f.failedChecks)
    ? f.failedChecks.filter((c): c is string => typeof c === 'string')
    : [];
  return { skillId: f.skillId, approvalMode: f.approvalMode, failedChecks: failed };
}

/** The publish rules of one agent type, in order; `reviewSkills` maps a skill to the spec's reason. */
export function publishRules(reviewSkills: ReadonlyMap<string, string>): DecisionRule[] {
  const hold = (reason: string, citation: string) => ({
    approved: false,
    reason,
    confidence: 1,
    citations: [citation],
  });
  return [
    {
      name: 'publish.customer-reviews-all',
      evaluate(request) {
        const f = factsOf(request);
        if (f?.approvalMode !== 'review_all') return undefined;
        return hold(
          'The customer chose to review every deliverable before it is published',
          'setup:approvalMode=review_all',
        );
      },
    },
    {
      name: 'publish.spec-requires-review',
      evaluate(request) {
        const f = factsOf(request);
        const reason = f ? reviewSkills.get(f.skillId) : undefined;
        if (reason === undefined) return undefined;
        return hold(
          `The agent's spec requires review of ${f!.skillId}: ${reason}`,
          `spec:review:${f!.skillId}`,
        );
      },
    },
    {
      name: 'publish.failed-checks',
      evaluate(request) {
        const f = factsOf(request);
        if (!f || f.failedChecks.length === 0) return undefined;
        return hold(
          `Checks failed (${f.failedChecks.join(', ')}); a human reviews it first`,
          `checks:${f.failedChecks.join(',')}`,
        );
      },
    },
    {
      name: 'publish.auto',
      evaluate(request) {
        const f = factsOf(request);
        if (!f) return undefined;
        return {
          approved: true,
          reason: 'Auto-publish: every check passed',
          confidence: 1,
          citations: ['setup:approvalMode=auto_publish'],
        };
      },
    },
  ];
}

/** The decision request for one deliverable (fresh: the rules always answer, nothing to cache). */
export function publishRequest(facts: PublishFacts, title: string): DecisionRequest {
  return {
    kind: PUBLISH_DECISION,
    fresh: true,
    subject: `Publish "${title}" (${facts.skillId})`,
    facts: { skillId: facts.skillId, approvalMode: facts.approvalMode, failedChecks: facts.failedChecks },
  };
}
