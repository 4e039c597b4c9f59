// The Store port implemented once over Kysely, for SQLite (embedded default) and PostgreSQL.
// Feature repositories live in store/repositories/<feature>-*.ts and are exposed as getters below,
// built lazily once per executor (the root store, or one transaction).
import { CompiledQuery, Kysely, sql, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import { PlatformError } from '../errors.js';
import { systemClock, type Clock } from '../clock.js';
import { migrations as allMigrations } from './migrations/index.js';
import { migrationStatus, runMigrations, type Migration, type MigrationStatus } from './migrator.js';
import { DocumentsRepository } from './repositories/documents-repository.js';
import { BusOutboxRepository } from './repositories/bus-outbox.js';
import type { BusOutbox } from '../bus/bus-outbox.js';
import { RuntimeBudgetsRepository, type RuntimeBudgetRepository } from './repositories/runtime-budgets.js';
import {
  RuntimeDecisionsRepository,
  type RuntimeDecisionRepository,
} from './repositories/runtime-decisions.js';
import { WorkforceProtocolRepository, type ProtocolRepository } from './repositories/workforce-protocol.js';
import {
  WorkforceReputationRepository,
  type ReputationRepository,
} from './repositories/workforce-reputation.js';
import {
  WorkforceCoordinatorsRepository,
  type CoordinatorStateRepository,
} from './repositories/workforce-coordinators.js';
import { AuditTrailRepository, type AuditRepository } from './repositories/audit-trail.js';
import { SecretsRepository, type SecretRepository } from './repositories/secrets.js';
import { SqlTenantData, type TenantDataRepository } from './repositories/tenant-data.js';
import { EngineSqlRepositories } from './repositories/engine-repositories.js';
import {
  SqlRefreshTokens,
  SqlSecretTokens,
  SqlSessions,
  SqlTenants,
  SqlUsers,
} from './repositories/marketplace-accounts.js';
import { SqlActivity, SqlMail } from './repositories/marketplace-feed.js';
import { SqlHires, SqlInvoices, SqlTrials } from './repositories/marketplace-trials.js';
import { SqlApprovals, SqlDeliverables, SqlReviews } from './repositories/marketplace-work.js';
import { SqlJobLinks, SqlJobs } from './repositories/jobs.js';
import type { JobLinkRepository, JobRepository } from './job-repositories.js';
import { SqlInboxItems } from './repositories/inbox-items.js';
import type { InboxItemRepository } from './inbox-repository.js';
import {
  SqlAgentHandoffs,
  SqlAgentTasks,
  SqlDecisionMemory,
  SqlEscalations,
} from './repositories/runtime-work.js';
import type {
  AgentHandoffRepository,
  AgentTaskRepository,
  DecisionMemoryRepository,
  EscalationRepository,
} from './runtime-work-repositories.js';
import type {
  ActivityRepository,
  ApprovalRepository,
  DeliverableRepository,
  HireRepository,
  InvoiceRepository,
  MailRepository,
  RefreshTokenRepository,
  ReviewRepository,
  SecretTokenRepository,
  SessionRepository,
  TenantRepository,
  TrialRepository,
  UserRepository,
} from './marketplace-repositories.js';
import type { EngineRepositories } from '../engine/engine-store.js';
import { SqlWorkFiles, SqlWorkInstances, SqlWorkTasks } from './repositories/work-orders.js';
import type { FileRepository, InstanceRepository, TaskRepository } from './work-repositories.js';
import type { RepositoryFactory, SqlContext, SqlDb } from './sql-context.js';
import { openPostgres, openSqlite, type CommitStats, type SqlStoreOptions } from './sql-dialects.js';
import { isDriverError, translateStoreError, type StoreErrorContext } from './sql-errors.js';
import type { DocumentRepository, MigrationReport, Store, StoreDialect } from './store.js';
import { SqlSchedules } from './repositories/work-schedules.js';
import { rowScopedRepository } from './repositories/row-scoped-repository.js';
import { SqlWebhooks } from './repositories/work-webhooks.js';
import type { ScheduleRepository, WebhookRepository } from './work-trigger-repositories.js';
import { DecisionCostsRepository, type DecisionCostRepository } from './repositories/decision-costs.js';
import { assertNoFailureSince, type DeferredWrites, type TransactionOptions } from './deferred-writes.js';
import { DEFERRED_COMMIT_SQL } from './sqlite-driver.js';

export type {
  SqlStoreOptions,
  SqliteStoreOptions,
  PostgresStoreOptions,
  SqliteSynchronous,
} from './sql-dialects.js';

export interface SqlStoreDeps {
  clock?: Clock;
  /** The migrations `migrate()` applies; all of the platform's by default (tests pass their own). */
  migrations?: readonly Migration[];
}

/** State shared by the root store and every transaction store made from it. */
interface Shared {
  readonly root: SqlDb;
  readonly dialect: StoreDialect;
  readonly clock: Clock;
  readonly errorContext: StoreErrorContext;
  readonly migrations: readonly Migration[];
  readonly commitStats: (() => CommitStats) | undefined;
  readonly failures: () => number;
  readonly rowLevelSecurity: boolean;
  /** SQLite: the driver statements of `executeCompiled` go to directly. */
  readonly driver: Driver | undefined;
  closed: boolean;
}

const DEFERRED_COMMIT = CompiledQuery.raw(DEFERRED_COMMIT_SQL);

export class SqlStore implements Store, SqlContext {
  /** The executor: bound to the transaction inside `transaction()`, to the pool / connection otherwise. */
  readonly db: SqlDb;
  readonly inTransaction: boolean;
  private readonly shared: Shared;
  private readonly repositories = new Map<RepositoryFactory<unknown>, unknown>();
  /** Inside a transaction on SQLite: its connection (the driver's lease), taken from Kysely on first use. */
  private connection: DatabaseConnection | undefined;
  readonly executeCompiled: (<R>(query: CompiledQuery) => Promise<QueryResult<R>>) | undefined;

  /** Use `createSqlStore`; this constructor is for the store itself (transaction stores). */
  constructor(shared: Shared, db: SqlDb, inTransaction: boolean) {
    this.shared = shared;
    this.db = db;
    this.inTransaction = inTransaction;
    this.executeCompiled = shared.driver && ((query) => this.executeDirect(query));
  }

  /**
   * What Kysely's executor does for one statement — take the connection (the transaction's, or one
   * lease of the driver), run the statement, let the connection go — without its promise chain,
   * result plugins (there are none) and per-lease bookkeeping. On SQLite every statement runs
   * synchronously when it is issued, so statements still run in the order they are issued.
   */
  private async executeDirect<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction) {
      this.connection ??= await this.db.getExecutor().provideConnection(async (c) => c);
      return this.connection.executeQuery<R>(query);
    }
    // A closed store: Kysely's own error, as for every other statement.
    const driver = this.shared.driver;
    if (!driver || this.shared.closed) return this.db.executeQuery<R>(query);
    const connection = await driver.acquireConnection();
    try {
      return await connection.executeQuery<R>(query);
    } finally {
      await driver.releaseConnection(connection);
    }
  }

  get dialect(): StoreDialect {
    return this.shared.dialect;
  }

  get clock(): Clock {
    return this.shared.clock;
  }

  get errorContext(): StoreErrorContext {
    return this.shared.errorContext;
  }

  get rowLevelSecurity(): boolean {
    return this.shared.rowLevelSecurity;
  }

  /**
   * The repository `Repo` bound to this executor, built on first use and reused after. Feature
   * getters are one line: `get runs(): RunRepository { return this.repository(EngineRunsRepository); }`.
   */
  repository<R>(Repo: RepositoryFactory<R>): R {
    const cached = this.repositories.get(Repo) as R | undefined;
    if (cached !== undefined) return cached;
    const repo = rowScopedRepository(this, Repo);
    this.repositories.set(Repo, repo);
    return repo;
  }

  get documents(): DocumentRepository {
    return this.repository(DocumentsRepository);
  }

  get protocol(): ProtocolRepository {
    return this.repository(WorkforceProtocolRepository);
  }

  get busOutbox(): BusOutbox {
    return this.repository(BusOutboxRepository);
  }

  get runtimeBudgets(): RuntimeBudgetRepository {
    return this.repository(RuntimeBudgetsRepository);
  }

  get runtimeDecisions(): RuntimeDecisionRepository {
    return this.repository(RuntimeDecisionsRepository);
  }

  get decisionCosts(): DecisionCostRepository {
    return this.repository(DecisionCostsRepository);
  }

  get engine(): EngineRepositories {
    return this.repository(EngineSqlRepositories);
  }

  get reputation(): ReputationRepository {
    return this.repository(WorkforceReputationRepository);
  }

  get coordinators(): CoordinatorStateRepository {
    return this.repository(WorkforceCoordinatorsRepository);
  }

  get audit(): AuditRepository {
    return this.repository(AuditTrailRepository);
  }

  get secrets(): SecretRepository {
    return this.repository(SecretsRepository);
  }

  get workSchedules(): ScheduleRepository {
    return this.repository(SqlSchedules);
  }

  get workWebhooks(): WebhookRepository {
    return this.repository(SqlWebhooks);
  }

  get tenantData(): TenantDataRepository {
    return this.repository(SqlTenantData);
  }

  get tenants(): TenantRepository {
    return this.repository(SqlTenants);
  }

  get accounts(): UserRepository {
    return this.repository(SqlUsers);
  }

  get sessions(): SessionRepository {
    return this.repository(SqlSessions);
  }

  get refreshTokens(): RefreshTokenRepository {
    return this.repository(SqlRefreshTokens);
  }

  get secretTokens(): SecretTokenRepository {
    return this.repository(SqlSecretTokens);
  }

  get trials(): TrialRepository {
    return this.repository(SqlTrials);
  }

  get hires(): HireRepository {
    return this.repository(SqlHires);
  }

  get invoices(): InvoiceRepository {
    return this.repository(SqlInvoices);
  }

  get deliverables(): DeliverableRepository {
    return this.repository(SqlDeliverables);
  }

  get approvals(): ApprovalRepository {
    return this.repository(SqlApprovals);
  }

  get inboxItems(): InboxItemRepository {
    return this.repository(SqlInboxItems);
  }

  get reviews(): ReviewRepository {
    return this.repository(SqlReviews);
  }

  get mail(): MailRepository {
    return this.repository(SqlMail);
  }

  get activity(): ActivityRepository {
    return this.repository(SqlActivity);
  }

  get agentTasks(): AgentTaskRepository {
    return this.repository(SqlAgentTasks);
  }

  get agentHandoffs(): AgentHandoffRepository {
    return this.repository(SqlAgentHandoffs);
  }

  get escalations(): EscalationRepository {
    return this.repository(SqlEscalations);
  }

  get decisionMemory(): DecisionMemoryRepository {
    return this.repository(SqlDecisionMemory);
  }

  get workInstances(): InstanceRepository {
    return this.repository(SqlWorkInstances);
  }

  get workTasks(): TaskRepository {
    return this.repository(SqlWorkTasks);
  }

  get workFiles(): FileRepository {
    return this.repository(SqlWorkFiles);
  }

  get jobs(): JobRepository {
    return this.repository(SqlJobs);
  }

  get jobLinks(): JobLinkRepository {
    return this.repository(SqlJobLinks);
  }

  async transaction<T>(fn: (tx: SqlStore) => Promise<T>, options?: TransactionOptions): Promise<T> {
    if (this.inTransaction) return fn(this);
    this.assertOpen();
    const defer = options?.defer;
    const unit = defer === true ? undefined : (defer ?? options?.closes);
    if (unit) this.assertNoFailureSince(unit);
    // Errors thrown by `fn` are rethrown as they are (driver errors translated); only failures of
    // begin / commit / rollback themselves are translated here.
    let thrown: { error: unknown } | undefined;
    let result: T;
    try {
      result = await this.db.transaction().execute(async (trx) => {
        try {
          if (defer) await trx.executeQuery(DEFERRED_COMMIT);
          return await fn(new SqlStore(this.shared, trx, true));
        } catch (error) {
          thrown = { error };
          throw error;
        }
      });
    } catch (error) {
      if (thrown && error === thrown.error && !isDriverError(error)) throw error;
      throw translateStoreError(error, this.errorContext);
    }
    // Durable now, and so is every commit before it: fine unless one of them was lost meanwhile.
    if (options?.closes) this.assertNoFailureSince(options.closes);
    return result;
  }

  deferWrites(): DeferredWrites {
    return { failuresAtStart: this.shared.failures() };
  }

  private assertNoFailureSince(writes: DeferredWrites): void {
    assertNoFailureSince(writes, this.shared.failures(), this.errorContext.target ?? this.dialect);
  }

  /** SQLite: COMMITs made and the transactions / single writes they carried (group commit); else undefined. */
  commitStats(): CommitStats | undefined {
    return this.shared.commitStats?.();
  }

  async migrate(): Promise<MigrationReport> {
    this.assertRoot('migrate');
    this.assertOpen();
    try {
      return await runMigrations(this.db, this.dialect, this.shared.migrations, this.clock);
    } catch (error) {
      throw translateStoreError(error, this.errorContext);
    }
  }

  /** Applied and pending migration names, changing nothing (for `waooaw doctor` and `migrate --dry-run`). */
  async migrationStatus(): Promise<MigrationStatus> {
    this.assertOpen();
    try {
      return await migrationStatus(this.db, this.dialect, this.shared.migrations);
    } catch (error) {
      throw translateStoreError(error, this.errorContext);
    }
  }

  async ping(): Promise<void> {
    this.assertOpen();
    try {
      await sql`select 1`.execute(this.db);
    } catch (error) {
      const e = translateStoreError(error, this.errorContext);
      throw e.code === 'UNAVAILABLE'
        ? e
        : new PlatformError(
            'UNAVAILABLE',
            `${this.errorContext.target ?? 'Database'} does not answer: ${e.message}`,
            { cause: error },
          );
    }
  }

  async close(): Promise<void> {
    this.assertRoot('close');
    if (this.shared.closed) return;
    this.shared.closed = true;
    try {
      await this.shared.root.destroy();
    } catch (error) {
      throw translateStoreError(error, this.errorContext);
    }
  }

  private assertOpen(): void {
    if (this.shared.closed) {
      throw new PlatformError(
        'UNAVAILABLE',
        `Store is closed (${this.errorContext.target ?? this.dialect})`,
        { retryable: false },
      );
    }
  }

  private assertRoot(operation: string): void {
    if (this.inTransaction) {
      throw new PlatformError('BAD_REQUEST', `${operation}() cannot be called inside a transaction`, {
        details: { operation },
      });
    }
  }
}

