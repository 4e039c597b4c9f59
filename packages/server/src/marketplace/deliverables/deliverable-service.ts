// Deliverables: recorded when an agent finishes work for a tenant (held for approval in "review all"
// mode, published otherwise), listed, viewed, downloaded and exported as a ZIP. They are never deleted
// when a trial or hire ends.
import { createHash } from 'node:crypto';
import type {
  ApprovalMode,
  Deliverable,
  DeliverableSummary,
  NotificationChannel,
  Page,
} from '../../contracts/contracts.js';
import type { SkillCheck, SkillResult } from '../../skills/skill.js';
import type { Clock } from '../../clock.js';
import type { Ids } from '../../ids.js';
import type { Logger } from '../../components/observability/logger.js';
import type { Entity } from '../../store/entity-repository.js';
import type { Store } from '../../store/store.js';
import type { ActivityService } from '../activity/activity-service.js';
import type { ApprovalService } from '../approvals/approval-service.js';
import { withDeliverable, type AgentStats } from '../catalogue/agent-stats.js';
import type { Mailer } from '../mail/mailer.js';
import type { Principal } from '../principal.js';
import type { DeliverableRecord } from '../../store/marketplace-records.js';
import { getOwned, listAll } from '../tenant-docs.js';
import { iso } from '../time.js';
import { buildZip, deliverableFileName } from './zip-export.js';

export interface RecordDeliverableInput {
  tenantId: string;
  trialId: string | null;
  hireId: string | null;
  agentId: string;
  instanceName: string;
  approvalMode: ApprovalMode;
  notify: { channel: NotificationChannel; userId: string; email: string } | null;
  skillId: string;
  /** Defaults to the skill result's summary. */
  title: string;
  result: Pick<SkillResult<unknown>, 'output' | 'summary' | 'markdown' | 'checks' | 'method' | 'confidence'>;
  /** Time from the trial's start, for the first deliverable of a trial (response-time statistic). */
  responseMs?: number;
  /**
   * The work unit that produced it. One unit keeps one deliverable: recording it again (a worker
   * that lost its claim while writing, a redelivery) returns the first one and changes nothing.
   */
  workKey?: string;
}

export interface DeliverableServiceOptions {
  store: Store;
  clock: Clock;
  ids: Ids;
  stats: AgentStats;
  activity: ActivityService;
  mailer: Mailer;
  approvals: ApprovalService;
  logger: Logger;
  agentName(agentId: string): string;
  skillTitle(skillId: string): string;
}

/** The deliverable id of a work unit: derived, so every process writing that unit's result agrees on it. */
export function workDeliverableId(tenantId: string, workKey: string): string {
  return `dlv_w${createHash('sha256').update(`${tenantId}\n${workKey}`).digest('base64url').slice(0, 32)}`;
}

export class DeliverableService {
  constructor(private readonly o: DeliverableServiceOptions) {}

  /** Stores a finished piece of work, opens its approval when needed, and reports it in the feed. */
  async record(input: RecordDeliverableInput): Promise<Entity<DeliverableRecord>> {
    const id = input.workKey ? workDeliverableId(input.tenantId, input.workKey) : this.o.ids.next('dlv');
    if (input.workKey) {
      const kept = await this.o.store.deliverables.get(id, { tenantId: input.tenantId });
      if (kept) return kept;
    }
    const needsApproval = input.approvalMode === 'review_all';
    const data: DeliverableRecord = {
      trialId: input.trialId,
      hireId: input.hireId,
      agentId: input.agentId,
      instanceName: input.instanceName,
      title: input.title,
      summary: input.result.summary,
      skillId: input.skillId,
      method: input.result.method,
      status: needsApproval ? 'pending_approval' : 'published',
      markdown: input.result.markdown,
      output: input.result.output,
      checks: input.result.checks.map((c: SkillCheck) => ({
        name: c.name,
        passed: c.passed,
        detail: c.detail,
      })),
      confidence: input.result.confidence,
      reviewComment: null,
      approvalId: null,
    };
    let doc: Entity<DeliverableRecord>;
    try {
      doc = await this.o.store.transaction(async (tx) => {
        const inserted = await tx.deliverables.insert({ id, tenantId: input.tenantId, data });
        if (!needsApproval) return inserted.entity;
        const approval = await this.o.approvals.open(inserted.entity, tx);
        return tx.deliverables.update(id, {
          ...data,
          approvalId: approval.id,
        });
      });
    } catch (err) {
      // Another process recorded the same work unit between our read and our insert: theirs stands.
      const kept = input.workKey
        ? await this.o.store.deliverables.get(id, { tenantId: input.tenantId })
        : undefined;
      if (kept) return kept;
      throw err;
    }
    await this.o.stats.update(input.agentId, (s) => withDeliverable(s, this.o.clock.now(), input.responseMs));
    await this.o.activity.record(input.tenantId, {
      agentId: input.agentId,
      kind: 'deliverable',
      // The skill's title is public catalogue data; the deliverable's own title may name the customer.
      publicAction: `completed "${this.o.skillTitle(input.skillId)}"${input.result.method === 'model' ? ' (model-assisted)' : ''}`,
      privateAction: `produced "${input.title}"`,
    });
    if (needsApproval && input.notify?.channel === 'email') {
      // The item already waits in the inbox; a mail outage only costs the notification.
      await this.o.mailer
        .send({
          userId: input.notify.userId,
          tenantId: input.tenantId,
          to: input.notify.email,
          kind: 'approval-needed',
          subject: `${input.instanceName} needs your approval: ${input.title}`,
          text: `${input.instanceName} (${this.o.agentName(input.agentId)}) produced "${input.title}". Review it in your approvals inbox.`,
        })
        .catch((err: unknown) => this.o.logger.warn({ err, deliverableId: id }, 'approval mail not sent'));
    }
    return doc;
  }

