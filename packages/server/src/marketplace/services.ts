// Builds the marketplace's services from the injected platform pieces. Kept apart from the HTTP
// registration so other features (agent runtime, CLI) can use the services directly.
import { AccountCache } from './accounts/account-cache.js';
import { AccountService } from './accounts/account-service.js';
import { ActivityService } from './activity/activity-service.js';
import { APPROVAL_SOURCE, ApprovalService } from './approvals/approval-service.js';
import { createManualInvoiceBilling } from './billing/manual-invoice-billing.js';
import { InvoiceService } from './billing/invoice-service.js';
import { AgentStats } from './catalogue/agent-stats.js';
import { CatalogueService } from './catalogue/catalogue-service.js';
import { DashboardService } from './dashboard/dashboard-service.js';
import { DeliverableService } from './deliverables/deliverable-service.js';
import { DemoService } from './demo/demo-service.js';
import { defaultLimits, type MarketplaceDeps, type MarketplaceLimits } from './deps.js';
import { HireService } from './hires/hire-service.js';
import { InboxService } from './inbox/inbox-service.js';
import { approvalInboxSource } from './inbox/sources/approval-source.js';
import type { Mailer } from './mail/mailer.js';
import { MailOutbox } from './mail/mail-outbox.js';
import { ReviewService } from './reviews/review-service.js';
import { StaffService } from './accounts/staff-service.js';
import { TenantDataService } from './data-rights/tenant-data-service.js';
import { TrialService } from './trials/trial-service.js';
import { OpsAdminService } from './admin/ops-admin-service.js';
import { skillRegistry } from '../skills/registry.js';
import { createLoginGuard } from '../components/security/login-guard.js';
import { DocumentThrottleStore } from '../components/security/throttle-stores.js';

export interface MarketplaceServices {
  accounts: AccountService;
  /** Operators and admins: create, change role, disable (issue 15). */
  staff: StaffService;
  /** A tenant's export and erasure (issue 15). */
  dataRights: TenantDataService;
  /** The operations console's cross-organisation reads (issue 15). */
  admin: OpsAdminService;
  mailer: Mailer;
  outbox: MailOutbox;
  catalogue: CatalogueService;
  stats: AgentStats;
  activity: ActivityService;
  reviews: ReviewService;
  demo: DemoService;
  deliverables: DeliverableService;
  approvals: ApprovalService;
  /** The one human-in-the-loop inbox; other sources register on it in platform.ts. */
  inbox: InboxService;
  trials: TrialService;
  hires: HireService;
  invoices: InvoiceService;
  dashboard: DashboardService;
  limits: MarketplaceLimits;
}

export async function createMarketplaceServices(deps: MarketplaceDeps): Promise<MarketplaceServices> {
  const { store, bus, clock, ids, config, logger } = deps;
  const options = deps.options ?? {};
  const limits: MarketplaceLimits = { ...defaultLimits, ...options.limits };
  const publicUrl = config.http.publicUrl;
  const { tokens, mailer } = deps;
  const entries = deps.catalogue;
  const stats = new AgentStats(store);
  // One view of users and organisations for the request path, told of changes by every service here.
  const accountCache = new AccountCache(store, clock, config.auth.sessionCheckSeconds * 1000);
  const accounts = new AccountService({
    store,
    logger,
    clock,
    ids,
    tokens,
    mailer,
    // Counts in the store, so every API process sharing the database shares them.
    loginGuard:
      options.loginGuard ??
      createLoginGuard(config, { store: new DocumentThrottleStore(store.documents), clock }),
    accessTokenTtlSeconds: config.auth.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: config.auth.refreshTokenTtlSeconds,
    sessionCheckTtlMs: config.auth.sessionCheckSeconds * 1000,
    cache: accountCache,
    ...(publicUrl ? { publicUrl } : {}),
    ...(options.passwordHashCost ? { passwordHashCost: options.passwordHashCost } : {}),
  });
  const byId = new Map(entries.map((e) => [e.id, e]));
  const agentName = (id: string) => byId.get(id)?.name ?? id;
  const activity = new ActivityService({ store, bus, clock, ids, logger, agentInfo: (id) => byId.get(id) });
  const reviews = new ReviewService({ store, clock, ids, stats, activity });
  const catalogue = new CatalogueService({ entries, stats, reviews, activity, clock, config, limits });
  const inbox = new InboxService({ store, clock, ids, bus, logger });
  const approvals = new ApprovalService({
    store,
    clock,
    ids,
    activity,
    inbox,
    slaHours: limits.approvalSlaHours,
    agentName,
  });
  inbox.registerSource(APPROVAL_SOURCE, approvalInboxSource(approvals));
  const deliverables = new DeliverableService({
    store,
    logger,
    clock,
    ids,
    stats,
    activity,
    mailer,
    approvals,
    agentName,
    skillTitle: (id) => skillRegistry.get(id)?.title ?? id,
  });
  const trials = new TrialService({
    store,
    clock,
    ids,
    logger,
    limits,
    catalogue,
    stats,
    activity,
    deliverables,
    approvals,
    mailer,
    timeline: deps.timelines.trials,
    skills: deps.skills,
    ...(publicUrl ? { publicUrl } : {}),
  });
  const billing = options.billing ?? createManualInvoiceBilling({ clock, ids, settings: config.billing });
  const invoices = new InvoiceService({ store, billing, settings: config.billing });
  const hires = new HireService({
    store,
    clock,
    ids,
    logger,
    catalogue,
    trials,
    accounts,
    stats,
    activity,
    reviews,
    billing,
    invoices,
    mailer,
    timeline: deps.timelines.hires,
    ...(publicUrl ? { publicUrl } : {}),
  });
  const demo = new DemoService({ store, clock, catalogue, stats, limits });
  const dashboard = new DashboardService({ store, clock, catalogue, trials, hires, invoices, approvals });
  return {
    accounts,
    staff: new StaffService({
      store,
      clock,
      ids,
      mailer,
      accountCache,
      ...(publicUrl ? { publicUrl } : {}),
      ...(options.passwordHashCost ? { passwordHashCost: options.passwordHashCost } : {}),
    }),
    dataRights: new TenantDataService({
      store,
      clock,
      accountCache,
      ...(options.passwordHashCost ? { passwordHashCost: options.passwordHashCost } : {}),
    }),
    admin: new OpsAdminService({ store, trials, hires, invoices, stats, entries }),
    mailer,
    outbox: new MailOutbox(store),
    catalogue,
    stats,
    activity,
    reviews,
    demo,
    deliverables,
    approvals,
    inbox,
    trials,
    hires,
    invoices,
    dashboard,
    limits,
  };
}
