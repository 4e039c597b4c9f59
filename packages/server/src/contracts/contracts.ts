// The marketplace HTTP contract: zod schemas and inferred types for every request and response body
// under /api/v1. Imports nothing but zod, so the browser (packages/web) imports it as-is.
// Conventions: timestamps are ISO-8601 UTC strings named `…At`; money is `{amount, currency}` in major
// units; lists are `{items, nextCursor?}`; every error is `{error:{code,message,details}}`.
import { z } from 'zod';
import { SkillFormSchema } from './form-spec.js';

export * from './form-spec.js';

// ─── shared ──────────────────────────────────────────────────────────────────────────────────────

/** ISO-8601 UTC timestamp, e.g. `2026-01-01T09:00:00.000Z`. */
export const TimestampSchema = z.string().describe('ISO-8601 UTC timestamp');
export const IdSchema = z.string().min(1).max(120);
export const CursorSchema = z.string().min(1).max(500).describe('Opaque cursor from a previous page');
export const LimitSchema = z.coerce.number().int().min(1).max(100).default(20);

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z
      .string()
      .describe('Stable machine-readable code, e.g. VALIDATION, NOT_FOUND, PRECONDITION_FAILED'),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** A page of items; `nextCursor` is absent on the last page. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().optional() });
}
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export const PageQuerySchema = z.object({ cursor: CursorSchema.optional(), limit: LimitSchema });
export type PageQuery = z.input<typeof PageQuerySchema>;

export const MoneySchema = z.object({ amount: z.number().nonnegative(), currency: z.string().length(3) });
export type Money = z.infer<typeof MoneySchema>;

export const OkSchema = z.object({ ok: z.literal(true) });
export type Ok = z.infer<typeof OkSchema>;

export const IdParamsSchema = z.object({ id: IdSchema });
export const AgentParamsSchema = z.object({ agentId: IdSchema });

// ─── accounts, tenants, auth ─────────────────────────────────────────────────────────────────────

export const RoleSchema = z.enum(['customer', 'operator', 'admin']);
export type Role = z.infer<typeof RoleSchema>;

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ error: 'must be a valid email address' }));
export const PasswordSchema = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters');

export const UserSchema = z.object({
  id: IdSchema,
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  emailVerified: z.boolean(),
  createdAt: TimestampSchema,
});
export type User = z.infer<typeof UserSchema>;

export const TenantSchema = z.object({
  id: IdSchema,
  name: z.string(),
  /** When true the public activity feed may show the company name; otherwise it is anonymised. */
  publicActivity: z.boolean(),
  /** Rate-limit plan: `free` until the tenant hires an agent, then `business`. */
  plan: z.enum(['free', 'business', 'internal']),
  createdAt: TimestampSchema,
});
export type Tenant = z.infer<typeof TenantSchema>;

export const MeSchema = z.object({ user: UserSchema, tenant: TenantSchema });
export type Me = z.infer<typeof MeSchema>;

export const SignUpRequestSchema = z.object({
  email: EmailSchema,
  password: PasswordSchema,
  name: z.string().trim().min(1).max(100),
  /** The organisation (tenant) the account is created in. */
  organisationName: z.string().trim().min(1).max(120),
});
export type SignUpRequest = z.input<typeof SignUpRequestSchema>;

/** A signed-in session. The access token is a JWT (1 h); the refresh token rotates on every use. */
export const SessionSchema = z.object({
  accessToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int(),
  refreshToken: z.string(),
  refreshExpiresAt: TimestampSchema,
  user: UserSchema,
  tenant: TenantSchema,
});
export type Session = z.infer<typeof SessionSchema>;

export const LogInRequestSchema = z.object({ email: EmailSchema, password: z.string().min(1).max(200) });
export type LogInRequest = z.input<typeof LogInRequestSchema>;

export const RefreshRequestSchema = z.object({ refreshToken: z.string().min(10).max(500) });
export type RefreshRequest = z.infer<typeof RefreshRequestSchema>;

