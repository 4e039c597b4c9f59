// Recurring work of an agent instance (issue 13 item 4): a task template (skill + input) on a cron or a
// phrase, in the instance's time zone and optionally its working hours; paused, resumed, deleted; the
// next runs shown. Firing is the ScheduleWorker's.
import type { Clock } from '../../../clock.js';
import type { CreateScheduleRequest, Schedule } from '../../../contracts/work.js';
import type { Ids } from '../../../ids.js';
import type { Entity } from '../../../store/entity-repository.js';
import type { Page } from '../../../store/store.js';
import type { ScheduleRecord, ScheduleRepository } from '../../../store/work-trigger-repositories.js';
import type { Principal } from '../../principal.js';
import type { InstanceLookup } from '../work-ports.js';
import { parseSchedulePhrase } from './schedule-phrase.js';
import { checkCron, checkTimezone, nextFire, upcomingFires, type ScheduleTiming } from './schedule-times.js';
import {
  checkTriggerLimit,
  iso,
  isoOrNull,
  listTriggers,
  ownTrigger,
  triggerInstance,
} from './trigger-support.js';

export const MAX_SCHEDULES_PER_INSTANCE = 20;
const SHOWN_RUNS = 5;

export interface ScheduleServiceDeps {
  schedules: ScheduleRepository;
  instances: InstanceLookup;
  clock: Clock;
  ids: Ids;
}

export const scheduleTiming = (s: ScheduleRecord): ScheduleTiming => ({
  cron: s.cron,
  timezone: s.timezone,
  workingHours: s.withinWorkingHours ? s.workingHours : null,
});

export class ScheduleService {
  constructor(private readonly deps: ScheduleServiceDeps) {}

  private view(e: Entity<ScheduleRecord>): Schedule {
    const s = e.data;
    const next = s.status === 'active' ? s.nextFireAt : null;
    const runs = next === null ? [] : [next, ...upcomingFires(scheduleTiming(s), next, SHOWN_RUNS - 1)];
    return {
      id: e.id,
      instanceId: s.instanceId,
      skill: s.skill,
      label: s.label,
      input: s.input,
      cron: s.cron,
      description: `${s.description} (${s.timezone})${s.withinWorkingHours ? ', within working hours' : ''}`,
      timezone: s.timezone,
      withinWorkingHours: s.withinWorkingHours,
      status: s.status,
      nextRuns: runs.map(iso),
      lastRunAt: isoOrNull(s.lastRunAt),
      lastTaskId: s.lastTaskId,
      lastError: s.lastError,
      createdAt: iso(e.createdAt),
    };
  }

  async create(caller: Principal, instanceId: string, request: CreateScheduleRequest): Promise<Schedule> {
    const instance = await triggerInstance(this.deps.instances, instanceId, caller.tenantId);
    const { cron, description } =
      request.every !== undefined
        ? parseSchedulePhrase(request.every)
        : { cron: checkCron(request.cron ?? ''), description: '' };
    const timezone = instance.workingHours.timezone;
    checkTimezone(timezone, 'workingHours.timezone');
    await checkTriggerLimit(
      this.deps.schedules,
      'schedule',
      instanceId,
      caller.tenantId,
      MAX_SCHEDULES_PER_INSTANCE,
    );
    const record: ScheduleRecord = {
      instanceId,
      agentId: instance.agentId,
      skill: request.skill,
      label: request.label ?? null,
      input: request.input,
      cron,
      description: description || `Cron "${cron}"`,
      timezone,
      withinWorkingHours: request.withinWorkingHours ?? true,
      workingHours: instance.workingHours,
      status: 'active',
      nextFireAt: null,
      lastRunAt: null,
      lastTaskId: null,
      pendingTaskId: null,
      lastError: null,
      createdBy: caller.userId,
    };
    record.nextFireAt = nextFire(scheduleTiming(record), this.deps.clock.now()) ?? null;
    const { entity } = await this.deps.schedules.insert({
      id: this.deps.ids.next('sdl'),
      tenantId: caller.tenantId,
      data: record,
    });
    return this.view(entity);
  }

  async list(
    caller: Principal,
    instanceId: string,
    page: { cursor?: string; limit: number },
  ): Promise<Page<Schedule>> {
    return listTriggers(
      this.deps.instances,
      this.deps.schedules,
      (e) => this.view(e),
      caller.tenantId,
      instanceId,
      page,
    );
  }

  /** Stops firing; runs that fall due while paused are skipped, not caught up on resume. */
  async pause(caller: Principal, id: string): Promise<Schedule> {
    await ownTrigger(this.deps.schedules, 'schedule', id, caller.tenantId);
    const e = await this.deps.schedules.modify(id, (s) => ({ ...s, status: 'paused', nextFireAt: null }));
    return this.view(e);
  }

  /** Fires again from the next run after now. */
  async resume(caller: Principal, id: string): Promise<Schedule> {
    await ownTrigger(this.deps.schedules, 'schedule', id, caller.tenantId);
    const now = this.deps.clock.now();
    const e = await this.deps.schedules.modify(id, (s) =>
      s.status === 'active'
        ? s
        : { ...s, status: 'active', nextFireAt: nextFire(scheduleTiming(s), now) ?? null },
    );
    return this.view(e);
  }

  async delete(caller: Principal, id: string): Promise<void> {
    await ownTrigger(this.deps.schedules, 'schedule', id, caller.tenantId);
    await this.deps.schedules.remove(id, caller.tenantId);
  }
}
