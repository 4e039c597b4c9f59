// The platform's HTTP server (Fastify 5 + zod type provider). Every route declares zod schemas, which
// feed both validation and the OpenAPI document at /openapi.json (interactive docs at /docs).
// Every error leaves as `{error:{code,message,details}}` with the status from errors.ts.
import Fastify, { LogController, type FastifyInstance, type FastifyError } from 'fastify';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { errorBody, PlatformError, toPlatformError } from '../errors.js';
import type { Logger } from '../components/observability/logger.js';
import type { Metrics } from '../components/observability/metrics.js';

export type App = FastifyInstance & { withTypeProvider(): FastifyInstance };

export interface CreateAppOptions {
  logger: Logger;
  metrics?: Metrics;
  bodyLimitBytes?: number;
  corsOrigins?: string[];
  /** Version shown in the OpenAPI document. */
  version?: string;
}

export async function createApp(options: CreateAppOptions) {
  const app = Fastify({
    loggerInstance: options.logger,
    // Per-request access lines are noise at our volumes; metrics and error logs carry what matters.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    trustProxy: true,
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(helmet, {
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
  await app.register(cors, {
    origin: options.corsOrigins && options.corsOrigins.length ? options.corsOrigins : false,
    credentials: true,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'WAOOAW platform API',
        version: options.version ?? '0.1.0',
        description: 'Marketplace, workflows, agents and operations.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          // Job workers' API keys (`wak_…`), also accepted as `Authorization: Bearer wak_…`.
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.setErrorHandler((error: FastifyError, request, reply) => {
    let err: PlatformError;
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        path: `${error.validationContext ?? 'body'}${v.instancePath ? v.instancePath.replaceAll('/', '.') : ''}`,
        message: v.message ?? 'invalid',
      }));
      err = new PlatformError(
        'VALIDATION',
        `Invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        {
          details: { issues },
        },
      );
    } else if (isResponseSerializationError(error)) {
      err = new PlatformError('INTERNAL', 'Response did not match its schema');
      request.log.error({ err: error }, 'response serialization failed');
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      err = new PlatformError('PAYLOAD_TOO_LARGE', error.message);
    } else if (
      error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      error.statusCode === 400 ||
      error.statusCode === 415
    ) {
      err = new PlatformError('BAD_REQUEST', error.message);
    } else if (error.statusCode === 429) {
      err = new PlatformError('RATE_LIMITED', error.message);
    } else {
      err = toPlatformError(error);
    }
    if (err.httpStatus >= 500) request.log.error({ err: error }, 'request failed');
    if (err.code === 'RATE_LIMITED' && !reply.getHeader('retry-after')) reply.header('retry-after', '60');
    void reply.status(err.httpStatus).send(errorBody(err));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send(
        errorBody(new PlatformError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`)),
      );
  });

  if (options.metrics) {
    const m = options.metrics;
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      m.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
      m.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    });
  }
  return app;
}

export type PlatformApp = Awaited<ReturnType<typeof createApp>>;
