// The work-orders HTTP contract (issue 13): agent instances, tasks on the customer's own input and files,
// recurring schedules, signed inbound webhooks, multi-agent jobs and the one human-in-the-loop inbox.
// Same conventions as contracts.ts: ISO-8601 `…At` timestamps, `{items, nextCursor?}` pages, errors as
// `{error:{code,message,details}}`. Imports nothing but zod and contracts.ts, so the web imports it as-is.
import { z } from 'zod';
import {
  ApprovalModeSchema,
  CursorSchema,
  IdSchema,
  LimitSchema,
  MoneySchema,
  SkillCheckSchema,
  TimestampSchema,
  pageSchema,
} from './contracts.js';

// ─── instances ───────────────────────────────────────────────────────────────────────────────────

/**
 * `active`: takes work; `paused`: a paused hire or a trial in grace, keeps its work but takes none;
 * `ended`: the trial ended or the hire was cancelled — history and deliverables stay readable.
 */
export const InstanceStatusSchema = z.enum(['active', 'paused', 'ended']);
export type InstanceStatus = z.infer<typeof InstanceStatusSchema>;

export const WorkingHoursSchema = z.object({
  /** IANA time zone, e.g. `Asia/Kolkata`. */
  timezone: z.string().min(1).max(64),
  /** ISO weekdays the agent works, 1 = Monday … 7 = Sunday. */
  days: z.array(z.int().min(1).max(7)).min(1).max(7),
  /** Local start and end of the working day, `HH:MM` (24 h). */
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'),
  end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM'),
});
export type WorkingHours = z.infer<typeof WorkingHoursSchema>;

export const InstanceSkillSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  /** JSON Schema of the skill's input (the web builds the "new task" form from it). */
  inputSchema: z.record(z.string(), z.unknown()),
  /** Input fields that accept an uploaded file (`{"$file": "<fileId>"}`) and what the file becomes. */
  fileFields: z.array(z.object({ field: z.string(), accepts: z.enum(['table', 'text']) })),
  /** A ready-to-run example input. */
  exampleInput: z.unknown(),
});
export type InstanceSkill = z.infer<typeof InstanceSkillSchema>;

export const InstanceSchema = z.object({
  /** Stable for the life of the engagement: a trial converted to a hire keeps it. */
  id: IdSchema,
  agentId: z.string(),
  agentName: z.string(),
  /** The customer's label for it (the setup wizard's instance name). */
  name: z.string(),
  status: InstanceStatusSchema,
  engagement: z.enum(['trial', 'hired']),
  trialId: IdSchema.nullable(),
  hireId: IdSchema.nullable(),
  /** The hire's plan, when hired. */
  plan: z.enum(['monthly', 'annual']).nullable(),
  approvalMode: ApprovalModeSchema,
  workingHours: WorkingHoursSchema,
  /** Spend against the instance's budget (the trial's cap, or the plan's monthly budget). */
  budget: z.object({
    spent: MoneySchema,
    limit: MoneySchema.nullable(),
    runs: z.int(),
    runLimit: z.int().nullable(),
  }),
  taskCounts: z.object({
    queued: z.int(),
    running: z.int(),
    awaitingApproval: z.int(),
    done: z.int(),
    failed: z.int(),
  }),
  skills: z.array(InstanceSkillSchema),
  createdAt: TimestampSchema,
});
export type Instance = z.infer<typeof InstanceSchema>;
export const InstancePageSchema = pageSchema(InstanceSchema);

export const UpdateInstanceRequestSchema = z
  .object({ workingHours: WorkingHoursSchema.optional(), approvalMode: ApprovalModeSchema.optional() })
  .refine((v) => v.workingHours !== undefined || v.approvalMode !== undefined, {
    message: 'nothing to update',
  });
export type UpdateInstanceRequest = z.input<typeof UpdateInstanceRequestSchema>;

export const InstanceParamsSchema = z.object({ instanceId: IdSchema });

// ─── tasks ───────────────────────────────────────────────────────────────────────────────────────

export const TaskStatusSchema = z.enum([
  'queued',
  'running',
  'awaiting-approval',
  'done',
  'failed',
  'cancelled',
]);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

/** Where a task came from. */
export const TaskSourceSchema = z.enum([
  'api',
  'schedule',
  'webhook',
  'job',
  'coordinator',
  'revision',
  'handoff',
]);
export type TaskSource = z.infer<typeof TaskSourceSchema>;

