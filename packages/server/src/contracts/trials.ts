// Trials: eligibility, start (with the setup form), view, setup changes, cancel and convert.
import { z } from 'zod';
import { TimestampSchema, IdSchema, CursorSchema, LimitSchema, pageSchema } from './common.js';

export const ApprovalModeSchema = z.enum(['review_all', 'auto_publish']);
export type ApprovalMode = z.infer<typeof ApprovalModeSchema>;
export const NotificationChannelSchema = z.enum(['email', 'in_app']);
export type NotificationChannel = z.infer<typeof NotificationChannelSchema>;

export const BusinessInfoSchema = z.object({
  companyName: z.string().trim().min(1).max(120),
  industry: z.string().trim().max(80).optional(),
  /** The organisation's website: an http(s) address with a domain (the web adds https:// when left out). */
  website: z
    .string()
    .trim()
    .max(200)
    .pipe(
      z.url({
        protocol: /^https?$/,
        hostname: z.regexes.domain,
        error: 'must be a web address such as https://example.com',
      }),
    )
    .optional(),
  description: z.string().trim().max(2000).optional(),
  audience: z.string().trim().max(500).optional(),
  goals: z.array(z.string().trim().min(1).max(200)).max(10).optional(),
  /** Topics, subjects or products the agent should focus on. */
  topics: z.array(z.string().trim().min(1).max(120)).max(20).optional(),
});
export type BusinessInfo = z.infer<typeof BusinessInfoSchema>;

export const TrialSetupSchema = z.object({
  /** The customer's label for this agent instance (e.g. "Blog desk"); there is no default. */
  instanceName: z.string().trim().min(1, 'name your agent').max(60),
  business: BusinessInfoSchema,
  approvalMode: ApprovalModeSchema,
  notificationChannel: NotificationChannelSchema,
});
export type TrialSetup = z.infer<typeof TrialSetupSchema>;

export const StartTrialRequestSchema = z.object({
  agentId: z.string().min(1).max(120),
  setup: TrialSetupSchema,
});
export type StartTrialRequest = z.input<typeof StartTrialRequestSchema>;

export const UpdateTrialSetupRequestSchema = z
  .object({
    instanceName: TrialSetupSchema.shape.instanceName.optional(),
    business: BusinessInfoSchema.optional(),
    approvalMode: ApprovalModeSchema.optional(),
    notificationChannel: NotificationChannelSchema.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'nothing to update' });
export type UpdateTrialSetupRequest = z.input<typeof UpdateTrialSetupRequestSchema>;

export const TrialStatusSchema = z.enum(['PROVISIONING', 'ACTIVE', 'EXPIRED', 'CONVERTED', 'CANCELLED']);
export type TrialStatus = z.infer<typeof TrialStatusSchema>;

/** Why a trial could not start (`error.details.reason` of the PRECONDITION_FAILED answer). */
export const TrialRefusalSchema = z.enum([
  'email-not-verified',
  'disposable-email',
  'active-trial-exists',
  'cooldown',
  'ip-limit',
  'agent-unavailable',
  'already-hired',
]);
export type TrialRefusal = z.infer<typeof TrialRefusalSchema>;

export const TrialReminderSchema = z.object({
  kind: z.enum(['2d', '1d', '6h']),
  dueAt: TimestampSchema,
  sentAt: TimestampSchema.nullable(),
});
export type TrialReminder = z.infer<typeof TrialReminderSchema>;

export const TrialBudgetSchema = z.object({
  /** Skill runs allowed during the trial (hard cap). */
  runLimit: z.number().int(),
  runsUsed: z.number().int(),
  /** Model spend allowed, USD (hard cap; offline skills cost nothing). */
  costLimitUsd: z.number(),
  costUsedUsd: z.number(),
  exhausted: z.boolean(),
});
export type TrialBudget = z.infer<typeof TrialBudgetSchema>;

export const TrialSchema = z.object({
  id: IdSchema,
  agentId: z.string(),
  agentName: z.string(),
  status: TrialStatusSchema,
  setup: TrialSetupSchema,
  startedAt: TimestampSchema,
  /** End of the 7 days (plus any admin extension). */
  endsAt: TimestampSchema,
  /** End of the 24 h grace after `endsAt`, during which the agent keeps working. */
  graceEndsAt: TimestampSchema,
  /** True between `endsAt` and `graceEndsAt` while not converted or cancelled. */
  inGrace: z.boolean(),
  extendedDays: z.number().int(),
  reminders: z.array(TrialReminderSchema),
  budget: TrialBudgetSchema,
  deliverableCount: z.number().int(),
  pendingApprovals: z.number().int(),
  hireId: IdSchema.nullable(),
  endedAt: TimestampSchema.nullable(),
  /** Workflow instance driving the trial, when run by the engine. */
  workflowInstanceId: z.string().nullable(),
  /** The agent instance working for you (`/api/v1/instances/{id}`); its hire keeps it. */
  instanceId: IdSchema,
});
export type Trial = z.infer<typeof TrialSchema>;
export const TrialPageSchema = pageSchema(TrialSchema);

export const TrialListQuerySchema = z.object({
  status: TrialStatusSchema.optional(),
  cursor: CursorSchema.optional(),
  limit: LimitSchema,
});
export type TrialListQuery = z.input<typeof TrialListQuerySchema>;

export const EligibilityQuerySchema = z.object({ agentId: z.string().min(1).max(120) });
export const EligibilitySchema = z.object({
  eligible: z.boolean(),
  reason: TrialRefusalSchema.optional(),
  message: z.string().optional(),
  /** For `cooldown` / `ip-limit`: when a trial becomes possible again. */
  retryAt: TimestampSchema.optional(),
});
export type Eligibility = z.infer<typeof EligibilitySchema>;

export const CancelRequestSchema = z.object({ reason: z.string().trim().max(500).optional() });
export type CancelRequest = z.infer<typeof CancelRequestSchema>;

export const ExtendTrialRequestSchema = z.object({
  days: z.number().int().min(1).max(30),
  reason: z.string().trim().min(1).max(500),
});
export type ExtendTrialRequest = z.infer<typeof ExtendTrialRequestSchema>;
