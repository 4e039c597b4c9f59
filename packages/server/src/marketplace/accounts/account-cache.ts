// Users and organisations as every authenticated request reads them (role, disabled, tokens valid
// after, plan), from a bounded in-process cache: a change made in this process is seen at once (the
// writer forgets the entry), a change made by another process within `ttlMs` — as for sessions.
import { LRUCache } from 'lru-cache';
import type { Clock } from '../../clock.js';
import type { Entity } from '../../store/entity-repository.js';
import type { TenantRecord, UserRecord } from '../../store/marketplace-records.js';
import type { Store } from '../../store/store.js';

interface Held<T> {
  entity: Entity<T>;
  readAt: number;
}

/** Bounded, time-limited reads of one kind of entity; only present entities are kept. */
class FreshFor<T> {
  private readonly held = new LRUCache<string, Held<T>>({ max: 50_000 });
  /** Bumped by every `forget`: a read that overlapped a write must not keep what it read. */
  private generation = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** The held entity while it is fresh; undefined when `get` would read. */
  fresh(id: string): Entity<T> | undefined {
    const hit = this.held.get(id);
    return hit && this.clock.now() - hit.readAt < this.ttlMs ? hit.entity : undefined;
  }

  async get(id: string, read: () => Promise<Entity<T> | undefined>): Promise<Entity<T> | undefined> {
    const now = this.clock.now();
    const hit = this.fresh(id);
    if (hit) return hit;
    const generation = this.generation;
    const entity = await read();
    if (entity && this.ttlMs > 0 && generation === this.generation)
      this.held.set(id, { entity, readAt: now });
    else this.held.delete(id);
    return entity;
  }

  forget(id: string): void {
    this.generation++;
    this.held.delete(id);
  }
}

export class AccountCache {
  private readonly users: FreshFor<UserRecord>;
  private readonly tenants: FreshFor<TenantRecord>;

  /** `ttlMs` 0 reads the store every time. */
  constructor(
    private readonly store: Store,
    clock: Clock,
    ttlMs: number,
  ) {
    this.users = new FreshFor(clock, ttlMs);
    this.tenants = new FreshFor(clock, ttlMs);
  }

  /** The user, when it exists and belongs to `tenantId` (read in that tenant's row scope). */
  async user(userId: string, tenantId: string): Promise<Entity<UserRecord> | undefined> {
    const user = await this.users.get(userId, () => this.store.accounts.get(userId, { tenantId }));
    return user?.tenantId === tenantId ? user : undefined;
  }

  /** `user`'s answer when it is held and fresh (no read, no promise); undefined otherwise. */
  freshUser(userId: string, tenantId: string): Entity<UserRecord> | undefined {
    const user = this.users.fresh(userId);
    return user?.tenantId === tenantId ? user : undefined;
  }

  /** `tenant`'s answer when it is held and fresh; undefined otherwise. */
  freshTenant(tenantId: string): Entity<TenantRecord> | undefined {
    return this.tenants.fresh(tenantId);
  }

  tenant(tenantId: string): Promise<Entity<TenantRecord> | undefined> {
    return this.tenants.get(tenantId, () => this.store.tenants.get(tenantId));
  }

  /** Called by every writer of a user in this process, after the write. */
  userChanged(userId: string): void {
    this.users.forget(userId);
  }

  /** Called by every writer of an organisation in this process, after the write. */
  tenantChanged(tenantId: string): void {
    this.tenants.forget(tenantId);
  }
}