export const CreateTaskRequestSchema = z.object({
  /** A skill of the instance's agent (see the instance's `skills`). */
  skill: z.string().min(1).max(100),
  /**
   * The skill's input, checked against its schema. Any value may be `{"$file": "<fileId>"}`: an
   * uploaded table becomes its rows, a document its text.
   */
  input: z.record(z.string(), z.unknown()),
  /** 1 (lowest) … 5 (critical), default 3. */
  priority: z.int().min(1).max(5).optional(),
  /** Idempotency: the same key for the same instance answers with the task already created. */
  idempotencyKey: z.string().min(1).max(200).optional(),
});
export type CreateTaskRequest = z.input<typeof CreateTaskRequestSchema>;

export const TaskAcceptedSchema = z.object({ taskId: IdSchema, status: TaskStatusSchema });
export type TaskAccepted = z.infer<typeof TaskAcceptedSchema>;

/** One decision the runtime recorded for the task (tier, confidence, cost, reason). */
export const TaskReceiptSchema = z.object({
  decisionId: IdSchema,
  method: z.enum(['cache', 'rules', 'memory', 'model', 'offline', 'human']),
  confidence: z.number(),
  cost: MoneySchema,
  reason: z.string(),
  at: TimestampSchema,
});
export type TaskReceipt = z.infer<typeof TaskReceiptSchema>;

export const TaskSchema = z.object({
  id: IdSchema,
  instanceId: IdSchema,
  agentId: z.string(),
  skill: z.string(),
  skillTitle: z.string(),
  status: TaskStatusSchema,
  source: TaskSourceSchema,
  /** What the customer gave (file references kept as `{"$file": id}`). */
  input: z.record(z.string(), z.unknown()),
  priority: z.int(),
  /** 0…1 with the step the agent is on. */
  progress: z.object({ fraction: z.number().min(0).max(1), step: z.string() }),
  summary: z.string().nullable(),
  checks: z.array(SkillCheckSchema),
  receipts: z.array(TaskReceiptSchema),
  deliverableIds: z.array(IdSchema),
  /** The inbox item waiting on a human, while `awaiting-approval`. */
  inboxItemId: IdSchema.nullable(),
  /** Set on failure: a plain-language reason plus the machine code. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** The task this one revises (a MODIFY answer), and the comment it carries. */
  revisionOf: IdSchema.nullable(),
  revisionComment: z.string().nullable(),
  scheduleId: IdSchema.nullable(),
  webhookId: IdSchema.nullable(),
  jobId: IdSchema.nullable(),
  attempts: z.int(),
  createdAt: TimestampSchema,
  startedAt: TimestampSchema.nullable(),
  finishedAt: TimestampSchema.nullable(),
});
export type Task = z.infer<typeof TaskSchema>;
export const TaskPageSchema = pageSchema(TaskSchema);

export const TaskListQuerySchema = z.object({
  status: TaskStatusSchema.optional(),
  cursor: CursorSchema.optional(),
  limit: LimitSchema,
});
export type TaskListQuery = z.input<typeof TaskListQuerySchema>;

export const TaskParamsSchema = z.object({ taskId: IdSchema });

// ─── files ───────────────────────────────────────────────────────────────────────────────────────

/** What an uploaded file was recognised as, by its content (never by its name alone). */
export const FileKindSchema = z.enum(['csv', 'xlsx', 'html', 'markdown', 'text', 'pdf']);
export type FileKind = z.infer<typeof FileKindSchema>;

/** An upload: the file's name and its bytes, base64-encoded (the type is decided by the content). */
export const UploadFileRequestSchema = z.object({
  name: z.string().trim().min(1).max(200),
  contentBase64: z.string().min(1).max(16_000_000),
});
export type UploadFileRequest = z.input<typeof UploadFileRequestSchema>;

export const StoredFileSchema = z.object({
  id: IdSchema,
  name: z.string(),
  kind: FileKindSchema,
  mediaType: z.string(),
  size: z.int(),
  sha256: z.string(),
  /** Tables: the header row and the number of data rows. */
  columns: z.array(z.string()).nullable(),
  rows: z.int().nullable(),
  /** Documents: characters of extracted text. */
  textLength: z.int().nullable(),
  createdAt: TimestampSchema,
});
export type StoredFile = z.infer<typeof StoredFileSchema>;
export const StoredFilePageSchema = pageSchema(StoredFileSchema);

// ─── schedules ───────────────────────────────────────────────────────────────────────────────────

