// Ports of the work-orders tables: instances, tasks and files, each an EntityRepository filtered on
// indexed columns, plus the tasks' cross-tenant query for the durability sweeper.
import type { Entity, EntityRepository } from './entity-repository.js';
import type { TaskStatus } from '../contracts/work.js';
import type { FileRecord, InstanceRecord, TaskRecord } from './work-records.js';

/** Instances; one per trial (a trial's hire shares it): inserting a trial's second returns the first. */
export interface InstanceRepository extends EntityRepository<
  InstanceRecord,
  { trialId: string; hireId: string; agentId: string }
> {
  getByTrial(trialId: string): Promise<Entity<InstanceRecord> | undefined>;
}

/** Tasks; an idempotency key repeated for the same instance returns the task that holds it. */
export interface TaskRepository extends EntityRepository<
  TaskRecord,
  { instanceId: string; status: TaskStatus; agentId: string }
> {
  /** Tasks of any tenant in `statuses` last requested before `before`, oldest request first. */
  listStale(
    statuses: readonly TaskStatus[],
    before: number,
    limit: number,
  ): Promise<Array<Entity<TaskRecord>>>;
}

export type FileRepository = EntityRepository<FileRecord, { kind: FileRecord['kind']; sha256: string }>;

export interface WorkRepositories {
  readonly workInstances: InstanceRepository;
  readonly workTasks: TaskRepository;
  readonly workFiles: FileRepository;
}
