// The platform's HTTP server (Fastify 5 + zod type provider). Every route declares zod schemas, which
// feed both validation and the OpenAPI document at /openapi.json (interactive docs at /docs).
// Every error leaves as `{error:{code,message,details}}` with the status from errors.ts.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  createJsonSchemaTransformObject,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { configSchema } from '../config.js';
import { PlatformError } from '../errors.js';
import { deferredChild, type Logger } from '../components/observability/logger.js';
import type { Metrics } from '../components/observability/metrics.js';
import { defaultLimits } from '../marketplace/deps.js';
import { adoptForwardedHeader, trustProxyOption } from './client-address.js';
import { apiHeaders, helmetHeaders, isApiPath } from './helmet-headers.js';
import { httpMetricsHooks } from './http-metrics.js';
import { handleClientError, handleFrameworkError, handleRequestError, sendError } from './http-errors.js';
import { parseJsonBody } from './json-body.js';
import { completeOpenApiDocument, describeOperation } from './openapi-document.js';
import { rateLimited, rateLimitOptions, type EdgeRateLimits, type SharedCounters } from './rate-limits.js';
import { CALLER, type RequestAuth } from './request-auth.js';
import { clientIp } from './client-address.js';
import { RouteMethods } from './route-methods.js';
import { registerHttpTracing } from './http-tracing.js';
import { localRateLimits } from './local-rate-limits.js';
import { keepingFrozenViews } from './frozen-view-serializer.js';

export type App = FastifyInstance & { withTypeProvider(): FastifyInstance };

export interface CreateAppOptions {
  logger: Logger;
  metrics?: Metrics;
  bodyLimitBytes?: number;
  corsOrigins?: string[];
  /** Version shown in the OpenAPI document. */
  version?: string;
  /** Proxies whose forwarding headers name the client (IPs, CIDRs); none by default. */
  trustedProxies?: readonly string[];
  /** Deepest nesting a JSON body may have (default 64). */
  jsonMaxDepth?: number;
  /** Resolves each request's caller from its bearer token, before rate limits; absent: all anonymous. */
  auth?: RequestAuth;
  /** Per-minute limits; `defaultEdgeRateLimits` when absent. */
  rateLimits?: EdgeRateLimits;
  /** Counters shared with the other API processes (Redis); per process when absent. */
  sharedCounters?: SharedCounters;
}

/** The marketplace's plan limits and the defaults of `http.rateLimit`. */
export const defaultEdgeRateLimits: EdgeRateLimits = {
  ratePerMinute: defaultLimits.ratePerMinute,
  ...configSchema.parse({}).http.rateLimit,
};

