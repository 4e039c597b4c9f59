// Builds the work-orders services (instances, tasks, files) over their ports; platform.ts fills the
// ports from the workforce and starts / stops the task sweeper with its other workers.
import type { Clock } from '../../clock.js';
import type { Ids } from '../../ids.js';
import type { Logger } from '../../components/observability/logger.js';
import type { Store } from '../../store/store.js';
import type { AgentSkills, TaskRunner } from './agent-work-ports.js';
import type { InboxPoster } from './work-ports.js';
import { FileService, type FileParser } from './file-service.js';
import { InstanceDirectory } from './instance-directory.js';
import { TaskService } from './task-service.js';

export interface WorkOrdersDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  skills: AgentSkills;
  runner: TaskRunner;
  agentName(agentId: string): string;
  graceMs: number;
  /** Reads uploads by their content (inputs/uploaded-file.ts). */
  parseFile: FileParser;
  maxFileBytes?: number;
  /** Where a task the spent budget stopped asks a human (see budget-policy.ts). */
  inbox?: InboxPoster;
  /** The sweeper's lease (see TaskService). */
  leaseMs?: number;
}

export interface WorkOrders {
  instances: InstanceDirectory;
  tasks: TaskService;
  files: FileService;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createWorkOrders(deps: WorkOrdersDeps): WorkOrders {
  const instances = new InstanceDirectory({
    store: deps.store,
    clock: deps.clock,
    skills: deps.skills,
    agentName: deps.agentName,
    graceMs: deps.graceMs,
  });
  const files = new FileService({
    store: deps.store,
    ids: deps.ids,
    parse: deps.parseFile,
    ...(deps.maxFileBytes === undefined ? {} : { maxBytes: deps.maxFileBytes }),
  });
  const tasks = new TaskService({
    store: deps.store,
    clock: deps.clock,
    ids: deps.ids,
    logger: deps.logger,
    instances,
    skills: deps.skills,
    runner: deps.runner,
    files,
    ...(deps.inbox === undefined ? {} : { inbox: deps.inbox }),
    ...(deps.leaseMs === undefined ? {} : { leaseMs: deps.leaseMs }),
  });
  return {
    instances,
    tasks,
    files,
    async start() {
      tasks.start();
    },
    stop: () => tasks.stop(),
  };
}
