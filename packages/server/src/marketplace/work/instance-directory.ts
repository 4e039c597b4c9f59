// The tenant's agent instances (decision 0047): one per trial, kept by the hire it converts into. A row
// is made the first time the instance is needed (and by migration 0101 for older trials); its status,
// name, plan and approval mode are read from the engagement, so they never drift from it. The runtime
// is not re-keyed: `runtimeKey` is the id the workforce knows the instance by (trial, then hire id).
import type { Page } from '../../contracts/contracts.js';
import type {
  Instance,
  InstanceStatus,
  TaskStatus,
  UpdateInstanceRequest,
  WorkingHours,
} from '../../contracts/work.js';
import type { Clock } from '../../clock.js';
import { PlatformError } from '../../errors.js';
import type { Entity } from '../../store/entity-repository.js';
import type { HireRecord, TrialRecord } from '../../store/marketplace-records.js';
import type { Store } from '../../store/store.js';
import { DEFAULT_WORKING_HOURS, instanceIdOf } from '../../store/work-instance-ids.js';
import type { InstanceRecord } from '../../store/work-records.js';
import type { Principal } from '../principal.js';
import { listAll } from '../tenant-docs.js';
import { iso } from '../time.js';
import type { AgentSkills } from './agent-work-ports.js';
import { describeSkill } from './skill-descriptions.js';
import type { InstanceLookup, InstanceRef } from './work-ports.js';

export interface InstanceDirectoryOptions {
  store: Store;
  clock: Clock;
  skills: AgentSkills;
  /** The agent's display name (the catalogue's). */
  agentName(agentId: string): string;
  /** Grace after a trial's end, during which its instance keeps its work but takes none. */
  graceMs: number;
}

/** An instance with the engagement it stands for. */
export interface ResolvedInstance {
  entity: Entity<InstanceRecord>;
  tenantId: string;
  trial: Entity<TrialRecord>;
  hire: Entity<HireRecord> | undefined;
  status: InstanceStatus;
  /** Why it takes no work (paused or ended). */
  reason: string | null;
}

const COUNTED: Array<[TaskStatus, keyof Instance['taskCounts']]> = [
  ['queued', 'queued'],
  ['running', 'running'],
  ['awaiting-approval', 'awaitingApproval'],
  ['done', 'done'],
  ['failed', 'failed'],
];

export class InstanceDirectory implements InstanceLookup {
  constructor(private readonly o: InstanceDirectoryOptions) {}

  private get store() {
    return this.o.store;
  }

  /** The instance row of a trial, made (or brought up to date with its hire) when needed. */
  async ensure(trial: Entity<TrialRecord>): Promise<Entity<InstanceRecord>> {
    const hireId = trial.data.hireId;
    const runtimeKey = hireId ?? trial.id;
    const existing = await this.store.workInstances.get(instanceIdOf(trial.id));
    if (existing) {
      if (existing.data.hireId === hireId && existing.data.runtimeKey === runtimeKey) return existing;
      return this.store.workInstances.modify(existing.id, (r) => ({ ...r, hireId, runtimeKey }));
    }
    const { entity } = await this.store.workInstances.insert({
      id: instanceIdOf(trial.id),
      tenantId: trial.tenantId,
      data: {
        agentId: trial.data.agentId,
        trialId: trial.id,
        hireId,
        runtimeKey,
        workingHours: DEFAULT_WORKING_HOURS,
      },
    });
    return entity;
  }

  /** The instance with its engagement; undefined when absent or (with `tenantId`) another tenant's. */
  async resolve(instanceId: string, tenantId?: string): Promise<ResolvedInstance | undefined> {
    if (!/^ins_[A-Za-z0-9_-]+$/.test(instanceId)) return undefined;
    const trial = await this.store.trials.get(
      `trl_${instanceId.slice(4)}`,
      tenantId === undefined ? {} : { tenantId },
    );
    if (!trial?.tenantId) return undefined;
    const entity = await this.ensure(trial);
    const hire = trial.data.hireId ? await this.store.hires.get(trial.data.hireId) : undefined;
    return { entity, tenantId: trial.tenantId, trial, hire, ...this.statusOf(trial, hire) };
  }

  /** The runtime key → instance id (the workforce's instance ids are trial or hire ids). */
  async byRuntimeKey(runtimeKey: string): Promise<Entity<InstanceRecord> | undefined> {
    const trial = await this.store.trials.get(runtimeKey);
    if (trial) return this.ensure(trial);
    const hire = await this.store.hires.get(runtimeKey);
    const hiredTrial = hire ? await this.store.trials.get(hire.data.trialId) : undefined;
    return hiredTrial ? this.ensure(hiredTrial) : undefined;
  }

