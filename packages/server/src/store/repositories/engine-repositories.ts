// The engine's repositories over SQL, as one facade (`store.engine`): built once per executor by
// SqlStore, each sub-repository bound to the same executor (root store or transaction).
import type {
  CommitBatch,
  CommitResult,
  DefinitionRepository,
  EngineRepositories,
  ExternalJobRepository,
  InstanceRepository,
  MessageRepository,
  SharedVariableRepository,
  UserTaskRepository,
  WorkRepository,
} from '../../engine/engine-store.js';
import type { SqlContext } from '../sql-context.js';
import { commitBatch } from './engine-commit.js';
import { EngineDefinitionsRepository } from './engine-definitions.js';
import { EngineExternalJobsRepository } from './engine-external-jobs.js';
import { EngineInstancesRepository } from './engine-instances.js';
import { EngineMessagesRepository } from './engine-messages.js';
import { EngineUserTasksRepository } from './engine-user-tasks.js';
import { EngineVariablesRepository } from './engine-variables.js';
import { EngineWorkRepository } from './engine-work.js';

export class EngineSqlRepositories implements EngineRepositories {
  readonly definitions: DefinitionRepository;
  readonly instances: InstanceRepository;
  readonly work: WorkRepository;
  readonly messages: MessageRepository;
  readonly userTasks: UserTaskRepository;
  readonly variables: SharedVariableRepository;
  readonly externalJobs: ExternalJobRepository;

  /** SQLite has one writer; PostgreSQL overlaps a few group commits so round trips do not serialise. */
  readonly commitConcurrency: number;

  constructor(private readonly ctx: SqlContext) {
    this.commitConcurrency = ctx.dialect === 'postgres' ? 4 : 1;
    this.definitions = new EngineDefinitionsRepository(ctx);
    this.instances = new EngineInstancesRepository(ctx);
    this.work = new EngineWorkRepository(ctx);
    this.messages = new EngineMessagesRepository(ctx);
    this.userTasks = new EngineUserTasksRepository(ctx);
    this.variables = new EngineVariablesRepository(ctx);
    this.externalJobs = new EngineExternalJobsRepository(ctx);
  }

  commit(batch: CommitBatch): Promise<CommitResult> {
    return commitBatch(this.ctx, batch);
  }
}