export const LogOutRequestSchema = z.object({ refreshToken: z.string().min(10).max(500) });
export type LogOutRequest = z.infer<typeof LogOutRequestSchema>;

export const VerifyEmailRequestSchema = z.object({ token: z.string().min(10).max(500) });
export type VerifyEmailRequest = z.infer<typeof VerifyEmailRequestSchema>;

export const PasswordResetRequestSchema = z.object({ email: EmailSchema });
export type PasswordResetRequest = z.input<typeof PasswordResetRequestSchema>;

export const PasswordResetConfirmSchema = z.object({
  token: z.string().min(10).max(500),
  password: PasswordSchema,
});
export type PasswordResetConfirm = z.infer<typeof PasswordResetConfirmSchema>;

/** Answer to requests whose outcome must not reveal whether an account exists. */
export const AcceptedSchema = z.object({ accepted: z.literal(true) });
export type Accepted = z.infer<typeof AcceptedSchema>;

export const UpdateTenantRequestSchema = z
  .object({ name: z.string().trim().min(1).max(120).optional(), publicActivity: z.boolean().optional() })
  .refine((v) => v.name !== undefined || v.publicActivity !== undefined, { message: 'nothing to update' });
export type UpdateTenantRequest = z.input<typeof UpdateTenantRequestSchema>;

// ─── mail outbox ─────────────────────────────────────────────────────────────────────────────────

export const MailKindSchema = z.enum([
  'verify-email',
  'password-reset',
  'trial-started',
  'trial-reminder',
  'trial-expired',
  'trial-grace-ended',
  'hire-confirmed',
  'invoice',
  'approval-needed',
  'other',
  'budget-alert',
]);
export type MailKind = z.infer<typeof MailKindSchema>;

export const MailMessageSchema = z.object({
  id: IdSchema,
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  kind: MailKindSchema,
  /** The main link of the mail (verification, reset, dashboard), so the UI can show it offline. */
  actionUrl: z.string().optional(),
  /** How it left: `outbox` (kept here, no SMTP configured) or `smtp`. */
  transport: z.enum(['outbox', 'smtp']),
  createdAt: TimestampSchema,
});
export type MailMessage = z.infer<typeof MailMessageSchema>;
export const MailPageSchema = pageSchema(MailMessageSchema);

// ─── catalogue ───────────────────────────────────────────────────────────────────────────────────

export const IndustrySchema = z.enum(['marketing', 'education', 'sales']);
export type Industry = z.infer<typeof IndustrySchema>;
export const AgentStatusSchema = z.enum(['available', 'working', 'offline']);
export type AgentStatus = z.infer<typeof AgentStatusSchema>;
export const CatalogueSortSchema = z.enum(['relevance', 'top_rated', 'price_asc', 'price_desc', 'popular']);
export type CatalogueSort = z.infer<typeof CatalogueSortSchema>;

export const SkillSummarySchema = z.object({ id: z.string(), title: z.string() });
export type SkillSummary = z.infer<typeof SkillSummarySchema>;

/** Rating from real reviews only; `average` is null (shown as "new") until the first review. */
export const RatingSchema = z.object({
  average: z.number().min(1).max(5).nullable(),
  count: z.number().int().nonnegative(),
});
export type Rating = z.infer<typeof RatingSchema>;

export const AgentCardSchema = z.object({
  id: z.string(),
  /** Role name, e.g. "Content Marketing Agent". Never a human name. */
  name: z.string(),
  initials: z.string(),
  industry: IndustrySchema,
  /** e.g. "Healthcare". */
  specialty: z.string(),
  tier: z.enum(['standard', 'premium']),
  status: AgentStatusSchema,
  rating: RatingSchema,
  /** Share of hires still active, 0..100; null before the first hire. */
  retentionPercent: z.number().min(0).max(100).nullable(),
  skills: z.array(SkillSummarySchema),
  /** Live activity line from real work, e.g. "Created 3 deliverables this week"; null when idle. */
  activityLine: z.string().nullable(),
  price: MoneySchema.extend({ period: z.literal('month') }),
  badges: z.array(z.string()),
  /** Declared response time, e.g. "2h". */
  responseTime: z.string(),
  /** Trials and hires ever started; the "popular" sort uses it. */
  popularity: z.number().int().nonnegative(),
});
export type AgentCard = z.infer<typeof AgentCardSchema>;