export const CreateScheduleRequestSchema = z
  .object({
    skill: z.string().min(1).max(100),
    /** The task input each run gets (may reference files). */
    input: z.record(z.string(), z.unknown()),
    /** A 5-field cron expression in the instance's time zone… */
    cron: z.string().min(9).max(120).optional(),
    /** …or a plain phrase: `every weekday at 9`, `every day at 18:30`, `every monday at 10`, `every hour`. */
    every: z.string().min(5).max(80).optional(),
    /** Skip runs outside the instance's working hours (they move to the next working slot). Default true. */
    withinWorkingHours: z.boolean().optional(),
    label: z.string().trim().min(1).max(80).optional(),
  })
  .refine((v) => (v.cron === undefined) !== (v.every === undefined), {
    message: 'give exactly one of cron or every',
    path: ['cron'],
  });
export type CreateScheduleRequest = z.input<typeof CreateScheduleRequestSchema>;

export const ScheduleSchema = z.object({
  id: IdSchema,
  instanceId: IdSchema,
  skill: z.string(),
  label: z.string().nullable(),
  input: z.record(z.string(), z.unknown()),
  /** The cron expression it runs on (phrases are stored as their cron). */
  cron: z.string(),
  /** How a person would say it, e.g. "Every weekday at 09:00 (Asia/Kolkata)". */
  description: z.string(),
  timezone: z.string(),
  withinWorkingHours: z.boolean(),
  status: z.enum(['active', 'paused']),
  /** The next few runs. */
  nextRuns: z.array(TimestampSchema),
  lastRunAt: TimestampSchema.nullable(),
  lastTaskId: IdSchema.nullable(),
  /** Why the last run created no task (the instance was paused, the input no longer valid…). */
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: TimestampSchema,
});
export type Schedule = z.infer<typeof ScheduleSchema>;
export const SchedulePageSchema = pageSchema(ScheduleSchema);
export const ScheduleParamsSchema = z.object({ scheduleId: IdSchema });

// ─── inbound webhooks ────────────────────────────────────────────────────────────────────────────

export const CreateWebhookRequestSchema = z.object({
  skill: z.string().min(1).max(100),
  /** Fixed input merged under each event's payload (the payload's fields win). */
  input: z.record(z.string(), z.unknown()).optional(),
  /**
   * Task input field → dotted path in the event body (`{"leads": "data.contacts"}`). Without it the
   * body's own top-level fields are the input.
   */
  mapping: z
    .record(
      z.string().min(1).max(100),
      z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+){0,9}$/, 'a dotted path such as data.email'),
    )
    .optional(),
  label: z.string().trim().min(1).max(80).optional(),
});
export type CreateWebhookRequest = z.input<typeof CreateWebhookRequestSchema>;

export const WebhookSchema = z.object({
  id: IdSchema,
  instanceId: IdSchema,
  skill: z.string(),
  label: z.string().nullable(),
  /** Where the external system posts: `POST {url}` with the signature headers. */
  url: z.string(),
  /** Field mapping from event to task input (null: the body's fields). */
  mapping: z.record(z.string(), z.string()).nullable(),
  status: z.enum(['active', 'disabled']),
  /** The secret's last characters, to tell which one a sender holds; the secret is shown only once. */
  secretHint: z.string(),
  /** Events accepted, duplicates ignored, and refused for a bad signature. */
  counts: z.object({ accepted: z.int(), duplicates: z.int(), badSignature: z.int() }),
  lastEventAt: TimestampSchema.nullable(),
  createdAt: TimestampSchema,
  secretRotatedAt: TimestampSchema,
});
export type Webhook = z.infer<typeof WebhookSchema>;
export const WebhookPageSchema = pageSchema(WebhookSchema);
export const WebhookParamsSchema = z.object({ webhookId: IdSchema });

/** Answer of create and rotate: the signing secret, shown this once only. */
export const WebhookWithSecretSchema = WebhookSchema.extend({
  secret: z.string(),
  /** How to sign: `X-Waooaw-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`. */
  signing: z.object({ signatureHeader: z.string(), timestampHeader: z.string(), eventIdHeader: z.string() }),
});
export type WebhookWithSecret = z.infer<typeof WebhookWithSecretSchema>;

export const WEBHOOK_HEADERS = {
  signature: 'x-waooaw-signature',
  timestamp: 'x-waooaw-timestamp',
  eventId: 'x-waooaw-event-id',
} as const;

export const WebhookEventAcceptedSchema = z.object({
  accepted: z.literal(true),
  taskId: IdSchema,
  duplicate: z.boolean(),
});
export type WebhookEventAccepted = z.infer<typeof WebhookEventAcceptedSchema>;

// ─── multi-agent jobs ────────────────────────────────────────────────────────────────────────────