export async function createApp(options: CreateAppOptions) {
  const trustedProxies = options.trustedProxies ?? [];
  const jsonMaxDepth = options.jsonMaxDepth ?? 64;
  const limits = options.rateLimits ?? defaultEdgeRateLimits;
  const app = Fastify({
    loggerInstance: options.logger,
    // Per-request access lines are noise at our volumes; metrics and error logs carry what matters.
    logController: new LogController({ disableRequestLogging: true }),
    // A request's child logger is made when it first logs (most never do).
    childLoggerFactory: (logger, bindings, childOptions) => deferredChild(logger, bindings, childOptions),
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    // Forwarding headers are believed only from the configured proxies; without any, request.ip is
    // the socket's address, whatever X-Forwarded-For says.
    trustProxy: trustProxyOption(trustedProxies),
    frameworkErrors: handleFrameworkError,
    clientErrorHandler: handleClientError,
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(keepingFrozenViews(serializerCompiler));
  app.setErrorHandler(handleRequestError);

  // JSON bodies: depth measured before parsing, prototype keys refused (see json-body.ts).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string, jsonMaxDepth));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  // Hooks that must run before any route's own onRequest hooks (the rate limiter is one of those).
  if (trustedProxies.length) app.addHook('onRequest', async (request) => adoptForwardedHeader(request.raw));
  const auth = options.auth;
  // Each request carries its resolved caller in a slot declared up front (one shape for all requests).
  if (auth) app.decorateRequest(CALLER, null);
  // A callback hook: a caller known from memory costs no promise; otherwise resolve's own promise.
  if (auth)
    app.addHook('onRequest', (request, _reply, done) => {
      const pending = auth.resolve(request);
      if (pending) pending.then(() => done(), done);
      else done();
    });
  await app.register(rateLimit, rateLimitOptions(limits, auth, options.sharedCounters));
  // Counters of this process alone: one callback hook per route instead of the plugin's global one.
  if (!options.sharedCounters) app.addHook('onRoute', localRateLimits(limits, auth));
  // Unknown paths count against the caller's address like any public route, so scanning is limited.
  const limitUnknown = app.createRateLimit({
    keyGenerator: (request) => `unknown:ip:${clientIp(request)}`,
    max: limits.publicPerMinute,
  });

  const routeMethods = new RouteMethods();
  app.addHook('onRoute', (route) => {
    routeMethods.add(route.method, route.url);
    describeOperation(route);
  });
  registerHttpTracing(app);
  if (options.metrics) {
    // Callback hooks, one per route (its pattern known once) and one for unmatched answers.
    const metricsHooks = httpMetricsHooks(options.metrics);
    app.addHook('onRoute', metricsHooks.onRoute);
    app.addHook('onResponse', metricsHooks.onResponse);
  }

  // Security headers on every answer, as helmet makes them. They do not depend on the request, so
  // helmet runs once here and each answer gets the same headers (the Fastify plugin built helmet
  // again for every request, parsing the CSP each time). API answers get the API record instead
  // (decision 0072, fourth pass).
  const documentHeaders = helmetHeaders({
    // The SPA and the Swagger UI load their own scripts and styles from this origin only.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
      },
    },
  });
  const apiSecurityHeaders = apiHeaders(documentHeaders);
  app.addHook('onRequest', (request, reply, done) => {
    void reply.headers(isApiPath(request.url) ? apiSecurityHeaders : documentHeaders);
    done();
  });
  if (options.corsOrigins && options.corsOrigins.length)
    await app.register(cors, { origin: options.corsOrigins, credentials: true });
  // Without origins CORS is off; the plugin would still run its hook (copying its options) on every
  // request to add nothing. What it leaves visible is its OPTIONS route, which then answers as an
  // unknown path: kept as it was.
  else app.options('*', { schema: { hide: true } }, (_request, reply) => void reply.callNotFound());
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'WAOOAW platform API',
        version: options.version ?? '0.1.0',
        description: 'Marketplace, workflows, agents and operations.',
      },
      servers: [{ url: '/', description: 'This server' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          // Job workers' API keys (`wak_…`), also accepted as `Authorization: Bearer wak_…`.
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
    },
    transform: jsonSchemaTransform,
    // Schemas registered with an id (JsonValue) go to components; the library's default target for
    // them is JSON Schema 2020-12 even in a 3.0 document, hence the explicit one.
    transformObject: (input) =>
      completeOpenApiDocument(
        createJsonSchemaTransformObject({ zodToJsonConfig: { target: 'openapi-3.0' } })(input),
      ),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.setNotFoundHandler(async (request, reply) => {
    const limit = await limitUnknown(request);
    if (!limit.isAllowed && limit.isExceeded) {
      void reply.header('retry-after', String(limit.ttlInSeconds));
      return sendError(reply, rateLimited(limit.max, limit.ttl));
    }
    const path = request.url.split('?')[0] ?? '/';
    const allowed = routeMethods.allowed(path);
    if (allowed.length && !allowed.includes(request.method as (typeof allowed)[number])) {
      void reply.header('allow', allowed.join(', '));
      return sendError(
        reply,
        new PlatformError('METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${path}`, {
          details: { allowed },
        }),
      );
    }
    return sendError(reply, new PlatformError('NOT_FOUND', `No route ${request.method} ${path}`));
  });

  return app;
}

export type PlatformApp = Awaited<ReturnType<typeof createApp>>;