export const CatalogueQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('Full-text search over name, specialty, description and skills'),
  industry: IndustrySchema.optional(),
  specialty: z.string().trim().max(100).optional(),
  skill: z.string().trim().max(100).optional().describe('Skill id or words of a skill title'),
  status: AgentStatusSchema.optional(),
  minRating: z.coerce.number().min(0).max(5).optional(),
  minPrice: z.coerce.number().nonnegative().optional(),
  maxPrice: z.coerce.number().nonnegative().optional(),
  sort: CatalogueSortSchema.optional().describe('Default: relevance with q, otherwise catalogue order'),
  cursor: CursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(12),
});
export type CatalogueQuery = z.input<typeof CatalogueQuerySchema>;

export const IndustryCountsSchema = z.object({
  all: z.number().int(),
  marketing: z.number().int(),
  education: z.number().int(),
  sales: z.number().int(),
});
export type IndustryCounts = z.infer<typeof IndustryCountsSchema>;

export const CataloguePageSchema = z.object({
  items: z.array(AgentCardSchema),
  nextCursor: z.string().optional(),
  /** Matches for the query (all pages). */
  total: z.number().int(),
  /** Agents per industry for the query without its industry filter (tab counts 19 / 7 / 7 / 5). */
  counts: IndustryCountsSchema,
  /** Agents currently not offline. */
  online: z.number().int(),
});
export type CataloguePage = z.infer<typeof CataloguePageSchema>;

export const CatalogueFacetsSchema = z.object({
  counts: IndustryCountsSchema,
  specialties: z.array(
    z.object({ specialty: z.string(), industry: IndustrySchema, count: z.number().int() }),
  ),
  skills: z.array(SkillSummarySchema.extend({ agentCount: z.number().int() })),
  price: z.object({ min: z.number(), max: z.number(), currency: z.string() }),
});
export type CatalogueFacets = z.infer<typeof CatalogueFacetsSchema>;

