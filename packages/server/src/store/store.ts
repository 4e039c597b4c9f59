// The Store port: a facade of small repositories plus transaction, migrate and close.
// Implemented once over Kysely (SqlStore) with two dialects: better-sqlite3 (embedded) and pg.
// No driver error crosses this port: adapters translate them (unique violation → CONFLICT,
// connection refused → UNAVAILABLE).
import type { RuntimeBudgetRepository } from './repositories/runtime-budgets.js';
import type { BusOutbox } from '../bus/bus-outbox.js';
import type { ProtocolRepository } from './repositories/workforce-protocol.js';
import type { JobLinkRepository, JobRepository } from './job-repositories.js';
import type { RuntimeDecisionRepository } from './repositories/runtime-decisions.js';
import type { ReputationRepository } from './repositories/workforce-reputation.js';
import type { CoordinatorStateRepository } from './repositories/workforce-coordinators.js';
import type { EngineRepositories } from '../engine/engine-store.js';
import type { AuditRepository } from './repositories/audit-trail.js';
import type { SecretRepository } from './repositories/secrets.js';
import type { InboxItemRepository } from './inbox-repository.js';
import type { TenantDataRepository } from './repositories/tenant-data.js';
import type { MarketplaceRepositories } from './marketplace-repositories.js';
import type { RuntimeWorkRepositories } from './runtime-work-repositories.js';
import type { StoreDialect } from './store-dialect.js';
import type { WorkRepositories } from './work-repositories.js';
import type { ScheduleRepository, WebhookRepository } from './work-trigger-repositories.js';
import type { DeferredWrites, TransactionOptions } from './deferred-writes.js';

export type { StoreDialect } from './store-dialect.js';
export type { DeferredWrites, TransactionOptions } from './deferred-writes.js';

/** One stored document: a JSON value with optimistic-concurrency version and optional idempotency key. */
export interface StoredDocument<T = unknown> {
  collection: string;
  id: string;
  /** Owning tenant; null for platform-wide documents. Reads filtered by tenant never see other tenants' rows. */
  tenantId: string | null;
  /** Idempotency / natural key, unique per collection when present. */
  key: string | null;
  /** Starts at 1, +1 on every update. */
  version: number;
  data: T;
  createdAt: number;
  updatedAt: number;
}

export interface InsertDocument<T> {
  collection: string;
  id: string;
  tenantId?: string | null;
  key?: string | null;
  data: T;
}

export type { Page } from './page-cursor.js';
import type { Page } from './page-cursor.js';
import type { DecisionCostRepository } from './repositories/decision-costs.js';

export interface ListDocumentsOptions {
  tenantId?: string | null;
  /** Opaque cursor from a previous page. A malformed cursor fails with BAD_REQUEST. */
  cursor?: string;
  /** Page size, 1..1000, default 50. */
  limit?: number;
  /** Newest first when 'desc' (default 'asc', by id which is time-ordered). */
  order?: 'asc' | 'desc';
  /**
   * Equality filters on top-level fields of `data` (names: letters, digits, `_`), all of which must
   * hold. Type-strict: the string "1" does not match 1, `true` does not match 1; `null` matches a JSON
   * null or an absent field. A bad field name or value fails with VALIDATION.
   */
  where?: Record<string, string | number | boolean | null>;
}

/**
 * General-purpose document storage, for features whose data has no hot query path of its own.
 * Guarantees: `insert` with a key already used in the collection returns the existing document
 * (`created: false`) instead of failing — idempotent insert; with a duplicate id and no key it
 * fails with CONFLICT. `update` with a stale `expectedVersion` fails with CONFLICT and changes nothing.
 */
export interface DocumentRepository {
  insert<T>(doc: InsertDocument<T>): Promise<{ document: StoredDocument<T>; created: boolean }>;
  get<T>(
    collection: string,
    id: string,
    options?: { tenantId?: string | null },
  ): Promise<StoredDocument<T> | undefined>;
  getByKey<T>(collection: string, key: string): Promise<StoredDocument<T> | undefined>;
  /** Replaces `data`. Without `expectedVersion` the write is last-writer-wins. NOT_FOUND when absent. */
  update<T>(
    collection: string,
    id: string,
    data: T,
    options?: { expectedVersion?: number },
  ): Promise<StoredDocument<T>>;
  /**
   * Reads, applies `fn`, writes with the read version, atomically (the row is locked while `fn` runs,
   * so concurrent modifies queue rather than conflict); retries on CONFLICT up to `attempts`
   * (default 5) — except inside a caller's transaction, which must be retried as a whole. NOT_FOUND
   * when absent; an error thrown by `fn` is rethrown and nothing is written.
   */
  modify<T>(
    collection: string,
    id: string,
    fn: (current: T) => T,
    options?: { attempts?: number },
  ): Promise<StoredDocument<T>>;
  /** Returns whether a row was deleted; CONFLICT on a stale `expectedVersion`. */
  delete(collection: string, id: string, options?: { expectedVersion?: number }): Promise<boolean>;
  list<T>(collection: string, options?: ListDocumentsOptions): Promise<Page<StoredDocument<T>>>;
  count(collection: string, options?: Pick<ListDocumentsOptions, 'tenantId' | 'where'>): Promise<number>;
}

