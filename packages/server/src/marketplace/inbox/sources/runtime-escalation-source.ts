// The inbox source of the agent runtime's escalations (budget "ask a human", low confidence, a model
// answer that failed validation, an agent's own question): each becomes an item; the answer is given
// to the runtime's escalation service, which publishes it and lets the escalated agent resume.
import type { InboxReason } from '../../../contracts/work.js';
import { isPlatformError } from '../../../errors.js';
import type { Escalation, EscalationService } from '../../../runtime/escalations.js';
import type { Store } from '../../../store/store.js';
import { listAll } from '../../tenant-docs.js';
import type { InboxPoster, NewInboxItem } from '../../work/work-ports.js';
import type { InboxSource } from '../inbox-service.js';
import { HOUR } from '../../time.js';

export const RUNTIME_ESCALATION_SOURCE = 'runtime-escalation';

/** The decision engine's reasons are sentences; these are the ones it writes (decision-engine.ts). */
export function runtimeEscalationReason(reason: string): InboxReason {
  if (/budget \S+ is exhausted/i.test(reason)) return 'budget-exhausted';
  if (/^low-confidence/i.test(reason)) return 'low-confidence';
  if (/failed validation/i.test(reason)) return 'invalid-model-output';
  return 'agent-question';
}

/** Urgent escalations are due sooner: critical in 1 h, high in 2 h, otherwise the inbox's default. */
const dueIn = { critical: 1 * HOUR, high: 2 * HOUR } as const;

export function runtimeEscalationItem(e: Escalation): NewInboxItem {
  const due = e.urgency === 'critical' || e.urgency === 'high' ? dueIn[e.urgency] : undefined;
  const context = JSON.stringify(e.context, null, 2);
  return {
    kind: 'escalation',
    reason: runtimeEscalationReason(e.reason),
    tenantId: e.tenantId,
    agentId: e.agentId,
    title: e.reason,
    body: `${e.reason}\n\nUrgency: ${e.urgency}.${e.decisionId ? ` Decision ${e.decisionId}.` : ''}\n\n\`\`\`json\n${context.slice(0, 8000)}\n\`\`\``,
    actions: ['approve', 'reject', 'modify'],
    source: { kind: RUNTIME_ESCALATION_SOURCE, ref: e.id },
    ...(due === undefined ? {} : { dueAt: e.createdAt + due }),
  };
}

/**
 * Approve or modify: the escalated agent resumes (the verdict is published with the decision id). Reject:
 * the conservative outcome stands, and for a spent budget the agent is stopped (paused) — the human said
 * no to more spending — until its customer resumes it.
 */
export function runtimeEscalationSource(
  escalations: Pick<EscalationService, 'answer'>,
  stop?: (agentId: string, by: string) => Promise<unknown>,
): InboxSource {
  return {
    async answer(item, a) {
      await escalations.answer(
        item.data.sourceRef,
        {
          verdict: a.decision,
          by: a.by,
          ...(a.comment === null ? {} : { note: a.comment.slice(0, 2000) }),
          ...(a.decision === 'modify'
            ? { modification: (a.data ?? { comment: a.comment }) as Record<string, never> }
            : {}),
        },
        { tenantId: item.tenantId },
      );
      if (a.decision === 'reject' && item.data.reason === 'budget-exhausted' && item.data.agentId && stop)
        await stop(item.data.agentId, `user:${a.by}`).catch((err: unknown) => {
          // Not an agent of this runtime (or already paused or retired): nothing left to stop.
          if (!isPlatformError(err, 'NOT_FOUND') && !isPlatformError(err, 'CONFLICT')) throw err;
        });
    },
  };
}

/** Opens the items of escalations still pending (after a restart, or ones stored before the inbox). */
export async function openPendingEscalations(store: Store, inbox: InboxPoster): Promise<number> {
  const pending = await listAll(store.escalations, { where: { status: 'pending' } });
  for (const e of pending) await inbox.open(runtimeEscalationItem(e.data));
  return pending.length;
}