export const ReviewSchema = z.object({
  id: IdSchema,
  agentId: z.string(),
  /** The reviewed hire, in the reviewing organisation's own views; null in public listings. */
  hireId: IdSchema.nullable(),
  rating: z.number().int().min(1).max(5),
  comment: z.string(),
  /** "Verified customer", or the company name when its tenant opted in to public activity. */
  author: z.string(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Review = z.infer<typeof ReviewSchema>;
export const ReviewPageSchema = pageSchema(ReviewSchema);

export const ActivityItemSchema = z.object({
  id: IdSchema,
  at: TimestampSchema,
  agentId: z.string(),
  agentName: z.string(),
  kind: z.enum(['deliverable', 'trial-started', 'hired', 'review', 'approval']),
  /** What the agent did, e.g. "produced \"Competitor analysis\"". */
  action: z.string(),
  /** The company name (own feed, or opted in) or an anonymised label such as "a marketing team". */
  company: z.string(),
  /** The whole line without the relative time: "<agent> <action> for <company>". */
  text: z.string(),
});
export type ActivityItem = z.infer<typeof ActivityItemSchema>;
export const ActivityPageSchema = pageSchema(ActivityItemSchema);

export const ActivityQuerySchema = z.object({
  agentId: z.string().max(120).optional(),
  cursor: CursorSchema.optional(),
  limit: LimitSchema,
});
export type ActivityQuery = z.input<typeof ActivityQuerySchema>;

export const AgentVersionSchema = z.object({
  version: z.string(),
  status: z.string(),
  releasedAt: TimestampSchema.nullable(),
  notes: z.string(),
});
export type AgentVersion = z.infer<typeof AgentVersionSchema>;

/** A skill as a customer meets it: what it does, its input's JSON Schema and the form to fill it. */
export const SkillInfoSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  /** JSON Schema of the input (with form metadata: title, description, examples, x-form). */
  inputSchema: z.record(z.string(), z.unknown()),
  /** The input as a form: labels, help, examples, defaults and a control per field. */
  form: SkillFormSchema,
});
export type SkillInfo = z.infer<typeof SkillInfoSchema>;
export const SkillParamsSchema = z.object({ skillId: z.string().min(1).max(80) });

export const DemoInfoSchema = z.object({
  skillId: z.string(),
  title: z.string(),
  description: z.string(),
  /** A ready-to-run input the UI pre-fills. */
  exampleInput: z.unknown(),
  /** JSON Schema of the input (the "advanced" JSON view). */
  inputSchema: z.record(z.string(), z.unknown()),
  /** The input as a form a non-technical visitor can fill. */
  form: SkillFormSchema,
  maxInputBytes: z.number().int(),
});
export type DemoInfo = z.infer<typeof DemoInfoSchema>;

export const AgentProfileSchema = AgentCardSchema.extend({
  description: z.string(),
  skillDetails: z.array(SkillSummarySchema.extend({ description: z.string(), offline: z.boolean() })),
  ratingDistribution: z.object({
    1: z.number().int(),
    2: z.number().int(),
    3: z.number().int(),
    4: z.number().int(),
    5: z.number().int(),
  }),
  reviews: z.array(ReviewSchema),
  recentActivity: z.array(ActivityItemSchema),
  versions: z.array(AgentVersionSchema),
  /** Median time from a trial's start to its first deliverable, from real trials; null before any. */
  measuredResponseMs: z.number().nullable(),
  pricing: z.object({ monthly: MoneySchema, annual: MoneySchema, annualMonthsFree: z.number().int() }),
  trialDays: z.number().int(),
  demo: DemoInfoSchema.nullable(),
});
export type AgentProfile = z.infer<typeof AgentProfileSchema>;

// ─── live demo ───────────────────────────────────────────────────────────────────────────────────

export const DemoRequestSchema = z.object({
  input: z.unknown().describe("The demo skill's input; see the profile's demo.inputSchema"),
});
export type DemoRequest = z.infer<typeof DemoRequestSchema>;

export const SkillCheckSchema = z.object({ name: z.string(), passed: z.boolean(), detail: z.string() });
export type SkillCheck = z.infer<typeof SkillCheckSchema>;

export const DemoResultSchema = z.object({
  agentId: z.string(),
  skillId: z.string(),
  summary: z.string(),
  markdown: z.string(),
  output: z.unknown(),
  checks: z.array(SkillCheckSchema),
  /** `offline` (deterministic skill) or `model` (a configured model wrote part of it). */
  method: z.enum(['offline', 'model']),
  confidence: z.number(),
  durationMs: z.number(),
  /** Demo runs left today for this visitor. */
  remainingToday: z.number().int(),
});
export type DemoResult = z.infer<typeof DemoResultSchema>;

// ─── input helpers (web pages by address, spreadsheets) ──────────────────────────────────────────

export const PageFetchRequestSchema = z.object({
  url: z
    .string()
    .trim()
    .max(2000)
    .pipe(z.url({ protocol: /^https?$/, error: 'must be a web address starting with http:// or https://' })),
});
export type PageFetchRequest = z.input<typeof PageFetchRequestSchema>;

/** A public web page fetched for a form: its HTML reduced to what skills read, and its visible text. */
export const PageFetchResultSchema = z.object({
  /** The address finally fetched (after redirects). */
  url: z.string(),
  title: z.string(),
  /** The page's HTML without scripts, styles and comments, cut to fit a demo input. */
  html: z.string(),
  /** The visible text. */
  text: z.string(),
  /** Size of the page as downloaded. */
  bytes: z.number().int(),
  /** True when the HTML or text was cut to fit. */
  truncated: z.boolean(),
});
export type PageFetchResult = z.infer<typeof PageFetchResultSchema>;

export const TableReadRequestSchema = z.object({
  filename: z.string().trim().min(1).max(200),
  /** The file's bytes, base64-encoded (CSV or XLSX). */
  contentBase64: z.string().min(1).max(6_000_000),
});
export type TableReadRequest = z.input<typeof TableReadRequestSchema>;

/** A spreadsheet's first sheet (or a CSV) as text cells: the header row and the rows under it. */
export const TableReadResultSchema = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  /** The sheet read, for an Excel file. */
  sheet: z.string().optional(),
  /** True when rows beyond the limit were left out. */
  truncated: z.boolean(),
});
export type TableReadResult = z.infer<typeof TableReadResultSchema>;

