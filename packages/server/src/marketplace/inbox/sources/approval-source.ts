// The inbox source of deliverable approvals: an answer in the inbox decides the approval, which
// publishes the deliverable (approve, or modify with new text in `data.markdown`) or discards it.
import { PlatformError } from '../../../errors.js';
import { approvalInboxItem, type ApprovalService } from '../../approvals/approval-service.js';
import type { Store } from '../../../store/store.js';
import { listAll } from '../../tenant-docs.js';
import type { InboxPoster } from '../../work/work-ports.js';
import type { InboxSource } from '../inbox-service.js';

export function approvalInboxSource(approvals: Pick<ApprovalService, 'decideAs'>): InboxSource {
  return {
    async answer(item, a) {
      if (a.tenantId === null)
        throw new PlatformError('NOT_FOUND', `approval ${item.data.sourceRef} not found`);
      const markdown = typeof a.data?.markdown === 'string' ? a.data.markdown : undefined;
      await approvals.decideAs(a.tenantId, a.by, item.data.sourceRef, {
        decision: a.decision,
        ...(a.comment === null ? {} : { comment: a.comment }),
        ...(markdown === undefined ? {} : { markdown }),
      });
    },
  };
}

/** Opens the items of approvals still pending that have none (stored before the inbox existed). */
export async function openPendingApprovals(store: Store, inbox: InboxPoster): Promise<number> {
  const pending = await listAll(store.approvals, { where: { status: 'pending' } });
  for (const approval of pending) await inbox.open(approvalInboxItem(approval));
  return pending.length;
}