  async list(
    principal: Principal,
    query: {
      trialId?: string;
      hireId?: string;
      agentId?: string;
      status?: DeliverableRecord['status'];
      cursor?: string;
      limit: number;
    },
  ): Promise<Page<DeliverableSummary>> {
    const where = {
      ...(query.trialId ? { trialId: query.trialId } : {}),
      ...(query.hireId ? { hireId: query.hireId } : {}),
      ...(query.agentId ? { agentId: query.agentId } : {}),
      ...(query.status ? { status: query.status } : {}),
    };
    const page = await this.o.store.deliverables.list({
      tenantId: principal.tenantId,
      order: 'desc',
      limit: query.limit,
      where,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return {
      items: page.items.map((d) => this.summary(d)),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  async get(principal: Principal, id: string): Promise<Deliverable> {
    return this.view(await getOwned(this.o.store.deliverables, id, principal.tenantId, 'deliverable'));
  }

  /** The deliverable as a Markdown file. */
  async download(principal: Principal, id: string): Promise<{ fileName: string; body: string }> {
    const doc = await getOwned(this.o.store.deliverables, id, principal.tenantId, 'deliverable');
    return { fileName: deliverableFileName(doc), body: doc.data.markdown };
  }

  /** Every deliverable of the tenant (or of one trial) as a ZIP: one Markdown file each plus a manifest. */
  async exportZip(
    principal: Principal,
    options: { trialId?: string } = {},
  ): Promise<{ fileName: string; body: Uint8Array; count: number }> {
    if (options.trialId) await getOwned(this.o.store.trials, options.trialId, principal.tenantId, 'trial');
    const docs = await listAll(this.o.store.deliverables, {
      tenantId: principal.tenantId,
      ...(options.trialId ? { where: { trialId: options.trialId } } : {}),
    });
    const body = buildZip(docs, (agentId) => this.o.agentName(agentId), this.o.clock.now());
    const stamp = iso(this.o.clock.now()).slice(0, 10);
    return {
      fileName: `waooaw-deliverables-${options.trialId ?? 'all'}-${stamp}.zip`,
      body,
      count: docs.length,
    };
  }

  /** Counts by trial for one tenant, for trial views. */
  async countForTrial(tenantId: string, trialId: string): Promise<number> {
    return this.o.store.deliverables.count({ tenantId, where: { trialId } });
  }

  summary(doc: Entity<DeliverableRecord>): DeliverableSummary {
    const d = doc.data;
    return {
      id: doc.id,
      trialId: d.trialId,
      hireId: d.hireId,
      agentId: d.agentId,
      agentName: this.o.agentName(d.agentId),
      instanceName: d.instanceName,
      title: d.title,
      summary: d.summary,
      skillId: d.skillId,
      method: d.method,
      status: d.status,
      createdAt: iso(doc.createdAt),
    };
  }

  view(doc: Entity<DeliverableRecord>): Deliverable {
    const d = doc.data;
    return {
      ...this.summary(doc),
      markdown: d.markdown,
      output: d.output,
      checks: d.checks,
      confidence: d.confidence,
      reviewComment: d.reviewComment,
      approvalId: d.approvalId,
    };
  }
}
