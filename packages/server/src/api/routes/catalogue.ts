// The public catalogue: agent cards with filters, search, sort and pagination, facets, profiles,
// reviews, and the live demo (no account; per-IP rate limit and daily budget).
import {
  AgentParamsSchema,
  AgentProfileSchema,
  CatalogueFacetsSchema,
  CataloguePageSchema,
  CatalogueQuerySchema,
  DemoRequestSchema,
  DemoResultSchema,
  PageQuerySchema,
  ReviewPageSchema,
  SkillInfoSchema,
  SkillParamsSchema,
} from '../../contracts/contracts.js';
import { clientIp, defined, errors, type RouteContext, type RouteScope } from '../route-kit.js';

export function registerCatalogueRoutes(app: RouteScope, ctx: RouteContext): void {
  const { catalogue, reviews, demo } = ctx.services;
  const tags = ['catalogue'];

  app.get(
    '/agents',
    {
      schema: {
        tags,
        summary: 'List agents: filters, full-text search, sort, cursor pagination, counts per industry',
        querystring: CatalogueQuerySchema,
        response: { 200: CataloguePageSchema, ...errors() },
      },
    },
    async (request) => catalogue.list({ ...defined(request.query), limit: request.query.limit }),
  );

  app.get(
    '/agents/facets',
    {
      schema: {
        tags,
        summary: 'Industries, specialties, skills and the price range, for filter controls',
        response: { 200: CatalogueFacetsSchema, ...errors() },
      },
    },
    async () => catalogue.facets(),
  );

  app.get(
    '/agents/:agentId',
    {
      schema: {
        tags,
        summary:
          "An agent's profile: skills, rating and reviews, retention, response time, recent activity, versions, demo",
        params: AgentParamsSchema,
        response: { 200: AgentProfileSchema, ...errors(404) },
      },
    },
    async (request) => catalogue.profile(request.params.agentId),
  );

  app.get(
    '/agents/:agentId/reviews',
    {
      schema: {
        tags,
        summary: "An agent's reviews, newest first",
        params: AgentParamsSchema,
        querystring: PageQuerySchema,
        response: { 200: ReviewPageSchema, ...errors(404) },
      },
    },
    async (request) => {
      catalogue.entry(request.params.agentId);
      return reviews.listForAgent(request.params.agentId, {
        ...defined(request.query),
        limit: request.query.limit,
      });
    },
  );

  app.get(
    '/skills/:skillId',
    {
      schema: {
        tags,
        summary: "A skill: what it does, its input's JSON Schema and the form to fill it in plain language",
        params: SkillParamsSchema,
        response: { 200: SkillInfoSchema, ...errors(404) },
      },
    },
    async (request) => catalogue.skillInfo(request.params.skillId),
  );

  app.post(
    '/agents/:agentId/demo',
    {
      bodyLimit: ctx.limits.demoMaxInputBytes * 2,
      config: {
        rateLimit: { max: ctx.limits.demoPerIpPerMinute, timeWindow: 60_000, keyGenerator: clientIp },
      },
      schema: {
        tags,
        summary:
          "Run the agent's offline demo skill on your input (no account; limited per IP per minute and per day)",
        params: AgentParamsSchema,
        body: DemoRequestSchema,
        response: { 200: DemoResultSchema, ...errors(402, 404, 412, 413) },
      },
    },
    async (request) => demo.run(request.params.agentId, request.body.input, clientIp(request)),
  );
}