  async get(instanceId: string, tenantId?: string): Promise<InstanceRef | undefined> {
    const r = await this.resolve(instanceId, tenantId);
    if (!r) return undefined;
    return {
      id: r.entity.id,
      tenantId: r.tenantId,
      agentId: r.entity.data.agentId,
      status: r.status,
      trialId: r.trial.id,
      hireId: r.hire?.id ?? null,
      workingHours: r.entity.data.workingHours,
    };
  }

  /** NOT_FOUND unless the caller's tenant owns it. */
  async owned(principal: Principal, instanceId: string): Promise<ResolvedInstance> {
    const r = await this.resolve(instanceId, principal.tenantId);
    if (!r)
      throw new PlatformError('NOT_FOUND', `instance ${instanceId} does not exist`, {
        details: { instanceId },
      });
    return r;
  }

  /** The tenant's instances, newest first (every trial has one). */
  async list(principal: Principal, query: { cursor?: string; limit: number }): Promise<Page<Instance>> {
    for (const trial of await listAll(this.store.trials, { tenantId: principal.tenantId })) {
      if (!(await this.store.workInstances.get(instanceIdOf(trial.id)))) await this.ensure(trial);
    }
    const page = await this.store.workInstances.list({
      tenantId: principal.tenantId,
      order: 'desc',
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    const items: Instance[] = [];
    for (const e of page.items) {
      const r = await this.resolve(e.id, principal.tenantId);
      if (r) items.push(await this.view(r));
    }
    return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  async view(r: ResolvedInstance): Promise<Instance> {
    const { entity, trial, hire } = r;
    const counts = await Promise.all(
      COUNTED.map(([status]) =>
        this.store.workTasks.count({ tenantId: r.tenantId, where: { instanceId: entity.id, status } }),
      ),
    );
    const taskCounts = Object.fromEntries(
      COUNTED.map(([, key], i) => [key, counts[i] ?? 0]),
    ) as Instance['taskCounts'];
    const b = trial.data.budget;
    return {
      id: entity.id,
      agentId: entity.data.agentId,
      agentName: this.o.agentName(entity.data.agentId),
      name: hire?.data.instanceName ?? trial.data.setup.instanceName,
      status: r.status,
      engagement: hire ? 'hired' : 'trial',
      trialId: trial.id,
      hireId: hire?.id ?? null,
      plan: hire?.data.plan ?? null,
      approvalMode: trial.data.setup.approvalMode,
      workingHours: entity.data.workingHours,
      budget: hire
        ? { spent: { amount: 0, currency: 'USD' }, limit: null, runs: taskCounts.done, runLimit: null }
        : {
            spent: { amount: b.costUsedUsd, currency: 'USD' },
            limit: { amount: b.costLimitUsd, currency: 'USD' },
            runs: b.runsUsed,
            runLimit: b.runLimit,
          },
      taskCounts,
      skills: this.o.skills.skillsOf(entity.data.agentId).map(describeSkill),
      createdAt: iso(entity.createdAt),
    };
  }

  /** Working hours live on the instance; the approval mode is the engagement's (its trial's setup). */
  async update(principal: Principal, instanceId: string, body: UpdateInstanceRequest): Promise<Instance> {
    const r = await this.owned(principal, instanceId);
    const hours: WorkingHours | undefined = body.workingHours;
    if (hours) await this.store.workInstances.modify(r.entity.id, (i) => ({ ...i, workingHours: hours }));
    const mode = body.approvalMode;
    if (mode)
      await this.store.trials.modify(r.trial.id, (t) => ({
        ...t,
        setup: { ...t.setup, approvalMode: mode },
      }));
    return this.view(await this.owned(principal, instanceId));
  }

  private statusOf(
    trial: Entity<TrialRecord>,
    hire: Entity<HireRecord> | undefined,
  ): { status: InstanceStatus; reason: string | null } {
    if (hire) {
      if (hire.data.status === 'active') return { status: 'active', reason: null };
      if (hire.data.status === 'paused')
        return { status: 'paused', reason: 'the hire is paused; resume it to give the agent work' };
      return { status: 'ended', reason: 'the hire was cancelled' };
    }
    const t = trial.data;
    if (t.status === 'PROVISIONING' || t.status === 'ACTIVE') {
      const now = this.o.clock.now();
      if (now < t.endsAt) return { status: 'active', reason: null };
      if (now < t.endsAt + this.o.graceMs)
        return {
          status: 'paused',
          reason: 'the trial has ended and is in its grace period; hire the agent to go on',
        };
      return { status: 'ended', reason: 'the trial has ended' };
    }
    if (t.status === 'CANCELLED') return { status: 'ended', reason: 'the trial was cancelled' };
    return { status: 'ended', reason: 'the trial has ended' };
  }
}
