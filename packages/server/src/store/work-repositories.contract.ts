// The EntityRepository conformance suite on the work-orders tables (instances, tasks, files), plus the
// tasks' cross-tenant stale query the sweeper uses.
import { DEFAULT_WORKING_HOURS } from './work-instance-ids.js';
import { entityRepositoryConformance, type TestStoreFactory } from './entity-repository.contract.js';
import { trial } from './marketplace-repositories.contract.js';
import type { Store } from './store.js';
import type { FileRecord, InstanceRecord, TaskRecord } from './work-records.js';

async function instance(store: Store, tenantId: string, i: number): Promise<string> {
  const trialId = await trial(store, tenantId, i);
  const id = `${tenantId}-ins${i}`;
  if (!(await store.workInstances.get(id)))
    await store.workInstances.insert({ id, tenantId, data: instanceRecord(trialId) });
  return id;
}

function instanceRecord(trialId: string): InstanceRecord {
  return {
    agentId: 'content-marketing',
    trialId,
    hireId: null,
    runtimeKey: trialId,
    workingHours: DEFAULT_WORKING_HOURS,
  };
}

function taskRecord(instanceId: string, i: number): TaskRecord {
  return {
    instanceId,
    agentId: 'content-marketing',
    skill: 'text.readability',
    status: 'queued',
    source: 'api',
    input: { text: `Draft ${i} with “quotes” and ü`, file: { $file: 'fil_1' } },
    priority: 3,
    progress: { fraction: 0, step: 'queued' },
    summary: null,
    checks: [],
    receipts: [],
    deliverableIds: [],
    inboxItemId: null,
    error: null,
    revisionOf: null,
    revisionComment: null,
    scheduleId: null,
    webhookId: null,
    jobId: null,
    idempotencyKey: `key-${i}`,
    attempts: 1,
    requestedAt: 1000 + i,
    startedAt: null,
    finishedAt: null,
  };
}

export function workRepositoriesConformance(store: string, factory: TestStoreFactory): void {
  entityRepositoryConformance<InstanceRecord, { trialId: string; hireId: string; agentId: string }>(
    `work instances (${store})`,
    factory,
    {
      repo: (s) => s.workInstances,
      tenantOwned: true,
      record: async (s, t, i) => instanceRecord(await trial(s, t, i)),
      change: (r) => ({
        ...r,
        hireId: 'hir_x',
        runtimeKey: 'hir_x',
        workingHours: { ...r.workingHours, start: '08:00' },
      }),
      filter: { field: 'trialId', of: (r) => r.trialId },
      naturalKey: (repo, r) => (repo as Store['workInstances']).getByTrial(r.trialId),
      broken: (r) => ({ ...r, trialId: 'trl_missing' }),
    },
  );

  entityRepositoryConformance<
    TaskRecord,
    { instanceId: string; status: TaskRecord['status']; agentId: string }
  >(`work tasks (${store})`, factory, {
    repo: (s) => s.workTasks,
    tenantOwned: true,
    record: async (s, t, i) => taskRecord(await instance(s, t, i), i),
    change: (r) => ({
      ...r,
      status: 'done',
      progress: { fraction: 1, step: 'delivered' },
      deliverableIds: ['dlv_1'],
      error: { code: 'X', message: 'y' },
      finishedAt: 5000,
    }),
    filter: { field: 'instanceId', of: (r) => r.instanceId },
    naturalKey: async (repo, r) =>
      (await repo.list({ where: { instanceId: r.instanceId }, limit: 1000 })).items.find(
        (e) => e.data.idempotencyKey === r.idempotencyKey,
      ),
    broken: (r) => ({ ...r, instanceId: 'ins_missing' }),
  });

  entityRepositoryConformance<FileRecord, { kind: FileRecord['kind']; sha256: string }>(
    `work files (${store})`,
    factory,
    {
      repo: (s) => s.workFiles,
      tenantOwned: true,
      record: async (_s, _t, i) => ({
        name: `leads-${i}.csv`,
        kind: 'csv',
        mediaType: 'text/csv',
        size: 20 + i,
        sha256: `sha-${i}`,
        columns: ['Company', 'Employees'],
        rows: [[`Acme ${i}`, '12']],
        text: `Company,Employees\nAcme ${i},12\n`,
      }),
      change: (r) => ({ ...r, name: 'renamed.csv' }),
      filter: { field: 'sha256', of: (r) => r.sha256 },
    },
  );
}
