// Deliverable approvals: deliverables held in "review all" mode wait until the tenant approves, rejects
// or modifies them (with a comment). Each approval is also an item of the one inbox (source `approval`),
// answered there or here, kept in step in one transaction. Deciding twice is a CONFLICT.
import type { Approval, ApprovalDecisionRequest, ApprovalStatus, Page } from '../../contracts/contracts.js';
import type { Clock } from '../../clock.js';
import { PlatformError } from '../../errors.js';
import type { Ids } from '../../ids.js';
import type { Entity } from '../../store/entity-repository.js';
import type { Store } from '../../store/store.js';
import type { ActivityService } from '../activity/activity-service.js';
import type { InboxService } from '../inbox/inbox-service.js';
import type { NewInboxItem } from '../work/work-ports.js';
import type { Principal } from '../principal.js';
import type { ApprovalRecord, DeliverableRecord } from '../../store/marketplace-records.js';
import { getOwned, listAll } from '../tenant-docs.js';
import { HOUR, iso, isoOrNull } from '../time.js';

export interface ApprovalServiceOptions {
  store: Store;
  clock: Clock;
  ids: Ids;
  activity: ActivityService;
  inbox: InboxService;
  slaHours: number;
  agentName(agentId: string): string;
}

/** The inbox source kind of deliverable approvals; the item's ref is the approval id. */
export const APPROVAL_SOURCE = 'approval';

/** The inbox item of an approval (opened with it, or later for approvals stored before the inbox). */
export function approvalInboxItem(approval: Entity<ApprovalRecord>): NewInboxItem {
  const a = approval.data;
  return {
    kind: 'approval',
    reason: 'review-all',
    tenantId: approval.tenantId,
    agentId: a.agentId,
    deliverableId: a.deliverableId,
    title: a.title,
    body: a.summary,
    actions: ['approve', 'reject', 'modify'],
    source: { kind: APPROVAL_SOURCE, ref: approval.id },
    dueAt: a.dueAt,
  };
}

const statusFor: Record<ApprovalDecisionRequest['decision'], ApprovalStatus> = {
  approve: 'approved',
  reject: 'rejected',
  modify: 'modified',
};

export class ApprovalService {
  constructor(private readonly o: ApprovalServiceOptions) {}

  /** Opens the approval of a deliverable (inside the caller's transaction). */
  async open(deliverable: Entity<DeliverableRecord>, tx: Store): Promise<Entity<ApprovalRecord>> {
    const d = deliverable.data;
    const data: ApprovalRecord = {
      deliverableId: deliverable.id,
      trialId: d.trialId,
      hireId: d.hireId,
      agentId: d.agentId,
      instanceName: d.instanceName,
      title: d.title,
      summary: d.summary,
      status: 'pending',
      comment: null,
      decidedBy: null,
      decidedAt: null,
      dueAt: this.o.clock.now() + this.o.slaHours * HOUR,
    };
    // One approval per deliverable: opening it again returns the first.
    const inserted = await tx.approvals.insert({
      id: this.o.ids.next('apr'),
      tenantId: deliverable.tenantId,
      data,
    });
    if (inserted.created) await this.o.inbox.openIn(tx, approvalInboxItem(inserted.entity));
    return inserted.entity;
  }

