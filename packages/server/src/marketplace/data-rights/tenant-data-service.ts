// A tenant's data rights (issue 15): export everything the store holds for it as JSON, and erase it —
// sessions, tokens, mail and secrets deleted; the users' emails and names, the organisation's and
// business names replaced by pseudonyms wherever they appear (trials, deliverables, workflow data…);
// the accounts kept, disabled, so ids in the audit trail still resolve. The trail names people by id
// or by email pseudonym only (components/security/pseudonym.ts), so it is kept as it is.
import type { TenantErasure, TenantExport } from '../../contracts/operations.js';
import type { Clock } from '../../clock.js';
import { PlatformError } from '../../errors.js';
import type { Store } from '../../store/store.js';
import type { RowScope, TenantRow } from '../../store/repositories/tenant-data.js';
import type { AccountCache } from '../accounts/account-cache.js';
import { hashPassword } from '../accounts/password-hasher.js';
import { newSecretToken } from '../accounts/secret-token.js';
import { listAll } from '../tenant-docs.js';
import { iso } from '../time.js';

/** Columns never exported: password hashes and encrypted secret material. */
const WITHHELD = new Set(['password_hash', 'ciphertext', 'wrapped_key']);
/** Rows removed outright on erasure (the rest are kept with personal strings replaced). */
const DELETED = ['mkt_refresh_tokens', 'mkt_sessions', 'mkt_secret_tokens', 'mkt_mail', 'secrets'];
/** Shorter strings are not replaced: they would match inside unrelated words. */
const MIN_IDENTIFIER = 3;

function parsedColumns(row: TenantRow): TenantRow {
  const out: TenantRow = {};
  for (const [k, v] of Object.entries(row)) {
    if (WITHHELD.has(k)) continue;
    if (typeof v === 'string' && /^\s*[[{]/.test(v)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // Text that merely starts like JSON.
      }
    }
    out[k] = v;
  }
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class TenantDataService {
  constructor(
    private readonly o: {
      store: Store;
      clock: Clock;
      passwordHashCost?: { N: number; r: number; p: number };
      /** The request path's view of users and organisations, told of the erasure. */
      accountCache?: AccountCache;
    },
  ) {}

  /** Every row the tenant owns and every row of its workflow instances, by table; NOT_FOUND for an unknown tenant. */
  async export(tenantId: string): Promise<TenantExport> {
    await this.tenant(tenantId);
    const tables: TenantExport['tables'] = {};
    for (const [table, scope] of await this.scopes(tenantId)) {
      const rows = await this.o.store.tenantData.rows(table, scope);
      if (rows.length) tables[table] = rows.map(parsedColumns);
    }
    return { format: 'waooaw-tenant-export/1', tenantId, exportedAt: iso(this.o.clock.now()), tables };
  }

  /** Where the tenant's rows are: its own (`tenant_id`), then its workflow instances' rows. */
  private async scopes(tenantId: string): Promise<Array<[string, RowScope]>> {
    const instances = (await listAll(this.o.store.trials, { tenantId }))
      .map((t) => t.data.workflowInstanceId)
      .filter((id): id is string => id !== null);
    const out: Array<[string, RowScope]> = [];
    for (const t of await this.o.store.tenantData.tables()) {
      if (t.name === 'mkt_tenants' || t.columns.includes('tenant_id')) out.push([t.name, { tenantId }]);
      else if (t.columns.includes('instance_id'))
        out.push([t.name, { column: 'instance_id', values: instances }]);
      else if (t.name.startsWith('engine_variable') && t.columns.includes('owner'))
        out.push([t.name, { column: 'owner', values: instances }]);
    }
    return out;
  }

  /**
   * Erases the tenant's personal data in one transaction. PRECONDITION_FAILED for the platform's own
   * organisation; erasing twice is harmless (nothing personal is left to find).
   */
  async erase(tenantId: string): Promise<TenantErasure> {
    const tenant = await this.tenant(tenantId);
    if (tenant.data.plan === 'internal')
      throw new PlatformError('PRECONDITION_FAILED', 'The platform’s own organisation cannot be erased', {
        details: { reason: 'internal-tenant' },
      });
    const { store } = this.o;
    const users = await listAll(store.accounts, { tenantId });
    const trials = await listAll(store.trials, { tenantId });
    const pseudonym = `erased-${tenantId}`;
    // Longest first, so an email is replaced whole before a name inside it.
    const identifiers = new Map<string, string>();
    for (const u of users) {
      identifiers.set(u.data.email, `erased-${u.id}@erased.invalid`);
      identifiers.set(u.data.name, 'Erased user');
    }
    identifiers.set(tenant.data.name, 'Erased organisation');
    for (const t of trials) identifiers.set(t.data.setup.business.companyName, 'Erased organisation');
    const replacements = [...identifiers]
      .filter(([from]) => from.trim().length >= MIN_IDENTIFIER && !from.startsWith('erased-'))
      .sort(([a], [b]) => b.length - a.length)
      .map(([from, to]): [RegExp, string] => [new RegExp(escapeRegExp(from), 'gi'), to]);
    const unusable = await Promise.all(
      users.map(() =>
        this.o.passwordHashCost
          ? hashPassword(newSecretToken(), this.o.passwordHashCost)
          : hashPassword(newSecretToken()),
      ),
    );
    const now = this.o.clock.now();
    const counts: Record<string, number> = {};
    const scopes = await this.scopes(tenantId);
    await store.tenantData.erasing(() =>
      store.transaction(async (tx) => {
        for (const [table] of scopes.filter(([t]) => DELETED.includes(t))) {
          const n = await tx.tenantData.deleteRows(table, tenantId);
          if (n) counts[table] = n;
        }
        const scoped = new Set(scopes.map(([t]) => t));
        for (const [table, scope] of scopes.filter(([t]) => !DELETED.includes(t))) {
          const n = await tx.tenantData.replaceText(table, scope, replacements);
          if (n) counts[table] = n;
        }
        // Elsewhere (bus messages, agent conversations…) rows are not attributable to a tenant, but its
        // emails are: those are replaced wherever they appear.
        const emails = users.map((u) => u.data.email);
        const byEmail = replacements.filter(([re]) => emails.some((e) => re.source === escapeRegExp(e)));
        for (const t of (await tx.tenantData.tables()).filter((t) => !scoped.has(t.name))) {
          const n = await tx.tenantData.replaceText(t.name, { mentions: emails }, byEmail);
          if (n) counts[t.name] = n;
        }
        for (const [i, u] of users.entries())
          await tx.accounts.modify(u.id, (r) => ({
            ...r,
            passwordHash: unusable[i]!,
            emailVerifiedAt: null,
            disabledAt: r.disabledAt ?? now,
            tokensValidAfter: Math.ceil(now / 1000) * 1000,
          }));
        await tx.tenants.modify(tenantId, (t) => ({ ...t, publicActivity: false }));
      }),
    );
    for (const u of users) this.o.accountCache?.userChanged(u.id);
    this.o.accountCache?.tenantChanged(tenantId);
    return { tenantId, pseudonym, tables: counts, erasedAt: iso(now) };
  }

  private async tenant(tenantId: string) {
    const tenant = await this.o.store.tenants.get(tenantId);
    if (!tenant)
      throw new PlatformError('NOT_FOUND', `Organisation ${tenantId} not found`, { details: { tenantId } });
    return tenant;
  }
}
