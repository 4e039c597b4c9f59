// The inbox source of agent-protocol escalations (an agent's explicit escalate, or a consult, handoff
// or consensus whose deadline passed): each becomes an inbox item whose answer resolves the escalation.
import type { InboxReason } from '../../contracts/work.js';
import type { InboxSource } from '../../marketplace/inbox/inbox-service.js';
import type { InboxPoster, NewInboxItem } from '../../marketplace/work/work-ports.js';
import type { StoredInteraction } from '../../store/repositories/workforce-protocol.js';
import type { AgentProtocol, EscalationData } from './agent-protocol.js';

export const PROTOCOL_ESCALATION_SOURCE = 'protocol-escalation';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

export function protocolEscalationItem(i: StoredInteraction<EscalationData>): NewInboxItem {
  const ctx = i.data.context;
  // Raised by the protocol itself when a deadline passed (the context names the interaction).
  const timedOut = ['consultId', 'handoffId', 'consensusId'].some((k) => str(ctx[k]) !== undefined);
  const reason: InboxReason = timedOut ? 'deadline-passed' : 'agent-question';
  const instanceId = str(ctx.instanceId);
  const taskId = str(ctx.taskId);
  const jobId = str(ctx.jobId);
  return {
    kind: 'escalation',
    reason,
    tenantId: str(ctx.tenantId) ?? null,
    agentId: i.initiator,
    ...(instanceId ? { instanceId } : {}),
    ...(taskId ? { taskId } : {}),
    ...(jobId ? { jobId } : {}),
    title: i.data.reason.slice(0, 300),
    body: `${i.data.reason}\n\nRaised by ${i.initiator}; chain: ${i.data.chain.join(' → ')}.\n\n\`\`\`json\n${JSON.stringify(ctx, null, 2).slice(0, 8000)}\n\`\`\``,
    actions: ['approve', 'reject', 'modify'],
    source: { kind: PROTOCOL_ESCALATION_SOURCE, ref: i.id },
    ...(i.deadline === null ? {} : { dueAt: i.deadline }),
  };
}

export function protocolEscalationSource(protocol: Pick<AgentProtocol, 'resolveEscalation'>): InboxSource {
  return {
    async answer(item, a) {
      await protocol.resolveEscalation(item.data.sourceRef, `human:${a.by}`, a.decision, a.comment ?? '');
    },
  };
}

/** Opens the items of protocol escalations still open (after a restart, or raised before the inbox). */
export async function openPendingProtocolEscalations(
  protocol: Pick<AgentProtocol, 'list'>,
  inbox: InboxPoster,
): Promise<number> {
  const open = await protocol.list({ kind: 'escalation', status: ['open'], limit: 1000 });
  for (const i of open)
    await inbox.open(protocolEscalationItem(i as unknown as StoredInteraction<EscalationData>));
  return open.length;
}
