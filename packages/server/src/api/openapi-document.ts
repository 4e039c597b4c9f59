// Completes the OpenAPI document @fastify/swagger builds from the routes' zod schemas: stable
// operation ids, explicit `security: []` on public operations, the real media type of non-JSON
// answers (a route marks them with `.describe('<media type>')` on its 200 schema), and the error
// answers every operation can give (429 from the rate limiter, `default` for any other error).
import type { RouteOptions } from 'fastify';
import { marketplaceRoutes } from '../contracts/contracts.js';

const contractNames = new Map<string, string>(
  Object.entries(marketplaceRoutes).map(([name, r]) => [`${r.method} ${r.path}`, name]),
);

/** `POST /api/v1/workflows/instances/:id/cancel` → `postWorkflowsInstancesByIdCancel`. */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/v1\//, '/')
    .split('/')
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part))
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('');
}

/** onRoute hook body: names the operation and makes public operations say so. */
export function describeOperation(route: RouteOptions): void {
  const method = [route.method].flat()[0]!;
  if (method === 'HEAD' || !route.schema || route.schema.hide) return;
  const schema = route.schema as Record<string, unknown>;
  schema.operationId ??= contractNames.get(`${method} ${route.url}`) ?? operationIdOf(method, route.url);
  schema.security ??= [];
}

type Json = Record<string, unknown>;
const mediaType = /^[a-z]+\/[a-z0-9.+-]+$/;
const binaryTypes = new Set(['application/zip', 'application/pdf', 'application/octet-stream']);

const errorBodyRef = { $ref: '#/components/schemas/ErrorBody' };
const errorBodySchema = {
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', description: 'Stable machine-readable code (docs/errors.md)' },
        message: { type: 'string' },
        details: { type: 'object', additionalProperties: {} },
      },
    },
  },
};

/** A 200 answer whose schema is only a media-type marker becomes that media type's content. */
function realMediaType(response: Json): void {
  const content = response.content as Record<string, { schema?: Json }> | undefined;
  const schema = content?.['application/json']?.schema;
  const type = typeof schema?.description === 'string' ? schema.description : undefined;
  if (!type || !mediaType.test(type)) return;
  response.content = {
    [type]: { schema: binaryTypes.has(type) ? { type: 'string', format: 'binary' } : { type: 'string' } },
  };
  if (response.description === type || response.description === 'Default Response')
    response.description = `A ${type} document`;
}

/** `{allOf: [X]}` (how zod wraps a lone `$ref`) → X, everywhere below `node`. */
function unwrapLoneAllOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(unwrapLoneAllOf);
  if (typeof node !== 'object' || node === null) return node;
  const entries = Object.entries(node as Json);
  const allOf = (node as Json).allOf;
  if (entries.length === 1 && Array.isArray(allOf) && allOf.length === 1) return unwrapLoneAllOf(allOf[0]);
  return Object.fromEntries(entries.map(([k, v]) => [k, unwrapLoneAllOf(v)]));
}

/** swagger `transformObject`: the finishing touches on the whole document. */
export function completeOpenApiDocument<T>(document: T): T {
  const doc = document as Json & { paths?: Record<string, Record<string, Json>>; components?: Json };
  const components = (doc.components ??= {}) as Json;
  const schemas = (components.schemas ??= {}) as Json;
  schemas.ErrorBody ??= errorBodySchema;
  if (doc.paths) doc.paths = unwrapLoneAllOf(doc.paths) as typeof doc.paths;
  nullInNullableEnums(doc);
  for (const operations of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      const responses = (operation.responses ??= {}) as Record<string, Json>;
      for (const [status, response] of Object.entries(responses)) {
        if (status.startsWith('2')) realMediaType(response);
      }
      responses['429'] ??= {
        description: 'Too many requests; retry after the number of seconds in Retry-After',
        headers: { 'Retry-After': { schema: { type: 'integer' } } },
        content: { 'application/json': { schema: errorBodyRef } },
      };
      responses.default ??= {
        description: 'Any other error (docs/errors.md lists the codes and their statuses)',
        content: { 'application/json': { schema: errorBodyRef } },
      };
    }
  }
  return document;
}

/**
 * OpenAPI 3.0.3: `nullable: true` does not widen an `enum`, so a nullable enum lists `null` itself —
 * otherwise a strict reader refuses the `null` the API answers (zod's `.nullable()` on an enum).
 */
function nullInNullableEnums(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) nullInNullableEnums(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Json & { nullable?: unknown; enum?: unknown };
  if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null))
    schema.enum = [...(schema.enum as unknown[]), null];
  for (const value of Object.values(schema)) nullInNullableEnums(value);
}