// ─── trials ──────────────────────────────────────────────────────────────────────────────────────

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

// ─── hire and billing ────────────────────────────────────────────────────────────────────────────

export const PlanSchema = z.enum(['monthly', 'annual']);
export type Plan = z.infer<typeof PlanSchema>;

export const ConvertTrialRequestSchema = z.object({ plan: PlanSchema });
export type ConvertTrialRequest = z.infer<typeof ConvertTrialRequestSchema>;

export const HireStatusSchema = z.enum(['active', 'paused', 'cancelled']);
export type HireStatus = z.infer<typeof HireStatusSchema>;

export const HireSchema = z.object({
  id: IdSchema,
  trialId: IdSchema,
  agentId: z.string(),
  agentName: z.string(),
  instanceName: z.string(),
  plan: PlanSchema,
  status: HireStatusSchema,
  /** Price per billing period (a month, or a year with the annual discount). */
  price: MoneySchema,
  startedAt: TimestampSchema,
  currentPeriodEnd: TimestampSchema,
  pausedAt: TimestampSchema.nullable(),
  cancelledAt: TimestampSchema.nullable(),
  /** The review left for this hire, if any. */
  reviewId: IdSchema.nullable(),
  /** The agent instance working for you: the one its trial started. */
  instanceId: IdSchema,
});
export type Hire = z.infer<typeof HireSchema>;
export const HirePageSchema = pageSchema(HireSchema);

