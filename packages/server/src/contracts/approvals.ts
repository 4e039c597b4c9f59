// The approvals inbox: deliverables waiting for the organisation's decision, and the decision.
import { z } from 'zod';
import { TimestampSchema, IdSchema, CursorSchema, LimitSchema, pageSchema } from './common.js';

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
