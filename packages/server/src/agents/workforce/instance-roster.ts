// Keeps the agent runtime's instances in step with the marketplace: every working trial or hire of a
// registered agent type is a runtime instance (same id, named by the customer, never by a made-up
// human name) that wakes on events and schedules; one that stops working is paused, so an extended
// trial or a resumed hire can pick up again.
import { isPlatformError, toPlatformError } from '../../errors.js';
import type { Logger } from '../../components/observability/logger.js';
import type { AgentRuntime } from '../../runtime/agent-runtime.js';
import type { PersonalityInput } from '../../runtime/personality.js';
import type { WorkforceInstance, WorkforceInstanceSource } from './workforce-ports.js';

export interface RosterSyncReport {
  /** Newly hired in this runtime. */
  hired: string[];
  /** Paused again and now resumed. */
  resumed: string[];
  /** No longer working: paused. */
  paused: string[];
  /** Already hired by another worker process (it wakes there). */
  elsewhere: string[];
  /** Could not be hired (logged), e.g. an agent type without a spec. */
  failed: string[];
}

export interface InstanceRosterOptions {
  runtime: AgentRuntime;
  source: WorkforceInstanceSource;
  /** Agent types the workforce registered. */
  agentTypes: ReadonlySet<string>;
  logger: Logger;
}

/** The runtime personality of a marketplace instance: the customer's name and approval choice. */
export function personalityOf(instance: WorkforceInstance): PersonalityInput {
  return {
    name: instance.instanceName,
    approvalMode: instance.approvalMode,
    notificationChannel: instance.notify?.channel === 'email' ? 'email' : 'dashboard',
  };
}

export class InstanceRoster {
  /** Working instances as last seen, by id. */
  private readonly active = new Map<string, WorkforceInstance>();
  private readonly elsewhere = new Set<string>();
  private running: Promise<RosterSyncReport> | undefined;
  private again = false;

  constructor(private readonly o: InstanceRosterOptions) {}

  /** The instance as last synchronised (undefined when not working or not yet seen). */
  known(instanceId: string): WorkforceInstance | undefined {
    return this.active.get(instanceId);
  }

  /** The tenant's working instance of an agent (a hire before a trial), as last synchronised. */
  find(tenantId: string, agentId: string): WorkforceInstance | undefined {
    let found: WorkforceInstance | undefined;
    for (const i of this.active.values()) {
      if (i.tenantId !== tenantId || i.agentId !== agentId) continue;
      if (i.kind === 'hire') return i;
      found ??= i;
    }
    return found;
  }

  /** Whether this process's runtime holds the instance (and so can wake it and run its tasks). */
  isLocal(instanceId: string): boolean {
    return this.o.runtime.list().some((i) => i.id === instanceId);
  }

  /**
   * Reconciles once. Concurrent calls share the sync in progress and one more runs after it, so a
   * change seen during a sync is never lost.
   */
  sync(): Promise<RosterSyncReport> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = (async () => {
      let report: RosterSyncReport;
      do {
        this.again = false;
        report = await this.reconcile();
      } while (this.again);
      return report;
    })().finally(() => {
      this.running = undefined;
    });
    this.running = run;
    return run;
  }

  /** Makes sure one instance is hired here (before running a task for it); false when it is not working. */
  async ensure(instance: WorkforceInstance): Promise<boolean> {
    this.active.set(instance.id, instance);
    const report = emptyReport();
    await this.adopt(instance, report);
    return this.isLocal(instance.id);
  }

  private async reconcile(): Promise<RosterSyncReport> {
    const report = emptyReport();
    const working = await this.o.source.listActive();
    const seen = new Set<string>();
    for (const instance of working) {
      if (!this.o.agentTypes.has(instance.agentId)) {
        if (!this.active.has(instance.id))
          this.o.logger.warn(
            { instanceId: instance.id, agentId: instance.agentId },
            'working instance of an agent without a spec; not woken',
          );
        report.failed.push(instance.id);
        continue;
      }
      seen.add(instance.id);
      this.active.set(instance.id, instance);
      await this.adopt(instance, report);
    }
    for (const local of this.o.runtime.list()) {
      if (!this.o.agentTypes.has(local.agentType) || seen.has(local.id)) continue;
      this.active.delete(local.id);
      if (local.lifecycle === 'paused' || local.lifecycle === 'retired' || local.lifecycle === 'created')
        continue;
      try {
        await this.o.runtime.pause(local.id, 'workforce');
        report.paused.push(local.id);
      } catch (err) {
        this.o.logger.warn({ err, instanceId: local.id }, 'could not pause an instance that stopped working');
      }
    }
    return report;
  }

  private async adopt(instance: WorkforceInstance, report: RosterSyncReport): Promise<void> {
    const local = this.o.runtime.list().find((i) => i.id === instance.id);
    try {
      if (!local) {
        if (this.elsewhere.has(instance.id)) return;
        await this.o.runtime.hire({
          agentType: instance.agentId,
          tenantId: instance.tenantId,
          instanceId: instance.id,
          personality: personalityOf(instance),
          by: 'workforce',
        });
        report.hired.push(instance.id);
      } else if (local.lifecycle === 'paused') {
        await this.o.runtime.resume(instance.id, 'workforce');
        report.resumed.push(instance.id);
      }
    } catch (err) {
      if (!local && isPlatformError(err, 'CONFLICT')) {
        // The stored instance was hired by another worker process after this one started: it wakes
        // and works there; this process loads it at its next start.
        this.elsewhere.add(instance.id);
        report.elsewhere.push(instance.id);
        return;
      }
      report.failed.push(instance.id);
      this.o.logger.warn(
        { err: toPlatformError(err), instanceId: instance.id },
        'could not hire a working instance',
      );
    }
  }
}

function emptyReport(): RosterSyncReport {
  return { hired: [], resumed: [], paused: [], elsewhere: [], failed: [] };
}
