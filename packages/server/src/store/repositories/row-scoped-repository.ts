// Repositories that do not set a row scope themselves, made to work under PostgreSQL row-level security:
// each of their calls runs in a transaction with the explicit bypass of system work (migrations 0096,
// 0145). `SqlEntityTable`'s own calls scope themselves (a tenant named → that tenant); only a subclass's
// extra methods are wrapped. Off row-level security, repositories are returned as they are.
import type { RepositoryFactory, SqlContext } from '../sql-context.js';
import { AuditTrailRepository } from './audit-trail.js';
import { DocumentsRepository } from './documents-repository.js';
import { SqlEntityTable } from './entity-table.js';
import { SqlJobLinks } from './jobs.js';
import { BYPASS, withRowScope } from './row-scope.js';
import { RuntimeBudgetsRepository } from './runtime-budgets.js';
import { RuntimeDecisionsRepository } from './runtime-decisions.js';
import { SecretsRepository } from './secrets.js';
import { SqlTenantData } from './tenant-data.js';

/**
 * The repositories over tenant-owned tables whose rows are read and written by the platform's own
 * workers (budgets, decisions, documents, secrets, the audit trail, data rights, job links). Each
 * keeps its own `tenant_id` filters; the database confines only what runs in a tenant's scope.
 */
const SYSTEM_WORK: ReadonlySet<RepositoryFactory<unknown>> = new Set<RepositoryFactory<unknown>>([
  AuditTrailRepository,
  DocumentsRepository,
  RuntimeBudgetsRepository,
  RuntimeDecisionsRepository,
  SecretsRepository,
  SqlTenantData,
  SqlJobLinks,
]);

const SELF_SCOPED = new Set(Object.getOwnPropertyNames(SqlEntityTable.prototype));

/** Whether `Repo` touches tenant-owned tables without setting a row scope of its own. */
export function needsRowScope(Repo: RepositoryFactory<unknown>): boolean {
  return SYSTEM_WORK.has(Repo) || Repo.prototype instanceof SqlEntityTable;
}

/**
 * `new Repo(ctx)`, whose methods (those `SqlEntityTable` defines excepted) each run in a transaction
 * under the bypass scope when `ctx` is under row-level security. Every method of such a repository
 * returns a promise, so wrapping one in a transaction changes nothing but the scope.
 */
export function rowScopedRepository<R>(ctx: SqlContext, Repo: RepositoryFactory<R>): R {
  const repo = new Repo(ctx);
  if (!ctx.rowLevelSecurity || !needsRowScope(Repo as RepositoryFactory<unknown>)) return repo;
  const entity = repo instanceof SqlEntityTable;
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(repo as R & object, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || (entity && typeof name === 'string' && SELF_SCOPED.has(name)))
        return value;
      let fn = wrapped.get(name);
      if (!fn) {
        fn = (...args: unknown[]) =>
          withRowScope(ctx, BYPASS, (tx) =>
            (value as (...a: unknown[]) => Promise<unknown>).apply(new Repo(tx), args),
          );
        wrapped.set(name, fn);
      }
      return fn;
    },
  });
}
