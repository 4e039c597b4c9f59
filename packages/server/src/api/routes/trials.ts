// Trials: eligibility, start (with the setup wizard's data), list, view, setup changes, cancel and
// conversion to a hire. Every trial is scoped to the caller's organisation.
import {
  CancelRequestSchema,
  ConvertTrialRequestSchema,
  EligibilityQuerySchema,
  EligibilitySchema,
  HireSchema,
  IdParamsSchema,
  StartTrialRequestSchema,
  TrialListQuerySchema,
  TrialPageSchema,
  TrialSchema,
  UpdateTrialSetupRequestSchema,
} from '../../contracts/contracts.js';
import { bearer, clientIp, defined, errors, type RouteContext, type RouteScope } from '../route-kit.js';

const BODY_LIMIT = 64 * 1024;

export function registerTrialRoutes(app: RouteScope, ctx: RouteContext): void {
  const { trials, hires } = ctx.services;
  const tags = ['trials'];

  app.get(
    '/trials/eligibility',
    {
      schema: {
        tags,
        summary: 'Whether you may start a trial of an agent now, and if not, why',
        security: bearer,
        querystring: EligibilityQuerySchema,
        response: { 200: EligibilitySchema, ...errors(401, 404) },
      },
    },
    async (request) => trials.eligibility(ctx.auth.user(request), request.query.agentId, clientIp(request)),
  );

  app.post(
    '/trials',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary:
          'Start a 7-day trial; refusals are 412 with error.details.reason (email-not-verified, disposable-email, active-trial-exists, cooldown, ip-limit, agent-unavailable, already-hired)',
        security: bearer,
        body: StartTrialRequestSchema,
        response: { 201: TrialSchema, ...errors(401, 404, 412) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await trials.start(ctx.auth.user(request), request.body, clientIp(request))),
  );

  app.get(
    '/trials',
    {
      schema: {
        tags,
        summary: "Your organisation's trials, newest first",
        security: bearer,
        querystring: TrialListQuerySchema,
        response: { 200: TrialPageSchema, ...errors(401) },
      },
    },
    async (request) =>
      trials.list(ctx.auth.user(request), { ...defined(request.query), limit: request.query.limit }),
  );

  app.get(
    '/trials/:id',
    {
      schema: {
        tags,
        summary: 'One trial with its countdown, reminders, budget and counts',
        security: bearer,
        params: IdParamsSchema,
        response: { 200: TrialSchema, ...errors(401, 404) },
      },
    },
    async (request) => trials.get(ctx.auth.user(request), request.params.id),
  );

  app.patch(
    '/trials/:id/setup',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary:
          'Change the setup (name, business info, approval mode, notification channel) of an open trial',
        security: bearer,
        params: IdParamsSchema,
        body: UpdateTrialSetupRequestSchema,
        response: { 200: TrialSchema, ...errors(401, 404, 412) },
      },
    },
    async (request) => trials.updateSetup(ctx.auth.user(request), request.params.id, request.body),
  );

  app.post(
    '/trials/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a trial; its deliverables stay downloadable',
        security: bearer,
        params: IdParamsSchema,
        body: CancelRequestSchema,
        response: { 200: TrialSchema, ...errors(401, 404, 412) },
      },
    },
    async (request) => trials.cancel(ctx.auth.user(request), request.params.id, request.body.reason),
  );

  app.post(
    '/trials/:id/convert',
    {
      schema: {
        tags,
        summary: 'Hire the agent: convert the trial to a monthly or annual plan (issues the first invoice)',
        security: bearer,
        params: IdParamsSchema,
        body: ConvertTrialRequestSchema,
        response: { 201: HireSchema, ...errors(401, 404, 412) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await hires.convert(ctx.auth.user(request), request.params.id, request.body.plan)),
  );
}
