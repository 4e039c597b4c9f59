// The work pages' server data, keyed under ['user', userId, …] like the other signed-in queries (one
// invalidation refreshes them, logging out drops them). Tasks poll only while some are still moving.
import { queryOptions } from '@tanstack/react-query';
import type { Page, Task, TaskStatus } from '@waooaw/server/contracts';
import { getSkillInfo } from '../../api.js';
import {
  getInstance,
  getJob,
  listFiles,
  listInbox,
  listSchedules,
  listTasks,
  listWebhooks,
} from '../../work-api.js';

/** How often moving work (queued or running tasks, open inbox items) is re-read. */
export const WORK_REFRESH_MS = 2000;

const moving: ReadonlySet<TaskStatus> = new Set(['queued', 'running']);

/** Poll while any task is queued or running; stop once all have settled. */
export const whileMoving = (page: Page<Task> | undefined): number | false =>
  page?.items.some((t) => moving.has(t.status)) ? WORK_REFRESH_MS : false;

export const workQueries = {
  instance: (userId: string, instanceId: string) =>
    queryOptions({
      queryKey: ['user', userId, 'instance', instanceId],
      queryFn: () => getInstance(instanceId),
    }),
  tasks: (userId: string, instanceId: string) =>
    queryOptions({
      queryKey: ['user', userId, 'instance', instanceId, 'tasks'],
      queryFn: () => listTasks(instanceId, { limit: 20 }),
    }),
  schedules: (userId: string, instanceId: string) =>
    queryOptions({
      queryKey: ['user', userId, 'instance', instanceId, 'schedules'],
      queryFn: () => listSchedules(instanceId),
    }),
  webhooks: (userId: string, instanceId: string) =>
    queryOptions({
      queryKey: ['user', userId, 'instance', instanceId, 'webhooks'],
      queryFn: () => listWebhooks(instanceId),
    }),
  files: (userId: string) =>
    queryOptions({ queryKey: ['user', userId, 'files'], queryFn: () => listFiles() }),
  job: (userId: string, jobId: string) =>
    queryOptions({ queryKey: ['user', userId, 'job', jobId], queryFn: () => getJob(jobId) }),
  inbox: (userId: string, status: 'open' | 'all') =>
    queryOptions({
      queryKey: ['user', userId, 'inbox', status],
      queryFn: () => listInbox(status === 'open' ? { status: 'open', limit: 50 } : { limit: 50 }),
    }),
  /** A skill's form (labels, controls) — the same description the demo uses; it does not change. */
  skill: (skillId: string) =>
    queryOptions({
      queryKey: ['skills', skillId],
      queryFn: () => getSkillInfo(skillId),
      staleTime: Infinity,
    }),
};