export interface MigrationReport {
  /** Names applied by this call, in order. */
  applied: string[];
  /** Every migration now applied. */
  current: string[];
}

/**
 * The marketplace's typed tables (`store.tenants`, `store.accounts`, `store.trials`…) come from
 * MarketplaceRepositories, the agent runtime's pending work (`store.agentTasks`, `store.escalations`…)
 * from RuntimeWorkRepositories; `documents` holds only data without a query path of its own.
 */
export interface Store extends MarketplaceRepositories, RuntimeWorkRepositories, WorkRepositories {
  readonly dialect: StoreDialect;
  readonly documents: DocumentRepository;
  /** The agent-to-agent protocol: typed message log and durable interactions with deadlines. */
  readonly protocol: ProtocolRepository;
  /** Durable outbox of the in-process bus (publishes, acks, dead letters, consumer groups). */
  readonly busOutbox: BusOutbox;
  /** Agent-runtime budgets and reservations (atomic, never overspent). */
  readonly runtimeBudgets: RuntimeBudgetRepository;
  /** Agent-runtime decision receipts, aggregated for daily reports. */
  readonly runtimeDecisions: RuntimeDecisionRepository;
  /** Spend per agent, tenant, run and day, and the method mix, read from the decision receipts. */
  readonly decisionCosts: DecisionCostRepository;
  /** The workflow engine's repositories (definitions, instances and history, work, messages, tasks) and group commit. */
  readonly engine: EngineRepositories;
  /** Agent reputation: decayed aggregates per agent and the outcome log behind them. */
  readonly reputation: ReputationRepository;
  /** Durable state of the domain coordinators (in-flight assignments, queue, counters). */
  readonly coordinators: CoordinatorStateRepository;
  /** The audit trail's append-only rows (written only through components/security's AuditLog). */
  readonly audit: AuditRepository;
  /** Encrypted secrets (written only through components/security's StoreSecrets). */
  readonly secrets: SecretRepository;
  /** Recurring work of agent instances (work orders, decision 0047). */
  readonly workSchedules: ScheduleRepository;
  /** Signed inbound webhooks of agent instances and their per-tenant rate windows. */
  readonly workWebhooks: WebhookRepository;
  /** Multi-agent jobs and the links from a job to its interactions and tasks. */
  readonly jobs: JobRepository;
  readonly jobLinks: JobLinkRepository;
  /** The one human-in-the-loop inbox (approvals, user tasks, escalations), written by marketplace/inbox. */
  readonly inboxItems: InboxItemRepository;
  /** A tenant's rows across every tenant table, for export and erasure (marketplace/data-rights). */
  readonly tenantData: TenantDataRepository;

  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws (the error
   * is rethrown). Repositories of the `tx` store see and write inside the transaction. Nested calls
   * on a transaction store join the outer transaction. Inside `fn` use only `tx`: the outer store is
   * not part of the transaction (and on SQLite, which has one connection, it fails with INTERNAL
   * rather than deadlock). Serialization failures and deadlocks reject with a retryable CONFLICT.
   * `options` (deferred durability, decision 0089) apply to the outermost transaction only.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Begins a unit of work whose transactions may be deferred (`{ defer: writes }`) and whose last one
   * (`{ closes: writes }`) is durable and fails when a commit failed in between (decision 0089).
   */
  deferWrites(): DeferredWrites;
  /** Applies pending migrations in order; safe to call from several processes at once. */
  migrate(): Promise<MigrationReport>;
  /** Resolves when the database answers; UNAVAILABLE otherwise. */
  ping(): Promise<void>;
  /** Closes connections; the store is unusable afterwards. */
  close(): Promise<void>;
}