export const JobKindSchema = z.enum(['campaign', 'request']);
export type JobKind = z.infer<typeof JobKindSchema>;

export const CreateJobRequestSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('campaign'),
    /** What the campaign is about; the blog, social and email agents take it from here. */
    brief: z.object({
      product: z.string().trim().min(1).max(200),
      audience: z.string().trim().min(1).max(300),
      goal: z.string().trim().min(1).max(300),
      launchDate: z.iso.date().optional(),
    }),
  }),
  z.object({
    kind: z.literal('request'),
    /** "Describe what you need": the domain coordinator routes it to the right agent(s). */
    description: z.string().trim().min(10).max(4000),
    /** Restrict routing to one domain; inferred from the text when absent. */
    domain: z.enum(['marketing', 'education', 'sales']).optional(),
    input: z.record(z.string(), z.unknown()).optional(),
  }),
]);
export type CreateJobRequest = z.input<typeof CreateJobRequestSchema>;

export const JobStatusSchema = z.enum([
  'running',
  'awaiting-approval',
  'done',
  'failed',
  'cancelled',
  'compensated',
]);
export type JobStatus = z.infer<typeof JobStatusSchema>;

/** One entry of a job's timeline: a routing decision, a task, a consult, a handoff, an escalation, an approval. */
export const JobEventSchema = z.object({
  at: TimestampSchema,
  kind: z.enum([
    'routed',
    'task-started',
    'task-finished',
    'consult',
    'consult-answered',
    'handoff',
    'handoff-accepted',
    'escalation',
    'approval',
    'compensated',
    'note',
  ]),
  /** Agent ids involved (from → to for consults and handoffs). */
  from: z.string().nullable(),
  to: z.string().nullable(),
  summary: z.string(),
  taskId: IdSchema.nullable(),
  correlationId: z.string().nullable(),
});
export type JobEvent = z.infer<typeof JobEventSchema>;

export const JobSchema = z.object({
  id: IdSchema,
  kind: JobKindSchema,
  title: z.string(),
  status: JobStatusSchema,
  /** The workflow instance running it (campaign jobs). */
  workflowInstanceId: z.string().nullable(),
  taskIds: z.array(IdSchema),
  deliverableIds: z.array(IdSchema),
  timeline: z.array(JobEventSchema),
  createdAt: TimestampSchema,
  finishedAt: TimestampSchema.nullable(),
});
export type Job = z.infer<typeof JobSchema>;
export const JobPageSchema = pageSchema(JobSchema.omit({ timeline: true }));
export const JobParamsSchema = z.object({ jobId: IdSchema });

// ─── the human-in-the-loop inbox ─────────────────────────────────────────────────────────────────

/**
 * Everything that waits on a human, one concept: a deliverable to approve, an engine user task, a runtime
 * escalation (budget exhausted, low confidence, a model answer that failed validation) or a protocol
 * escalation (a consult or handoff whose deadline passed).
 */
export const InboxKindSchema = z.enum(['approval', 'user-task', 'escalation', 'question']);
export type InboxKind = z.infer<typeof InboxKindSchema>;

export const InboxReasonSchema = z.enum([
  'review-all',
  'spec-requires-review',
  'workflow-approval',
  'budget-exhausted',
  'low-confidence',
  'invalid-model-output',
  'deadline-passed',
  'agent-question',
  'budget-alert',
]);
export type InboxReason = z.infer<typeof InboxReasonSchema>;

export const InboxStatusSchema = z.enum(['open', 'approved', 'rejected', 'modified', 'expired', 'withdrawn']);
export type InboxStatus = z.infer<typeof InboxStatusSchema>;

export const InboxItemSchema = z.object({
  id: IdSchema,
  kind: InboxKindSchema,
  reason: InboxReasonSchema,
  status: InboxStatusSchema,
  /** Null for an escalation of a platform agent that serves no customer: operators only. */
  tenantId: IdSchema.nullable(),
  instanceId: IdSchema.nullable(),
  agentId: z.string().nullable(),
  taskId: IdSchema.nullable(),
  jobId: IdSchema.nullable(),
  deliverableId: IdSchema.nullable(),
  title: z.string(),
  /** What the human is asked, in words (Markdown). */
  body: z.string(),
  /** Which answers make sense here. */
  actions: z.array(z.enum(['approve', 'reject', 'modify'])),
  /** Decision expected by; past due items escalate up the chain (level 0 = the customer). */
  dueAt: TimestampSchema,
  escalationLevel: z.int().min(0),
  answer: z
    .object({
      decision: z.enum(['approve', 'reject', 'modify']),
      comment: z.string().nullable(),
      by: IdSchema,
      at: TimestampSchema,
    })
    .nullable(),
  createdAt: TimestampSchema,
});
export type InboxItem = z.infer<typeof InboxItemSchema>;
export const InboxPageSchema = pageSchema(InboxItemSchema);

