// Reports on one hired instance: the daily report (built from what the instance stored that day)
// and its publication as a `daily-report` deliverable in Markdown.
import type { Store } from '../store/store.js';
import type { AgentInstances } from './agent-instances.js';
import { buildDailyReport, type DailyReport } from './daily-report.js';
import type { ArtifactStore, ArtifactSummary } from './artifact-store.js';
import { displayName } from './personality.js';

export interface InstanceReportsDeps {
  store: Store;
  instances: AgentInstances;
  artifacts: ArtifactStore;
  /** Currency the report's costs are in. */
  currency: string;
}

export class InstanceReports {
  constructor(private readonly deps: InstanceReportsDeps) {}

  /** The report for one UTC day (`YYYY-MM-DD`; VALIDATION otherwise). NOT_FOUND for an unknown instance. */
  async daily(instanceId: string, date: string): Promise<DailyReport> {
    const instance = this.deps.instances.get(instanceId);
    return buildDailyReport(this.deps.store, {
      agentId: instance.id,
      displayName: displayName(instance.personality, this.deps.instances.agentOf(instance).specialisation),
      date,
      currency: this.deps.currency,
    });
  }

  /** Builds the report and stores it as a `daily-report` deliverable (Markdown). */
  async publishDaily(
    instanceId: string,
    date: string,
  ): Promise<{ report: DailyReport; deliverable: ArtifactSummary }> {
    const report = await this.daily(instanceId, date);
    const instance = this.deps.instances.get(instanceId);
    const deliverable = await this.deps.artifacts.create({
      agentId: instance.id,
      tenantId: instance.tenantId,
      type: 'daily-report',
      title: report.title,
      mimeType: 'text/markdown',
      content: report.markdown,
      producedBy: 'deterministic',
      metadata: { date },
    });
    return { report, deliverable };
  }
}
