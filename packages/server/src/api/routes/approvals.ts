// The approvals inbox: deliverables waiting for the organisation's decision (review-all mode), with
// approve / reject / modify and a comment, and "approve all". Every decision is recorded in the audit trail.
import {
  ApprovalDecisionRequestSchema,
  ApprovalListQuerySchema,
  ApprovalPageSchema,
  ApprovalSchema,
  ApproveAllRequestSchema,
  ApproveAllResultSchema,
  IdParamsSchema,
} from '../../contracts/contracts.js';
import { bearer, defined, errors, type RouteContext, type RouteScope } from '../route-kit.js';

export function registerApprovalRoutes(app: RouteScope, ctx: RouteContext): void {
  const { approvals } = ctx.services;
  const tags = ['approvals'];

  app.get(
    '/approvals',
    {
      schema: {
        tags,
        summary: 'Approvals inbox, newest first (filter by status)',
        security: bearer,
        querystring: ApprovalListQuerySchema,
        response: { 200: ApprovalPageSchema, ...errors(401) },
      },
    },
    async (request) =>
      approvals.list(ctx.auth.user(request), { ...defined(request.query), limit: request.query.limit }),
  );

  app.post(
    '/approvals/approve-all',
    {
      bodyLimit: 16 * 1024,
      schema: {
        tags,
        summary: 'Approve the listed pending items, or every pending item',
        security: bearer,
        body: ApproveAllRequestSchema,
        response: { 200: ApproveAllResultSchema, ...errors(401, 404) },
      },
    },
    async (request) => {
      const approved = await approvals.approveAll(ctx.auth.user(request), request.body.ids);
      await ctx.audit.record(request, {
        action: 'approval.approve-all',
        resource: 'approvals',
        result: 'success',
        details: { approved, ...(request.body.ids ? { ids: request.body.ids } : {}) },
      });
      return { approved };
    },
  );

  app.get(
    '/approvals/:id',
    {
      schema: {
        tags,
        summary: 'One approval',
        security: bearer,
        params: IdParamsSchema,
        response: { 200: ApprovalSchema, ...errors(401, 404) },
      },
    },
    async (request) => approvals.get(ctx.auth.user(request), request.params.id),
  );

  app.post(
    '/approvals/:id/decision',
    {
      bodyLimit: 256 * 1024,
      schema: {
        tags,
        summary:
          'Approve, reject (comment required) or modify (new markdown required) a pending item; 409 when already decided',
        security: bearer,
        params: IdParamsSchema,
        body: ApprovalDecisionRequestSchema,
        response: { 200: ApprovalSchema, ...errors(401, 404, 409) },
      },
    },
    async (request) => {
      const approval = await approvals.decide(ctx.auth.user(request), request.params.id, request.body);
      await ctx.audit.record(request, {
        action: 'approval.decide',
        resource: `approval:${request.params.id}`,
        result: 'success',
        details: { decision: request.body.decision },
      });
      return approval;
    },
  );
}
