// The customer dashboard in one call: each of the tenant's agents (trial or hired) with its status,
// weekly output and pending approvals, plus totals.
import type { Dashboard, MyAgent } from '../../contracts/contracts.js';
import type { Clock } from '../../clock.js';
import type { Store } from '../../store/store.js';
import type { ApprovalService } from '../approvals/approval-service.js';
import type { CatalogueService } from '../catalogue/catalogue-service.js';
import type { HireService } from '../hires/hire-service.js';
import type { InvoiceService } from '../billing/invoice-service.js';
import type { Principal } from '../principal.js';
import type { TrialService } from '../trials/trial-service.js';
import { listAll } from '../tenant-docs.js';
import { DAY } from '../time.js';

export interface DashboardServiceOptions {
  store: Store;
  clock: Clock;
  catalogue: CatalogueService;
  trials: TrialService;
  hires: HireService;
  invoices: InvoiceService;
  approvals: ApprovalService;
}

export class DashboardService {
  constructor(private readonly o: DashboardServiceOptions) {}

  async get(principal: Principal): Promise<Dashboard> {
    const weekAgo = this.o.clock.now() - 7 * DAY;
    const [trials, deliverables] = await Promise.all([
      listAll(this.o.store.trials, { tenantId: principal.tenantId }),
      listAll(this.o.store.deliverables, { tenantId: principal.tenantId }),
    ]);
    const recent = deliverables.filter((d) => d.createdAt > weekAgo);
    const agents: MyAgent[] = [];
    for (const trial of trials.reverse()) {
      const entry = this.o.catalogue.find(trial.data.agentId);
      const hireDoc = trial.data.hireId
        ? await this.o.hires.forTrial(principal.tenantId, trial.id)
        : undefined;
      const hire = hireDoc ? await this.o.hires.view(hireDoc) : null;
      const mine = (d: (typeof deliverables)[number]) =>
        d.data.trialId === trial.id || (hireDoc !== undefined && d.data.hireId === hireDoc.id);
      agents.push({
        agentId: trial.data.agentId,
        agentName: entry?.name ?? trial.data.agentId,
        instanceName: hire?.instanceName ?? trial.data.setup.instanceName,
        specialty: entry?.specialty ?? '',
        tier: entry?.tier ?? 'standard',
        engagement: hire ? 'hired' : 'trial',
        trial: await this.o.trials.view(trial),
        hire,
        weeklyOutput: recent.filter(mine).length,
        pendingApprovals: deliverables.filter((d) => mine(d) && d.data.status === 'pending_approval').length,
      });
    }
    return {
      agents,
      pendingApprovals: await this.o.approvals.countPending(principal.tenantId),
      deliverablesThisWeek: recent.length,
      openInvoices: await this.o.invoices.countOpen(principal.tenantId),
    };
  }
}
