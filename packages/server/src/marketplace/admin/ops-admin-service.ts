// The operations console's cross-organisation reads (issue 15): organisations with their counts and
// detail, every organisation's hires and invoices, and the agents with their spec versions. Views are
// the customer-facing ones plus the owning organisation, so the console and the customer see alike.
import type {
  AdminAgent,
  AdminHire,
  AdminInvoice,
  AdminTenant,
  AdminTenantDetail,
} from '../../contracts/ops-admin.js';
import type { Page } from '../../contracts/contracts.js';
import { PlatformError } from '../../errors.js';
import type { Entity, EntityRepository } from '../../store/entity-repository.js';
import type { TenantRecord } from '../../store/marketplace-records.js';
import type { Store } from '../../store/store.js';
import { toStaffUser } from '../accounts/staff-service.js';
import type { InvoiceService } from '../billing/invoice-service.js';
import type { AgentStats } from '../catalogue/agent-stats.js';
import type { CatalogueEntry } from '../catalogue/catalogue-entry.js';
import type { HireService } from '../hires/hire-service.js';
import { listAll } from '../tenant-docs.js';
import { iso, isoOrNull } from '../time.js';
import type { TrialService } from '../trials/trial-service.js';

export interface OpsAdminServiceOptions {
  store: Store;
  trials: Pick<TrialService, 'view'>;
  hires: Pick<HireService, 'view'>;
  invoices: Pick<InvoiceService, 'view'>;
  stats: Pick<AgentStats, 'all'>;
  entries: readonly CatalogueEntry[];
}

/** How many organisations a name search reads at most (the console's scale; ids match directly). */
const SEARCH_SCAN = 5000;

interface PageQuery {
  cursor?: string;
  limit: number;
}

interface CrossTenantQuery<S extends string> extends PageQuery {
  status?: S;
  tenantId?: string;
}

/** A page of a typed table across organisations (or one), by status, each row's view with its owner. */
async function crossTenantPage<R, S extends string, V>(
  repo: Pick<EntityRepository<R, { status: S }>, 'list'>,
  query: CrossTenantQuery<S>,
  view: (row: Entity<R>) => Promise<V>,
): Promise<Page<V & { tenantId: string }>> {
  const page = await repo.list({
    order: 'desc',
    limit: query.limit,
    ...(query.tenantId ? { tenantId: query.tenantId } : {}),
    ...(query.status ? { where: { status: query.status } } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  const items = await Promise.all(
    page.items.map(async (row) => ({ ...(await view(row)), tenantId: row.tenantId ?? '' })),
  );
  return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

export class OpsAdminService {
  constructor(private readonly o: OpsAdminServiceOptions) {}

  /** Organisations newest first; `q` matches part of the name (any case) or the exact id. */
  async listTenants(query: PageQuery & { q?: string }): Promise<Page<AdminTenant>> {
    const { store } = this.o;
    if (!query.q) {
      const page = await store.tenants.list({
        order: 'desc',
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return this.tenantPage(page.items, page.nextCursor);
    }
    const needle = query.q.toLowerCase();
    const byId = await store.tenants.get(query.q);
    const found: Array<Entity<TenantRecord>> = byId ? [byId] : [];
    let cursor: string | undefined;
    let scanned = 0;
    do {
      const page = await store.tenants.list({ order: 'desc', limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const t of page.items)
        if (t.id !== byId?.id && t.data.name.toLowerCase().includes(needle)) found.push(t);
      scanned += page.items.length;
      cursor = page.nextCursor;
    } while (cursor && scanned < SEARCH_SCAN && found.length < query.limit);
    return this.tenantPage(found.slice(0, query.limit), undefined);
  }

  /** One organisation with its users, trials and hires; NOT_FOUND when unknown. */
  async tenant(tenantId: string): Promise<AdminTenantDetail> {
    const { store } = this.o;
    const doc = await store.tenants.get(tenantId);
    if (!doc)
      throw new PlatformError('NOT_FOUND', `organisation ${tenantId} not found`, { details: { tenantId } });
    const [users, trials, hires] = await Promise.all([
      listAll(store.accounts, { tenantId }),
      listAll(store.trials, { tenantId }),
      listAll(store.hires, { tenantId }),
    ]);
    return {
      tenant: await this.tenantView(doc),
      users: users.map(toStaffUser),
      trials: await Promise.all(trials.reverse().map((t) => this.o.trials.view(t))),
      hires: await Promise.all(hires.reverse().map((h) => this.o.hires.view(h))),
    };
  }

  /** Every organisation's hires, newest first. */
  async listHires(query: CrossTenantQuery<AdminHire['status']>): Promise<Page<AdminHire>> {
    return crossTenantPage(this.o.store.hires, query, (h) => this.o.hires.view(h));
  }

  /** Every organisation's invoices, newest first. */
  async listInvoices(query: CrossTenantQuery<AdminInvoice['status']>): Promise<Page<AdminInvoice>> {
    return crossTenantPage(this.o.store.invoices, query, (i) => this.o.invoices.view(i));
  }

  /** The catalogue's agents with their spec versions (newest first) and engagement counts. */
  async agents(): Promise<AdminAgent[]> {
    const stats = await this.o.stats.all();
    return this.o.entries.map((e) => {
      const s = stats.get(e.id);
      const versions = [...e.versions]
        .sort((a, b) => (b.releasedAt ?? 0) - (a.releasedAt ?? 0))
        .map((v) => ({ ...v, releasedAt: isoOrNull(v.releasedAt) }));
      return {
        id: e.id,
        name: e.name,
        industry: e.industry,
        specialty: e.specialty,
        tier: e.tier,
        price: e.price,
        lifecycle: e.lifecycle,
        specVersion: versions[0]?.version ?? null,
        versions,
        stats: { trials: s?.trials ?? 0, hires: s?.hires ?? 0, activeHires: s?.activeHires ?? 0 },
      };
    });
  }

  private async tenantPage(docs: Array<Entity<TenantRecord>>, nextCursor: string | undefined) {
    const items = await Promise.all(docs.map((d) => this.tenantView(d)));
    return { items, ...(nextCursor ? { nextCursor } : {}) };
  }

  private async tenantView(doc: Entity<TenantRecord>): Promise<AdminTenant> {
    const { store } = this.o;
    const tenantId = doc.id;
    const [users, trials, hires, invoices] = await Promise.all([
      store.accounts.count({ tenantId }),
      store.trials.count({ tenantId }),
      store.hires.count({ tenantId }),
      store.invoices.count({ tenantId }),
    ]);
    return {
      id: doc.id,
      name: doc.data.name,
      plan: doc.data.plan,
      createdAt: iso(doc.createdAt),
      counts: { users, trials, hires, invoices },
    };
  }
}
