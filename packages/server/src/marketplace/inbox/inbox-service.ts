// The one human-in-the-loop inbox (issue 13 item 7, decision 0054): deliverable approvals, engine user
// tasks, runtime and protocol escalations are all inbox items. Sources open items and register a
// callback by `source.kind`; an answer is recorded here and handed back to its source.
import type { InboxAnswerRequest, InboxItem, InboxKind, InboxListQuery } from '../../contracts/work.js';
import type { Bus } from '../../bus/bus.js';
import type { Clock } from '../../clock.js';
import { PlatformError, isPlatformError } from '../../errors.js';
import type { Ids } from '../../ids.js';
import type { Logger } from '../../components/observability/logger.js';
import type { Entity } from '../../store/entity-repository.js';
import type { InboxAnswerRecord, InboxItemRecord } from '../../store/inbox-repository.js';
import type { Page, Store } from '../../store/store.js';
import { isStaff, type Principal } from '../principal.js';
import { HOUR, iso, MINUTE } from '../time.js';
import type { InboxPoster, NewInboxItem, TaskCreator } from '../work/work-ports.js';

/** What a source is told when its item is answered. */
export interface InboxAnswer {
  decision: InboxAnswerRecord['decision'];
  comment: string | null;
  data: Record<string, unknown> | null;
  /** The user who answered, and the tenant the item belongs to. */
  by: string;
  tenantId: string | null;
}

/**
 * A source of inbox items. `answer` applies the human's decision to the source's own state (publish a
 * deliverable, complete a user task, resume an agent); NOT_FOUND or CONFLICT from it means the source
 * no longer waits, and the item is withdrawn.
 */
export interface InboxSource {
  answer(item: Entity<InboxItemRecord>, answer: InboxAnswer): Promise<void>;
}

/** Default decision time per kind (level 0, the customer); the same again at each level up. */
export const DEFAULT_INBOX_SLA_MS: Record<InboxKind, number> = {
  approval: 48 * HOUR,
  'user-task': 24 * HOUR,
  escalation: 4 * HOUR,
  question: 60 * MINUTE,
};

/** The top of the chain: 0 = the customer, 1 = an operator. */
export const TOP_ESCALATION_LEVEL = 1;

export interface InboxServiceOptions {
  store: Store;
  clock: Clock;
  ids: Ids;
  bus?: Pick<Bus, 'publish'>;
  logger?: Logger;
  sla?: Partial<Record<InboxKind, number>>;
}

export class InboxService implements InboxPoster {
  private readonly sources = new Map<string, InboxSource>();
  private revisions: TaskCreator | undefined;
  private readonly sla: Record<InboxKind, number>;

  constructor(private readonly o: InboxServiceOptions) {
    this.sla = { ...DEFAULT_INBOX_SLA_MS, ...o.sla };
  }

  /** Registers the callback of a source kind (`approval`, `user-task`, `runtime-escalation`, …). */
  registerSource(kind: string, source: InboxSource): void {
    if (this.sources.has(kind))
      throw new PlatformError('CONFLICT', `inbox source ${kind} is already registered`);
    this.sources.set(kind, source);
  }

  /** Where a MODIFY sends the work back as a revision task (the task service, wired by the platform). */
  useRevisions(tasks: TaskCreator): void {
    this.revisions = tasks;
  }

  slaFor(kind: InboxKind): number {
    return this.sla[kind];
  }

  /** `created` is false when the source's item existed already (whatever its status). */
  open(item: NewInboxItem): Promise<{ itemId: string; created: boolean }> {
    return this.openIn(this.o.store, item);
  }

  /** Opens an item inside the caller's transaction (so a deliverable and its item commit together). */
  async openIn(tx: Store, item: NewInboxItem): Promise<{ itemId: string; created: boolean }> {
    const data: InboxItemRecord = {
      kind: item.kind,
      reason: item.reason,
      status: 'open',
      instanceId: item.instanceId ?? null,
      agentId: item.agentId ?? null,
      taskId: item.taskId ?? null,
      jobId: item.jobId ?? null,
      deliverableId: item.deliverableId ?? null,
      title: item.title.slice(0, 500),
      body: item.body,
      actions: item.actions,
      sourceKind: item.source.kind,
      sourceRef: item.source.ref,
      revision: item.revision ?? null,
      dueAt: item.dueAt ?? this.o.clock.now() + this.sla[item.kind],
      escalationLevel: 0,
      answer: null,
    };
    const { entity, created } = await tx.inboxItems.insert({
      id: this.o.ids.next('inb'),
      tenantId: item.tenantId,
      data,
    });
    if (created) await this.announce('inbox.item.opened', entity);
    return { itemId: entity.id, created };
  }