export const InvoiceSchema = z.object({
  id: IdSchema,
  number: z.string(),
  hireId: IdSchema,
  status: z.enum(['open', 'paid', 'void']),
  total: MoneySchema,
  lines: z.array(z.object({ description: z.string(), amount: z.number() })),
  periodStart: TimestampSchema,
  periodEnd: TimestampSchema,
  issuedAt: TimestampSchema,
  dueAt: TimestampSchema,
  paidAt: TimestampSchema.nullable(),
  /** Billing adapter that issued it (`manual` here; Stripe / Razorpay later). */
  provider: z.string(),
  /** Prices include tax: the total without it, and the tax line. */
  subtotal: MoneySchema,
  tax: z.object({ name: z.string(), ratePercent: z.number(), amount: MoneySchema }),
  /** Locale the amounts are written in (`Intl.NumberFormat`), and the total written so. */
  locale: z.string(),
  totalText: z.string(),
  seller: z.object({
    name: z.string(),
    addressLines: z.array(z.string()),
    taxId: z.string().nullable(),
    email: z.string().nullable(),
  }),
  buyer: z.object({ organisation: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
  /** How to pay: bank transfer details for manual invoices, a payment link for a card provider. */
  payment: z.object({
    method: z.enum(['bank-transfer', 'card-link']),
    reference: z.string(),
    summary: z.string(),
    details: z.array(z.object({ label: z.string(), value: z.string() })),
    url: z.string().optional(),
  }),
});
export type Invoice = z.infer<typeof InvoiceSchema>;
export const InvoicePageSchema = pageSchema(InvoiceSchema);

export const UpsertReviewRequestSchema = z.object({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).default(''),
});
export type UpsertReviewRequest = z.input<typeof UpsertReviewRequestSchema>;

// ─── deliverables ────────────────────────────────────────────────────────────────────────────────

export const DeliverableStatusSchema = z.enum(['pending_approval', 'approved', 'rejected', 'published']);
export type DeliverableStatus = z.infer<typeof DeliverableStatusSchema>;

export const DeliverableSummarySchema = z.object({
  id: IdSchema,
  trialId: IdSchema.nullable(),
  hireId: IdSchema.nullable(),
  agentId: z.string(),
  agentName: z.string(),
  instanceName: z.string(),
  title: z.string(),
  summary: z.string(),
  skillId: z.string(),
  /** Which produced it: the deterministic offline skill, or a configured model. */
  method: z.enum(['offline', 'model']),
  status: DeliverableStatusSchema,
  createdAt: TimestampSchema,
});
export type DeliverableSummary = z.infer<typeof DeliverableSummarySchema>;
export const DeliverablePageSchema = pageSchema(DeliverableSummarySchema);

export const DeliverableSchema = DeliverableSummarySchema.extend({
  markdown: z.string(),
  output: z.unknown(),
  checks: z.array(SkillCheckSchema),
  confidence: z.number(),
  /** Reviewer's comment and edited text when modified through the approvals inbox. */
  reviewComment: z.string().nullable(),
  approvalId: IdSchema.nullable(),
});
export type Deliverable = z.infer<typeof DeliverableSchema>;

export const DeliverableListQuerySchema = z.object({
  trialId: IdSchema.optional(),
  hireId: IdSchema.optional(),
  agentId: z.string().max(120).optional(),
  status: DeliverableStatusSchema.optional(),
  cursor: CursorSchema.optional(),
  limit: LimitSchema,
});
export type DeliverableListQuery = z.input<typeof DeliverableListQuerySchema>;

export const ExportQuerySchema = z.object({ trialId: IdSchema.optional() });
export type ExportQuery = z.infer<typeof ExportQuerySchema>;

// ─── approvals ───────────────────────────────────────────────────────────────────────────────────

export const ApprovalStatusSchema = z.enum(['pending', 'approved', 'rejected', 'modified']);
export type ApprovalStatus = z.infer<typeof ApprovalStatusSchema>;

export const ApprovalSchema = z.object({
  id: IdSchema,
  deliverableId: IdSchema,
  trialId: IdSchema.nullable(),
  hireId: IdSchema.nullable(),
  agentId: z.string(),
  agentName: z.string(),
  instanceName: z.string(),
  title: z.string(),
  summary: z.string(),
  status: ApprovalStatusSchema,
  comment: z.string().nullable(),
  decidedBy: IdSchema.nullable(),
  decidedAt: TimestampSchema.nullable(),
  createdAt: TimestampSchema,
  /** Decision expected by (SLA); past due items are flagged in the inbox. */
  dueAt: TimestampSchema,
});
export type Approval = z.infer<typeof ApprovalSchema>;
export const ApprovalPageSchema = pageSchema(ApprovalSchema);

export const ApprovalListQuerySchema = z.object({
  status: ApprovalStatusSchema.optional(),
  cursor: CursorSchema.optional(),
  limit: LimitSchema,
});
export type ApprovalListQuery = z.input<typeof ApprovalListQuerySchema>;

export const ApprovalDecisionRequestSchema = z
  .object({
    decision: z.enum(['approve', 'reject', 'modify']),
    comment: z.string().trim().max(2000).optional(),
    /** Required for `modify`: the corrected deliverable text. */
    markdown: z.string().min(1).max(200_000).optional(),
  })
  .refine((v) => v.decision !== 'modify' || v.markdown !== undefined, {
    message: 'markdown is required to modify',
    path: ['markdown'],
  })
  .refine((v) => v.decision !== 'reject' || (v.comment !== undefined && v.comment.length > 0), {
    message: 'say why you reject',
    path: ['comment'],
  });
export type ApprovalDecisionRequest = z.input<typeof ApprovalDecisionRequestSchema>;

export const ApproveAllRequestSchema = z.object({ ids: z.array(IdSchema).min(1).max(100).optional() });
export type ApproveAllRequest = z.infer<typeof ApproveAllRequestSchema>;
export const ApproveAllResultSchema = z.object({ approved: z.number().int() });
export type ApproveAllResult = z.infer<typeof ApproveAllResultSchema>;

// ─── dashboard ───────────────────────────────────────────────────────────────────────────────────

export const MyAgentSchema = z.object({
  agentId: z.string(),
  agentName: z.string(),
  instanceName: z.string(),
  specialty: z.string(),
  tier: z.enum(['standard', 'premium']),
  /** `trial` with a countdown, or `hired`. */
  engagement: z.enum(['trial', 'hired']),
  trial: TrialSchema,
  hire: HireSchema.nullable(),
  /** Deliverables in the last 7 days. */
  weeklyOutput: z.number().int(),
  pendingApprovals: z.number().int(),
});
export type MyAgent = z.infer<typeof MyAgentSchema>;

export const DashboardSchema = z.object({
  agents: z.array(MyAgentSchema),
  pendingApprovals: z.number().int(),
  deliverablesThisWeek: z.number().int(),
  openInvoices: z.number().int(),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

// ─── routes (method + path), for clients ─────────────────────────────────────────────────────────

/** Every marketplace route. `auth`: none, any signed-in user, or the roles allowed. */
export const marketplaceRoutes = {
  signUp: { method: 'POST', path: '/api/v1/auth/signup', auth: 'none' },
  logIn: { method: 'POST', path: '/api/v1/auth/login', auth: 'none' },
  refresh: { method: 'POST', path: '/api/v1/auth/refresh', auth: 'none' },
  logOut: { method: 'POST', path: '/api/v1/auth/logout', auth: 'none' },
  verifyEmail: { method: 'POST', path: '/api/v1/auth/verify-email', auth: 'none' },
  resendVerification: { method: 'POST', path: '/api/v1/auth/resend-verification', auth: 'user' },
  requestPasswordReset: { method: 'POST', path: '/api/v1/auth/password-reset', auth: 'none' },
  confirmPasswordReset: { method: 'POST', path: '/api/v1/auth/password-reset/confirm', auth: 'none' },
  me: { method: 'GET', path: '/api/v1/me', auth: 'user' },
  updateTenant: { method: 'PATCH', path: '/api/v1/tenant', auth: 'user' },
  outbox: { method: 'GET', path: '/api/v1/mail/outbox', auth: 'user' },
  listAgents: { method: 'GET', path: '/api/v1/agents', auth: 'none' },
  facets: { method: 'GET', path: '/api/v1/agents/facets', auth: 'none' },
  agentProfile: { method: 'GET', path: '/api/v1/agents/:agentId', auth: 'none' },
  agentReviews: { method: 'GET', path: '/api/v1/agents/:agentId/reviews', auth: 'none' },
  runDemo: { method: 'POST', path: '/api/v1/agents/:agentId/demo', auth: 'none' },
  skillInfo: { method: 'GET', path: '/api/v1/skills/:skillId', auth: 'none' },
  activity: { method: 'GET', path: '/api/v1/activity', auth: 'none' },
  activityStream: { method: 'GET', path: '/api/v1/activity/stream', auth: 'none' },
  tenantActivity: { method: 'GET', path: '/api/v1/tenant/activity', auth: 'user' },
  eligibility: { method: 'GET', path: '/api/v1/trials/eligibility', auth: 'user' },
  startTrial: { method: 'POST', path: '/api/v1/trials', auth: 'user' },
  listTrials: { method: 'GET', path: '/api/v1/trials', auth: 'user' },
  getTrial: { method: 'GET', path: '/api/v1/trials/:id', auth: 'user' },
  updateTrialSetup: { method: 'PATCH', path: '/api/v1/trials/:id/setup', auth: 'user' },
  cancelTrial: { method: 'POST', path: '/api/v1/trials/:id/cancel', auth: 'user' },
  convertTrial: { method: 'POST', path: '/api/v1/trials/:id/convert', auth: 'user' },
  extendTrial: { method: 'POST', path: '/api/v1/admin/trials/:id/extend', auth: ['admin'] },
  adminTrials: { method: 'GET', path: '/api/v1/admin/trials', auth: ['operator', 'admin'] },
  listHires: { method: 'GET', path: '/api/v1/hires', auth: 'user' },
  getHire: { method: 'GET', path: '/api/v1/hires/:id', auth: 'user' },
  cancelHire: { method: 'POST', path: '/api/v1/hires/:id/cancel', auth: 'user' },
  pauseHire: { method: 'POST', path: '/api/v1/hires/:id/pause', auth: 'user' },
  resumeHire: { method: 'POST', path: '/api/v1/hires/:id/resume', auth: 'user' },
  getReview: { method: 'GET', path: '/api/v1/hires/:id/review', auth: 'user' },
  upsertReview: { method: 'PUT', path: '/api/v1/hires/:id/review', auth: 'user' },
  listInvoices: { method: 'GET', path: '/api/v1/invoices', auth: 'user' },
  getInvoice: { method: 'GET', path: '/api/v1/invoices/:id', auth: 'user' },
  getInvoicePdf: { method: 'GET', path: '/api/v1/invoices/:id/pdf', auth: 'user' },
  markInvoicePaid: { method: 'POST', path: '/api/v1/admin/invoices/:id/mark-paid', auth: ['admin'] },
  listDeliverables: { method: 'GET', path: '/api/v1/deliverables', auth: 'user' },
  getDeliverable: { method: 'GET', path: '/api/v1/deliverables/:id', auth: 'user' },
  downloadDeliverable: { method: 'GET', path: '/api/v1/deliverables/:id/download', auth: 'user' },
  exportDeliverables: { method: 'GET', path: '/api/v1/deliverables/export', auth: 'user' },
  listApprovals: { method: 'GET', path: '/api/v1/approvals', auth: 'user' },
  getApproval: { method: 'GET', path: '/api/v1/approvals/:id', auth: 'user' },
  decideApproval: { method: 'POST', path: '/api/v1/approvals/:id/decision', auth: 'user' },
  approveAll: { method: 'POST', path: '/api/v1/approvals/approve-all', auth: 'user' },
  dashboard: { method: 'GET', path: '/api/v1/dashboard', auth: 'user' },
} as const satisfies Record<
  string,
  {
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    path: string;
    auth: 'none' | 'user' | readonly Role[];
  }
>;
export type MarketplaceRouteName = keyof typeof marketplaceRoutes;

/** Input helpers for forms (registered beside the marketplace, with their own per-IP limit). */
export const inputRoutes = {
  fetchPage: { method: 'POST', path: '/api/v1/inputs/page', auth: 'none' },
  readTable: { method: 'POST', path: '/api/v1/inputs/table', auth: 'none' },
} as const;
export type InputRouteName = keyof typeof inputRoutes;

/** Pages of the web app that mails link to; each takes `?token=`. */
export const webPaths = {
  verifyEmail: '/verify-email',
  resetPassword: '/reset-password',
  dashboard: '/dashboard',
  invoices: '/invoices',
} as const;

/** Server-sent event names on `/api/v1/activity/stream` (data is one ActivityItem as JSON). */
export const ACTIVITY_EVENT = 'activity';
