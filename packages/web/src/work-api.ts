// Typed client for the work-orders API (contracts/work.ts): instances, tasks, files, schedules, inbound
// webhooks, jobs and the one inbox. Paths are checked against the contract's route table at compile time.
import type {
  CreateScheduleRequest,
  CreateTaskRequest,
  CreateWebhookRequest,
  InboxAnswerRequest,
  InboxItem,
  InboxListQuery,
  Instance,
  Job,
  Page,
  Schedule,
  StoredFile,
  Task,
  TaskAccepted,
  TaskListQuery,
  Webhook,
  WebhookWithSecret,
  WorkRouteName,
  workRoutes,
} from '@waooaw/server/contracts';
import { fileBase64, json, request, withParams } from './api.js';

export const workPaths = {
  listInstances: '/api/v1/instances',
  getInstance: '/api/v1/instances/:instanceId',
  createTask: '/api/v1/instances/:instanceId/tasks',
  listTasks: '/api/v1/instances/:instanceId/tasks',
  getTask: '/api/v1/tasks/:taskId',
  cancelTask: '/api/v1/tasks/:taskId/cancel',
  rerunTask: '/api/v1/tasks/:taskId/rerun',
  uploadFile: '/api/v1/files',
  listFiles: '/api/v1/files',
  createSchedule: '/api/v1/instances/:instanceId/schedules',
  listSchedules: '/api/v1/instances/:instanceId/schedules',
  pauseSchedule: '/api/v1/schedules/:scheduleId/pause',
  resumeSchedule: '/api/v1/schedules/:scheduleId/resume',
  deleteSchedule: '/api/v1/schedules/:scheduleId',
  createWebhook: '/api/v1/instances/:instanceId/webhooks',
  listWebhooks: '/api/v1/instances/:instanceId/webhooks',
  rotateWebhookSecret: '/api/v1/webhooks/:webhookId/rotate',
  deleteWebhook: '/api/v1/webhooks/:webhookId',
  getJob: '/api/v1/jobs/:jobId',
  listInbox: '/api/v1/inbox',
  answerInboxItem: '/api/v1/inbox/:itemId/answer',
} as const satisfies { [K in WorkRouteName]?: (typeof workRoutes)[K]['path'] };

const auth = { auth: true } as const;
const post = (body: unknown = {}) => ({ method: 'POST', body, auth: true }) as const;
type Q = Record<string, string | number | undefined>;

// ─── instances and tasks ─────────────────────────────────────────────────────────────────────────

export const listInstances = () => json<Page<Instance>>(workPaths.listInstances, auth);
export const getInstance = (instanceId: string) =>
  json<Instance>(withParams(workPaths.getInstance, { instanceId }), auth);
export const createTask = (instanceId: string, body: CreateTaskRequest) =>
  json<TaskAccepted>(withParams(workPaths.createTask, { instanceId }), post(body));
export const listTasks = (instanceId: string, query: TaskListQuery = {}) =>
  json<Page<Task>>(withParams(workPaths.listTasks, { instanceId }, query as Q), auth);
export const getTask = (taskId: string) => json<Task>(withParams(workPaths.getTask, { taskId }), auth);
export const cancelTask = (taskId: string) =>
  json<Task>(withParams(workPaths.cancelTask, { taskId }), post());
export const rerunTask = (taskId: string) =>
  json<TaskAccepted>(withParams(workPaths.rerunTask, { taskId }), post());

// ─── files ───────────────────────────────────────────────────────────────────────────────────────

/** Uploads a file (the server decides its type by content; 413 over the limit, 4xx naming a bad row). */
export const uploadFile = async (file: File) =>
  json<StoredFile>(workPaths.uploadFile, post({ name: file.name, contentBase64: await fileBase64(file) }));
export const listFiles = () =>
  json<Page<StoredFile>>(withParams(workPaths.listFiles, {}, { limit: 50 }), auth);

// ─── schedules and inbound webhooks ──────────────────────────────────────────────────────────────

export const createSchedule = (instanceId: string, body: CreateScheduleRequest) =>
  json<Schedule>(withParams(workPaths.createSchedule, { instanceId }), post(body));
export const listSchedules = (instanceId: string) =>
  json<Page<Schedule>>(withParams(workPaths.listSchedules, { instanceId }), auth);
export const pauseSchedule = (scheduleId: string) =>
  json<Schedule>(withParams(workPaths.pauseSchedule, { scheduleId }), post());
export const resumeSchedule = (scheduleId: string) =>
  json<Schedule>(withParams(workPaths.resumeSchedule, { scheduleId }), post());
export const deleteSchedule = (scheduleId: string) =>
  request(withParams(workPaths.deleteSchedule, { scheduleId }), { method: 'DELETE', auth: true });

export const createWebhook = (instanceId: string, body: CreateWebhookRequest) =>
  json<WebhookWithSecret>(withParams(workPaths.createWebhook, { instanceId }), post(body));
export const listWebhooks = (instanceId: string) =>
  json<Page<Webhook>>(withParams(workPaths.listWebhooks, { instanceId }), auth);
export const rotateWebhookSecret = (webhookId: string) =>
  json<WebhookWithSecret>(withParams(workPaths.rotateWebhookSecret, { webhookId }), post());
export const deleteWebhook = (webhookId: string) =>
  request(withParams(workPaths.deleteWebhook, { webhookId }), { method: 'DELETE', auth: true });

// ─── jobs and the inbox ──────────────────────────────────────────────────────────────────────────

export const getJob = (jobId: string) => json<Job>(withParams(workPaths.getJob, { jobId }), auth);
export const listInbox = (query: InboxListQuery = {}) =>
  json<Page<InboxItem>>(withParams(workPaths.listInbox, {}, query as Q), auth);
export const answerInboxItem = (itemId: string, body: InboxAnswerRequest) =>
  json<InboxItem>(withParams(workPaths.answerInboxItem, { itemId }), post(body));