  async withdraw(source: { kind: string; ref: string }): Promise<void> {
    const item = await this.o.store.inboxItems.getBySource(source.kind, source.ref);
    if (!item || item.data.status !== 'open') return;
    await this.o.store.inboxItems
      .update(item.id, { ...item.data, status: 'withdrawn' }, { expectedVersion: item.version })
      .catch((err: unknown) => {
        // Answered meanwhile: the answer stands.
        if (!isPlatformError(err, 'CONFLICT')) throw err;
      });
  }

  /**
   * Ties an item to the task whose work it holds (a task's deliverable waiting for approval), so
   * that a MODIFY sends that task back as a revision with the same skill and input.
   */
  async attachTask(
    itemId: string,
    task: {
      taskId: string;
      instanceId: string;
      jobId: string | null;
      skill: string;
      input: Record<string, unknown>;
    },
  ): Promise<void> {
    const item = await this.o.store.inboxItems.get(itemId);
    if (!item || item.data.taskId === task.taskId) return;
    await this.o.store.inboxItems.modify(item.id, (d) => ({
      ...d,
      taskId: task.taskId,
      instanceId: task.instanceId,
      jobId: d.jobId ?? task.jobId,
      revision: { skill: task.skill, input: task.input },
    }));
  }

  /**
   * Records an answer given outside the inbox (the approvals routes, a workflow API call) on the
   * source's open item, inside the caller's transaction; nothing when no item is open.
   */
  async settle(
    tx: Store,
    source: { kind: string; ref: string },
    answer: Omit<InboxAnswerRecord, 'at' | 'revisionTaskId'>,
  ): Promise<void> {
    const item = await tx.inboxItems.getBySource(source.kind, source.ref);
    if (!item || item.data.status !== 'open') return;
    await tx.inboxItems.update(
      item.id,
      {
        ...item.data,
        status: statusOf[answer.decision],
        answer: { ...answer, at: this.o.clock.now(), revisionTaskId: null },
      },
      { expectedVersion: item.version },
    );
  }