/**
 * Opens a SqlStore: SQLite (file created with its parent directory, WAL, busy_timeout, foreign keys,
 * the requested `synchronous`) or PostgreSQL (a pg Pool; nothing connects until the first query —
 * call `ping()` to check reachability). Does not migrate: the platform calls `migrate()` at start-up.
 */
export async function createSqlStore(options: SqlStoreOptions, deps: SqlStoreDeps = {}): Promise<SqlStore> {
  const opened =
    options.dialect === 'sqlite'
      ? openSqlite(options)
      : options.dialect === 'postgres'
        ? openPostgres(options)
        : (() => {
            throw new PlatformError('VALIDATION', "dialect must be 'sqlite' or 'postgres'", {
              details: { field: 'dialect' },
            });
          })();
  const root: SqlDb = new Kysely({ dialect: opened.dialect });
  const shared: Shared = {
    root,
    dialect: options.dialect,
    clock: deps.clock ?? systemClock,
    errorContext: { target: opened.target },
    migrations: deps.migrations ?? allMigrations,
    commitStats: opened.commitStats,
    failures: opened.failures,
    rowLevelSecurity: options.dialect === 'postgres' && options.rowLevelSecurity === true,
    driver: opened.driver,
    closed: false,
  };
  return new SqlStore(shared, root, false);
}
