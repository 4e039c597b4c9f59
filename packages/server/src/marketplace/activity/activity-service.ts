// The activity feed: what agents did, stored per tenant, published on the bus and pushed to live
// listeners (SSE). The public view never carries customer data: it uses the public wording and names
// the company only when its tenant opted in; the tenant's own view shows everything.
import type { ActivityItem, Industry, Page } from '../../contracts/contracts.js';
import type { Bus } from '../../bus/bus.js';
import type { Clock } from '../../clock.js';
import type { Ids } from '../../ids.js';
import type { Logger } from '../../components/observability/logger.js';
import type { Entity } from '../../store/entity-repository.js';
import type { Store } from '../../store/store.js';
import type { ActivityKind, ActivityRecord, TenantRecord } from '../../store/marketplace-records.js';
import { iso } from '../time.js';

export const ACTIVITY_TOPIC = 'marketplace.activity';

const anonymousCompany: Record<Industry, string> = {
  marketing: 'a marketing team',
  education: 'an education customer',
  sales: 'a sales team',
};

export interface ActivityInput {
  agentId: string;
  kind: ActivityKind;
  publicAction: string;
  privateAction: string;
}

export interface ActivityServiceOptions {
  store: Store;
  bus: Bus;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  /** Role name and industry of an agent (unknown agents show their id). */
  agentInfo(agentId: string): { name: string; industry: Industry } | undefined;
}

export type ActivityListener = (item: ActivityItem) => void;

export class ActivityService {
  private readonly listeners = new Set<ActivityListener>();

  constructor(private readonly o: ActivityServiceOptions) {}

  /** Stores an event for `tenantId`, then publishes its public form to the bus and live listeners. */
  async record(tenantId: string, input: ActivityInput): Promise<void> {
    const data: ActivityRecord = { ...input, at: this.o.clock.now() };
    const doc = await this.o.store.activity.insert({
      id: this.o.ids.next('act'),
      tenantId,
      data,
    });
    const item = this.publicItem(doc.entity, await this.tenant(tenantId));
    for (const listener of this.listeners) {
      try {
        listener(item);
      } catch (err) {
        this.o.logger.warn({ err }, 'activity listener failed');
      }
    }
    // The feed entry is already stored; a bus outage must not fail the work that caused it.
    await this.o.bus
      .publish({
        topic: ACTIVITY_TOPIC,
        from: 'marketplace',
        payload: { ...item },
        idempotencyKey: doc.entity.id,
      })
      .catch((err: unknown) => this.o.logger.warn({ err }, 'activity not published on the bus'));
  }

  /** Newest first, across tenants, anonymised. */
  async listPublic(options: {
    agentId?: string;
    cursor?: string;
    limit: number;
  }): Promise<Page<ActivityItem>> {
    const page = await this.o.store.activity.list({
      order: 'desc',
      limit: options.limit,
      ...(options.cursor ? { cursor: options.cursor } : {}),
      ...(options.agentId ? { where: { agentId: options.agentId } } : {}),
    });
    const tenants = new Map<string, TenantRecord | undefined>();
    const items: ActivityItem[] = [];
    for (const doc of page.items) {
      const tid = doc.tenantId ?? '';
      if (!tenants.has(tid)) tenants.set(tid, await this.tenant(tid));
      items.push(this.publicItem(doc, tenants.get(tid)));
    }
    return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /** Newest first, the tenant's own events with full wording. */
  async listTenant(
    tenantId: string,
    options: { agentId?: string; cursor?: string; limit: number },
  ): Promise<Page<ActivityItem>> {
    const page = await this.o.store.activity.list({
      tenantId,
      order: 'desc',
      limit: options.limit,
      ...(options.cursor ? { cursor: options.cursor } : {}),
      ...(options.agentId ? { where: { agentId: options.agentId } } : {}),
    });
    const tenant = await this.tenant(tenantId);
    const company = tenant?.name ?? 'your organisation';
    return {
      items: page.items.map((doc) => this.item(doc, doc.data.privateAction, company)),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  /** Calls `listener` with each new public item until the returned function is called. */
  subscribe(listener: ActivityListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  private publicItem(doc: Entity<ActivityRecord>, tenant: TenantRecord | undefined): ActivityItem {
    const info = this.o.agentInfo(doc.data.agentId);
    const company = tenant?.publicActivity ? tenant.name : anonymousCompany[info?.industry ?? 'marketing'];
    return this.item(doc, doc.data.publicAction, company);
  }

  private item(doc: Entity<ActivityRecord>, action: string, company: string): ActivityItem {
    const agentName = this.o.agentInfo(doc.data.agentId)?.name ?? doc.data.agentId;
    return {
      id: doc.id,
      at: iso(doc.data.at),
      agentId: doc.data.agentId,
      agentName,
      kind: doc.data.kind,
      action,
      company,
      text: `${agentName} ${action} for ${company}`,
    };
  }

  private async tenant(tenantId: string): Promise<TenantRecord | undefined> {
    if (!tenantId) return undefined;
    return (await this.o.store.tenants.get(tenantId))?.data;
  }
}
