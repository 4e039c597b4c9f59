// The costs routes for operators and admins (issue 15, decision 0068): the spend report, budgets and
// their editing (audited with the old and new limits), and the monthly projection with its inputs.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  BudgetListSchema,
  BudgetParamsSchema,
  BudgetViewSchema,
  CostProjectionSchema,
  CostReportSchema,
  CostsQuerySchema,
  ProjectionQuerySchema,
  UpdateBudgetRequestSchema,
  costsRoutes,
} from '../../contracts/costs.js';
import type { CostService } from '../../marketplace/costs/cost-service.js';
import type { JsonValue } from '../../errors.js';
import type { PlatformApp } from '../app.js';
import type { HttpAudit } from '../http-audit.js';
import type { RequestAuth } from '../request-auth.js';
import { checkAccessBeforeBody } from '../route-access.js';
import { bearer, defined, errors } from '../route-kit.js';

export interface CostRouteDeps {
  auth: RequestAuth;
  audit: HttpAudit;
  costs: CostService;
}

const ms = (at: string | undefined) => (at === undefined ? undefined : Date.parse(at));

export async function registerCostRoutes(app: PlatformApp, deps: CostRouteDeps): Promise<void> {
  await app.register(
    async (plain) => {
      const r = plain.withTypeProvider<ZodTypeProvider>();
      checkAccessBeforeBody(r, costsRoutes, deps.auth);
      const tags = ['costs'];
      r.get(
        '/ops/costs',
        {
          schema: {
            tags,
            summary:
              'Spend per agent, tenant, workflow and day against budgets, the decision-method mix and cost per decision (operators, admins)',
            security: bearer,
            querystring: CostsQuerySchema,
            response: { 200: CostReportSchema, ...errors(401, 403) },
          },
        },
        async (request) => {
          const q = request.query;
          return deps.costs.report(defined({ from: ms(q.from), to: ms(q.to), tenantId: q.tenantId }));
        },
      );

      r.get(
        '/ops/costs/budgets',
        {
          schema: {
            tags,
            summary: 'Money and token budgets with their use this period (operators, admins)',
            security: bearer,
            querystring: CostsQuerySchema.pick({ tenantId: true }),
            response: { 200: BudgetListSchema, ...errors(401, 403) },
          },
        },
        async (request) => ({
          currency: deps.costs.currency,
          items: await deps.costs.listBudgets(request.query.tenantId),
        }),
      );

      r.put(
        '/ops/costs/budgets/:kind/:id',
        {
          bodyLimit: 16 * 1024,
          schema: {
            tags,
            summary:
              'Set the money and token limits of a tenant, agent instance or workflow run budget, or (kind `workflow`, id the definition) the limits each new run of a workflow definition starts with; a lower limit raises due alerts at once (operators, admins; audited)',
            security: bearer,
            params: BudgetParamsSchema,
            body: UpdateBudgetRequestSchema,
            response: { 200: BudgetViewSchema, ...errors(401, 403) },
          },
        },
        async (request) => {
          const { kind, id } = request.params;
          const { before, budget: view } = await deps.costs.updateBudget(kind, id, request.body);
          await deps.audit.record(request, {
            action: 'budget.update',
            resource: view.scope,
            result: 'success',
            tenantId: view.tenantId,
            details: {
              before: (before ? { ...before.limit, period: before.period } : null) as JsonValue,
              after: { ...view.limit, period: view.period },
            },
          });
          return view;
        },
      );

      r.get(
        '/ops/costs/projection',
        {
          schema: {
            tags,
            summary:
              'Monthly cost of N agents × M decisions a day, from the measured decision-method mix and cost per decision and the price table; returns the inputs used (operators, admins)',
            security: bearer,
            querystring: ProjectionQuerySchema,
            response: { 200: CostProjectionSchema, ...errors(401, 403) },
          },
        },
        async (request) =>
          deps.costs.projection(defined(request.query) as Parameters<CostService['projection']>[0]),
      );
    },
    { prefix: '/api/v1' },
  );
}