  async list(
    principal: Principal,
    query: { status?: ApprovalStatus; cursor?: string; limit: number },
  ): Promise<Page<Approval>> {
    const page = await this.o.store.approvals.list({
      tenantId: principal.tenantId,
      order: 'desc',
      limit: query.limit,
      ...(query.status ? { where: { status: query.status } } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return {
      items: page.items.map((d) => this.view(d)),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  async get(principal: Principal, id: string): Promise<Approval> {
    return this.view(await getOwned(this.o.store.approvals, id, principal.tenantId, 'approval'));
  }

  async countPending(tenantId: string, where: { trialId?: string } = {}): Promise<number> {
    return this.o.store.approvals.count({
      tenantId,
      where: { ...where, status: 'pending' },
    });
  }

  /** Applies a decision to the approval and its deliverable together. CONFLICT when already decided. */
  decide(principal: Principal, id: string, request: ApprovalDecisionRequest): Promise<Approval> {
    return this.decideAs(principal.tenantId, principal.userId, id, request);
  }

  /** `decide` for a tenant's approval by a user who may belong elsewhere (an operator, via the inbox). */
  async decideAs(
    tenantId: string,
    userId: string,
    id: string,
    request: Omit<ApprovalDecisionRequest, 'markdown'> & { markdown?: string | undefined },
  ): Promise<Approval> {
    const status = statusFor[request.decision];
    const comment = request.comment?.trim() ? request.comment.trim() : null;
    const now = this.o.clock.now();
    const updated = await this.o.store.transaction(async (tx) => {
      const approval = await getOwned(tx.approvals, id, tenantId, 'approval');
      if (approval.data.status !== 'pending') {
        throw new PlatformError('CONFLICT', `approval ${id} was already ${approval.data.status}`, {
          details: { approvalId: id, status: approval.data.status },
        });
      }
      const next = await tx.approvals.update(
        id,
        { ...approval.data, status, comment, decidedBy: userId, decidedAt: now },
        { expectedVersion: approval.version },
      );
      await this.o.inbox.settle(
        tx,
        { kind: APPROVAL_SOURCE, ref: id },
        {
          decision: request.decision,
          comment,
          data: request.markdown === undefined ? null : { markdown: request.markdown },
          by: userId,
        },
      );
      await tx.deliverables.modify(approval.data.deliverableId, (d) => ({
        ...d,
        // A modify without new text sends the work back (a revision task): this version is not published.
        status:
          request.decision === 'reject' || (request.decision === 'modify' && request.markdown === undefined)
            ? 'rejected'
            : 'approved',
        reviewComment: comment,
        markdown:
          request.decision === 'modify' && request.markdown !== undefined ? request.markdown : d.markdown,
      }));
      return next;
    });
    await this.o.activity.record(tenantId, {
      agentId: updated.data.agentId,
      kind: 'approval',
      publicAction:
        request.decision === 'reject' ? 'had a deliverable sent back' : 'had a deliverable approved',
      privateAction: `had "${updated.data.title}" ${status} by you`,
    });
    return this.view(updated);
  }

  /** Approves the given pending approvals (all pending ones when `ids` is absent); returns how many. */
  async approveAll(principal: Principal, ids?: readonly string[]): Promise<number> {
    const targets = ids
      ? ids
      : (
          await listAll(this.o.store.approvals, {
            tenantId: principal.tenantId,
            where: { status: 'pending' },
          })
        ).map((d) => d.id);
    // Every id is checked before anything changes, so a foreign or unknown id approves nothing.
    const docs = [];
    for (const id of targets)
      docs.push(await getOwned(this.o.store.approvals, id, principal.tenantId, 'approval'));
    let approved = 0;
    for (const doc of docs) {
      if (doc.data.status !== 'pending') continue;
      await this.decide(principal, doc.id, { decision: 'approve' });
      approved += 1;
    }
    return approved;
  }

  view(doc: Entity<ApprovalRecord>): Approval {
    const a = doc.data;
    return {
      id: doc.id,
      deliverableId: a.deliverableId,
      trialId: a.trialId,
      hireId: a.hireId,
      agentId: a.agentId,
      agentName: this.o.agentName(a.agentId),
      instanceName: a.instanceName,
      title: a.title,
      summary: a.summary,
      status: a.status,
      comment: a.comment,
      decidedBy: a.decidedBy,
      decidedAt: isoOrNull(a.decidedAt),
      createdAt: iso(doc.createdAt),
      dueAt: iso(a.dueAt),
    };
  }
}
