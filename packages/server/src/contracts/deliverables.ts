// Deliverables: what an agent produced for a tenant, as a summary, in full and in lists.
import { z } from 'zod';
import { TimestampSchema, IdSchema, CursorSchema, LimitSchema, pageSchema } from './common.js';
import { SkillCheckSchema } from './demo.js';

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