export const InboxListQuerySchema = z.object({
  status: InboxStatusSchema.optional(),
  kind: InboxKindSchema.optional(),
  instanceId: IdSchema.optional(),
  /** Operators only: one tenant's items (operators see every tenant's by default). */
  tenantId: IdSchema.optional(),
  cursor: CursorSchema.optional(),
  limit: LimitSchema,
});
export type InboxListQuery = z.input<typeof InboxListQuerySchema>;

export const InboxAnswerRequestSchema = z
  .object({
    decision: z.enum(['approve', 'reject', 'modify']),
    /** Required to reject or modify: MODIFY sends the work back as a revision task carrying it. */
    comment: z.string().trim().max(4000).optional(),
    /** Data for a workflow user task (becomes its completion variables), or a corrected text. */
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((v) => v.decision === 'approve' || (v.comment !== undefined && v.comment.length > 0), {
    message: 'say why, in a comment',
    path: ['comment'],
  });
export type InboxAnswerRequest = z.input<typeof InboxAnswerRequestSchema>;
export const InboxItemParamsSchema = z.object({ itemId: IdSchema });

// ─── routes ──────────────────────────────────────────────────────────────────────────────────────

/** Every work-orders route; `auth` as in `marketplaceRoutes`. */
export const workRoutes = {
  listInstances: { method: 'GET', path: '/api/v1/instances', auth: 'user' },
  getInstance: { method: 'GET', path: '/api/v1/instances/:instanceId', auth: 'user' },
  updateInstance: { method: 'PATCH', path: '/api/v1/instances/:instanceId', auth: 'user' },
  createTask: { method: 'POST', path: '/api/v1/instances/:instanceId/tasks', auth: 'user' },
  listTasks: { method: 'GET', path: '/api/v1/instances/:instanceId/tasks', auth: 'user' },
  getTask: { method: 'GET', path: '/api/v1/tasks/:taskId', auth: 'user' },
  cancelTask: { method: 'POST', path: '/api/v1/tasks/:taskId/cancel', auth: 'user' },
  rerunTask: { method: 'POST', path: '/api/v1/tasks/:taskId/rerun', auth: 'user' },
  uploadFile: { method: 'POST', path: '/api/v1/files', auth: 'user' },
  listFiles: { method: 'GET', path: '/api/v1/files', auth: 'user' },
  getFile: { method: 'GET', path: '/api/v1/files/:id', auth: 'user' },
  createSchedule: { method: 'POST', path: '/api/v1/instances/:instanceId/schedules', auth: 'user' },
  listSchedules: { method: 'GET', path: '/api/v1/instances/:instanceId/schedules', auth: 'user' },
  pauseSchedule: { method: 'POST', path: '/api/v1/schedules/:scheduleId/pause', auth: 'user' },
  resumeSchedule: { method: 'POST', path: '/api/v1/schedules/:scheduleId/resume', auth: 'user' },
  deleteSchedule: { method: 'DELETE', path: '/api/v1/schedules/:scheduleId', auth: 'user' },
  createWebhook: { method: 'POST', path: '/api/v1/instances/:instanceId/webhooks', auth: 'user' },
  listWebhooks: { method: 'GET', path: '/api/v1/instances/:instanceId/webhooks', auth: 'user' },
  rotateWebhookSecret: { method: 'POST', path: '/api/v1/webhooks/:webhookId/rotate', auth: 'user' },
  deleteWebhook: { method: 'DELETE', path: '/api/v1/webhooks/:webhookId', auth: 'user' },
  receiveWebhookEvent: { method: 'POST', path: '/api/v1/hooks/:webhookId', auth: 'none' },
  createJob: { method: 'POST', path: '/api/v1/jobs', auth: 'user' },
  listJobs: { method: 'GET', path: '/api/v1/jobs', auth: 'user' },
  getJob: { method: 'GET', path: '/api/v1/jobs/:jobId', auth: 'user' },
  listInbox: { method: 'GET', path: '/api/v1/inbox', auth: 'user' },
  getInboxItem: { method: 'GET', path: '/api/v1/inbox/:itemId', auth: 'user' },
  answerInboxItem: { method: 'POST', path: '/api/v1/inbox/:itemId/answer', auth: 'user' },
} as const;
export type WorkRouteName = keyof typeof workRoutes;
