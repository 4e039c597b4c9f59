// Jobs on the platform's own work orders: the tenant's instances from the instance directory, a job's
// tasks read from the task table, and the job told when one of its tasks has run (its coordinator slot
// freed, Lead Generation's qualified leads handed to the SDR).
import type { Store } from '../../store/store.js';
import type { TaskRecord } from '../../store/work-records.js';
import { listAll } from '../tenant-docs.js';
import type { InstanceRef } from '../work/work-ports.js';
import type { InstanceDirectory } from '../work/instance-directory.js';
import type { JobTaskFinished, JobTaskReader, TenantInstances } from './job-ports.js';

export function directoryInstances(store: Store, directory: InstanceDirectory): TenantInstances {
  return {
    async list(tenantId) {
      // Trials started before their instance row existed get it now, as the instance listing does.
      for (const trial of await listAll(store.trials, { tenantId })) await directory.ensure(trial);
      const refs: InstanceRef[] = [];
      for (const row of await listAll(store.workInstances, { tenantId })) {
        const ref = await directory.get(row.id, tenantId);
        if (ref) refs.push(ref);
      }
      return refs;
    },
  };
}

export function storedJobTasks(store: Store): JobTaskReader {
  return {
    async get(taskId, tenantId) {
      const doc = await store.workTasks.get(taskId, { tenantId });
      if (!doc) return undefined;
      const t = doc.data;
      return {
        id: doc.id,
        agentId: t.agentId,
        skill: t.skill,
        status: t.status,
        summary: t.summary,
        deliverableIds: t.deliverableIds,
        createdAt: doc.createdAt,
        startedAt: t.startedAt,
        finishedAt: t.finishedAt,
      };
    },
  };
}

/**
 * What to tell the job service once task `t` (as stored after it settled) has settled: undefined unless
 * it belongs to a job and has run (done, failed, or delivered and waiting for a human); the output is
 * its first deliverable's. The caller passes the row it already read, so a settle reads it once.
 */
export async function finishedJobTask(
  store: Store,
  tenantId: string,
  taskId: string,
  t: TaskRecord | undefined,
): Promise<JobTaskFinished | undefined> {
  if (!t?.jobId || !['done', 'failed', 'awaiting-approval'].includes(t.status)) return undefined;
  const first = t.deliverableIds[0];
  const deliverable = first ? await store.deliverables.get(first, { tenantId }) : undefined;
  return {
    taskId,
    tenantId,
    jobId: t.jobId,
    agentId: t.agentId,
    skill: t.skill,
    success: t.status !== 'failed',
    ...(deliverable ? { output: deliverable.data.output } : {}),
  };
}