  /** A customer sees their tenant's items; staff see every tenant's (or one, with `tenantId`). */
  async list(
    principal: Principal,
    query: Omit<InboxListQuery, 'limit'> & { limit: number },
  ): Promise<Page<InboxItem>> {
    const tenantId = isStaff(principal) ? query.tenantId : principal.tenantId;
    const page = await this.o.store.inboxItems.list({
      order: 'desc',
      limit: query.limit,
      where: { status: query.status, kind: query.kind, instanceId: query.instanceId },
      ...(tenantId === undefined ? {} : { tenantId }),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return {
      items: page.items.map(inboxItemView),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  async get(principal: Principal, id: string): Promise<InboxItem> {
    return inboxItemView(await this.visible(principal, id));
  }

  /**
   * Records the answer (CONFLICT when the item is no longer open), hands it to the item's source and,
   * for a MODIFY of an item tied to a task, creates the revision task carrying the comment. When the
   * source fails the item is reopened, unless the source no longer waits (then it is withdrawn).
   */
  async answer(principal: Principal, id: string, request: InboxAnswerRequest): Promise<InboxItem> {
    const comment = request.comment?.trim() ? request.comment.trim() : null;
    if (request.decision !== 'approve' && comment === null)
      throw new PlatformError('VALIDATION', 'say why, in a comment', { details: { field: 'comment' } });
    const item = await this.visible(principal, id);
    if (item.data.status !== 'open')
      throw new PlatformError('CONFLICT', `inbox item ${id} was already ${item.data.status}`, {
        details: { itemId: id, status: item.data.status },
      });
    const allowed = item.data.actions;
    if (!allowed.includes(request.decision))
      throw new PlatformError('VALIDATION', `this item takes ${allowed.join(', ')}`, {
        details: { field: 'decision', allowed },
      });
    const source = this.sources.get(item.data.sourceKind);
    if (!source)
      throw new PlatformError('UNAVAILABLE', `inbox source ${item.data.sourceKind} is not running here`, {
        details: { itemId: id, source: item.data.sourceKind },
      });
    const answer: InboxAnswerRecord = {
      decision: request.decision,
      comment,
      data: request.data ?? null,
      by: principal.userId,
      at: this.o.clock.now(),
      revisionTaskId: null,
    };
    // Claimed first, with the version read: of two concurrent answers one wins, the other is a CONFLICT.
    let claimed = await this.o.store.inboxItems.update(
      id,
      { ...item.data, status: statusOf[request.decision], answer },
      { expectedVersion: item.version },
    );
    try {
      await source.answer(claimed, { ...answer, tenantId: claimed.tenantId });
    } catch (err) {
      const gone = isPlatformError(err, 'NOT_FOUND') || isPlatformError(err, 'CONFLICT');
      await this.o.store.inboxItems.update(id, gone ? { ...item.data, status: 'withdrawn' } : item.data, {
        expectedVersion: claimed.version,
      });
      if (gone)
        throw new PlatformError('CONFLICT', `inbox item ${id} no longer waits: ${(err as Error).message}`, {
          details: { itemId: id, status: 'withdrawn' },
          cause: err,
        });
      throw err;
    }
    if (request.decision === 'modify')
      // The answer stands even when the revision cannot be created (a paused instance): it is logged.
      claimed = await this.revise(claimed, comment ?? '').catch((err: unknown) => {
        this.o.logger?.error({ err, itemId: id }, 'revision task not created for a MODIFY');
        return claimed;
      });
    await this.announce('inbox.item.answered', claimed);
    return inboxItemView(claimed);
  }

  /** Moves past-due open items one level up the chain; returns how many moved. */
  async escalateDue(limit = 100): Promise<number> {
    const now = this.o.clock.now();
    let moved = 0;
    for (const item of await this.o.store.inboxItems.due(now, TOP_ESCALATION_LEVEL, limit)) {
      try {
        const next = await this.o.store.inboxItems.update(
          item.id,
          {
            ...item.data,
            escalationLevel: item.data.escalationLevel + 1,
            dueAt: now + this.sla[item.data.kind],
          },
          { expectedVersion: item.version },
        );
        moved += 1;
        await this.announce('inbox.item.escalated', next);
      } catch (err) {
        // Another sweeper or an answer got there first.
        if (!isPlatformError(err, 'CONFLICT')) throw err;
      }
    }
    return moved;
  }

  private async revise(item: Entity<InboxItemRecord>, comment: string): Promise<Entity<InboxItemRecord>> {
    const d = item.data;
    if (!d.taskId || !d.instanceId || !d.revision || !item.tenantId || !this.revisions) return item;
    const { taskId } = await this.revisions.create({
      tenantId: item.tenantId,
      instanceId: d.instanceId,
      skill: d.revision.skill,
      input: d.revision.input,
      source: 'revision',
      revisionOf: d.taskId,
      revisionComment: comment,
      ...(d.jobId ? { jobId: d.jobId } : {}),
    });
    return this.o.store.inboxItems.modify(item.id, (current) => ({
      ...current,
      answer: current.answer ? { ...current.answer, revisionTaskId: taskId } : current.answer,
    }));
  }

  /** The item if the principal may see it: their tenant's, or any for staff; NOT_FOUND otherwise. */
  private async visible(principal: Principal, id: string): Promise<Entity<InboxItemRecord>> {
    const item = await this.o.store.inboxItems.get(
      id,
      isStaff(principal) ? {} : { tenantId: principal.tenantId },
    );
    if (!item)
      throw new PlatformError('NOT_FOUND', `inbox item ${id} not found`, { details: { itemId: id } });
    return item;
  }

  private async announce(topic: string, item: Entity<InboxItemRecord>): Promise<void> {
    try {
      await this.o.bus?.publish({
        topic,
        payload: {
          itemId: item.id,
          tenantId: item.tenantId,
          kind: item.data.kind,
          status: item.data.status,
          escalationLevel: item.data.escalationLevel,
        },
        from: 'inbox',
        idempotencyKey: `${topic}:${item.id}:${item.version}`,
      });
    } catch (err) {
      // The item is durable; the notification is best effort.
      this.o.logger?.warn({ err, itemId: item.id, topic }, 'inbox notification not published');
    }
  }
}

const statusOf = { approve: 'approved', reject: 'rejected', modify: 'modified' } as const;

export function inboxItemView(e: Entity<InboxItemRecord>): InboxItem {
  const d = e.data;
  return {
    id: e.id,
    kind: d.kind,
    reason: d.reason,
    status: d.status,
    tenantId: e.tenantId,
    instanceId: d.instanceId,
    agentId: d.agentId,
    taskId: d.taskId,
    jobId: d.jobId,
    deliverableId: d.deliverableId,
    title: d.title,
    body: d.body,
    actions: d.actions,
    dueAt: iso(d.dueAt),
    escalationLevel: d.escalationLevel,
    answer: d.answer
      ? { decision: d.answer.decision, comment: d.answer.comment, by: d.answer.by, at: iso(d.answer.at) }
      : null,
    createdAt: iso(e.createdAt),
  };
}
