// The agent catalogue: cards, filters, facets, profiles, skills, reviews and the public activity feed.
import { z } from 'zod';
import { SkillFormSchema } from './form-spec.js';
import { TimestampSchema, IdSchema, CursorSchema, LimitSchema, pageSchema, MoneySchema } from './common.js';

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
