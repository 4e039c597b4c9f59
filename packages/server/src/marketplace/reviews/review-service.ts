// Ratings and reviews: 1–5 stars, one per hire (editable by its tenant), shown on listings. Agent
// ratings are computed only from these reviews; an agent without reviews is "new".
import type { Page, Review, UpsertReviewRequest } from '../../contracts/contracts.js';
import type { Clock } from '../../clock.js';
import { PlatformError } from '../../errors.js';
import type { Ids } from '../../ids.js';
import type { Entity } from '../../store/entity-repository.js';
import type { Store } from '../../store/store.js';
import type { ActivityService } from '../activity/activity-service.js';
import { withRating, type AgentStats } from '../catalogue/agent-stats.js';
import type { Principal } from '../principal.js';
import type { ReviewRecord, TenantRecord } from '../../store/marketplace-records.js';
import { getOwned } from '../tenant-docs.js';
import { iso } from '../time.js';

export interface ReviewServiceOptions {
  store: Store;
  clock: Clock;
  ids: Ids;
  stats: AgentStats;
  activity: ActivityService;
}

export class ReviewService {
  constructor(private readonly o: ReviewServiceOptions) {}

  /** Creates or edits the review of one of the caller's hires (active, paused or cancelled). */
  async upsert(principal: Principal, hireId: string, input: UpsertReviewRequest): Promise<Review> {
    const hire = await getOwned(this.o.store.hires, hireId, principal.tenantId, 'hire');
    const comment = (input.comment ?? '').trim();
    const { doc, created } = await this.o.store.transaction(async (tx) => {
      const existing = await tx.reviews.getByHire(hireId);
      if (existing) {
        const previous = existing.data.rating;
        const updated = await tx.reviews.update(
          existing.id,
          { ...existing.data, rating: input.rating, comment, userId: principal.userId },
          { expectedVersion: existing.version },
        );
        await this.o.stats.update(hire.data.agentId, (s) => withRating(s, input.rating, previous), tx);
        return { doc: updated, created: false };
      }
      const inserted = await tx.reviews.insert({
        id: this.o.ids.next('rev'),
        tenantId: principal.tenantId,
        data: { agentId: hire.data.agentId, hireId, userId: principal.userId, rating: input.rating, comment },
      });
      await this.o.stats.update(hire.data.agentId, (s) => withRating(s, input.rating), tx);
      return { doc: inserted.entity, created: true };
    });
    if (created) {
      await this.o.activity.record(principal.tenantId, {
        agentId: hire.data.agentId,
        kind: 'review',
        publicAction: `was rated ${input.rating}★`,
        privateAction: `was rated ${input.rating}★ by you`,
      });
    }
    return this.view(doc, await this.tenant(principal.tenantId), true);
  }

  /** The review of one of the caller's hires; NOT_FOUND when there is none yet. */
  async getForHire(principal: Principal, hireId: string): Promise<Review> {
    await getOwned(this.o.store.hires, hireId, principal.tenantId, 'hire');
    const doc = await this.o.store.reviews.getByHire(hireId);
    if (!doc || doc.tenantId !== principal.tenantId) {
      throw new PlatformError('NOT_FOUND', `hire ${hireId} has no review yet`, { details: { hireId } });
    }
    return this.view(doc, await this.tenant(principal.tenantId), true);
  }

  /** The id of the review for a hire, if any. */
  async idForHire(hireId: string): Promise<string | null> {
    return (await this.o.store.reviews.getByHire(hireId))?.id ?? null;
  }

  /** Newest first, public (the author is the company only when its tenant opted in). */
  async listForAgent(agentId: string, options: { cursor?: string; limit: number }): Promise<Page<Review>> {
    const page = await this.o.store.reviews.list({
      order: 'desc',
      limit: options.limit,
      where: { agentId },
      ...(options.cursor ? { cursor: options.cursor } : {}),
    });
    const tenants = new Map<string, TenantRecord | undefined>();
    const items: Review[] = [];
    for (const doc of page.items) {
      const tid = doc.tenantId ?? '';
      if (!tenants.has(tid)) tenants.set(tid, await this.tenant(tid));
      items.push(this.view(doc, tenants.get(tid), false));
    }
    return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /** `own` views carry the hire id; public ones must not link a review to a customer's hire. */
  private view(doc: Entity<ReviewRecord>, tenant: TenantRecord | undefined, own: boolean): Review {
    return {
      id: doc.id,
      agentId: doc.data.agentId,
      hireId: own ? doc.data.hireId : null,
      rating: doc.data.rating,
      comment: doc.data.comment,
      author: tenant?.publicActivity ? tenant.name : 'Verified customer',
      createdAt: iso(doc.createdAt),
      updatedAt: iso(doc.updatedAt),
    };
  }

  private async tenant(tenantId: string): Promise<TenantRecord | undefined> {
    if (!tenantId) return undefined;
    return (await this.o.store.tenants.get(tenantId))?.data;
  }
}
