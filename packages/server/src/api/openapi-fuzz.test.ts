// Fuzzes the whole HTTP API from its own /openapi.json: fast-check builds requests for every
// documented operation — valid and hostile parameters, queries and bodies (huge, deeply nested,
// unicode, NUL, prototype keys, wrong content types) and forged credentials — and each answer must be
// below 500 and match the schema and media type documented for its status (or the `default` error
// body). A fixed seed keeps CI deterministic; FUZZ_RUNS and FUZZ_SEED explore further by hand.
import { Ajv } from 'ajv';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../platform.js';
import { setup } from './testing/marketplace-harness.js';
import { createTestPlatform, signIn, verifiedCustomer } from './testing/test-platform.js';
import { hostileJson, hostileString, SchemaArbitraries, type Schema } from './testing/schema-arbitrary.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_206);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

interface Operation {
  method: string;
  path: string;
  parameters?: Array<{ name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: Schema }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

let platform: Platform;
let document: Schema;
let operations: Operation[];
let arbitraries: SchemaArbitraries;
const tokens: Record<string, string> = {};
let validated = 0;
const knownIds: string[] = [];
const ajv = new Ajv({ strict: false, validateSchema: false, allErrors: false });
ajv.addFormat('binary', true);

/** OpenAPI 3.0's boolean exclusiveMinimum/Maximum → the numeric form Ajv (JSON Schema 7+) reads. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Schema = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, toJsonSchema(v)]));
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else if (out[flag] === false) delete out[flag];
  }
  return out;
}

const pointer = (...parts: string[]) =>
  parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

beforeAll(async () => {
  platform = await createTestPlatform({
    // The fuzzer is one client at thousands of requests a minute: let it reach the routes.
    http: {
      rateLimit: { staffPerMinute: 1_000_000, probesPerMinute: 1_000_000, publicPerMinute: 1_000_000 },
    },
    github: { webhookSecret: 'fuzz-webhook-secret' },
  });
  tokens.staff = await signIn(platform, {
    email: 'ops@fuzz.test',
    password: 'staff password 1',
    role: 'admin',
  });
  tokens.customer = await verifiedCustomer(platform, {
    email: 'c@fuzz.test',
    password: 'customer password 1',
  });
  // Real ids (an agent, a trial with its first deliverable and approval) let requests past the 404s.
  const get = async (url: string) =>
    (
      await platform.app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${tokens.customer}` },
      })
    ).json() as {
      items: Array<{ id: string; status?: string }>;
    };
  const agents = (await get('/api/v1/agents?limit=50')).items;
  const trial = await platform.app.inject({
    method: 'POST',
    url: '/api/v1/trials',
    headers: { authorization: `Bearer ${tokens.customer}` },
    payload: { agentId: agents.find((a) => a.status === 'available')!.id, setup },
  });
  if (trial.statusCode !== 201) throw new Error(`trial not started: ${trial.body}`);
  knownIds.push(
    (trial.json() as { id: string }).id,
    ...agents.slice(0, 3).map((a) => a.id),
    ...(await get('/api/v1/deliverables')).items.map((d) => d.id),
    ...(await get('/api/v1/approvals')).items.map((a) => a.id),
  );
  document = (await platform.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  ajv.addSchema(toJsonSchema(document) as Schema, 'openapi');
  arbitraries = new SchemaArbitraries(document);
  operations = Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(
    ([path, ops]) =>
      Object.entries(ops)
        // An event stream never ends, so inject() would wait for ever; its media type is checked by the lint test.
        .filter(([, op]) => !op.responses['200']?.content?.['text/event-stream'])
        .map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })),
  );
});
afterAll(async () => {
  await platform.stop();
});

const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 60,
});

function credentials(): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 6, arbitrary: fc.constantFrom('customer', 'staff').map((who) => `Bearer ${tokens[who]}`) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('customer', 'staff')
        .map((who) => `Bearer ${tokens[who]!.slice(0, -6)}AAAAAA`),
    },
    { weight: 1, arbitrary: fc.constant('Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.') },
    { weight: 1, arbitrary: printable.map((s) => `Bearer ${s}`) },
    { weight: 1, arbitrary: printable },
  );
}

function encode(value: unknown): string {
  try {
    return encodeURIComponent(String(value));
  } catch {
    return 'x'; // a lone surrogate cannot be percent-encoded
  }
}

function requestFor(op: Operation) {
  const params = op.parameters ?? [];
  const value = (schema: Schema) =>
    fc.oneof({ weight: 3, arbitrary: arbitraries.valid(schema) }, { weight: 1, arbitrary: hostileString });
  const id = (schema: Schema) =>
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...knownIds) }, { weight: 2, arbitrary: value(schema) });
  const pathParams = fc.record(
    Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, id(p.schema)])),
  );
  const query = fc.record(
    Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, value(p.schema)])),
    {
      requiredKeys: [],
    },
  );
  const headers = fc.record(
    Object.fromEntries(params.filter((p) => p.in === 'header').map((p) => [p.name, printable])),
    {
      requiredKeys: [],
    },
  );
  const schema = op.requestBody?.content['application/json']?.schema;
  const body: fc.Arbitrary<{ type?: string; payload?: string }> = fc.oneof(
    ...(schema
      ? [
          {
            weight: 4,
            arbitrary: arbitraries
              .valid(schema)
              .map((v) => ({ type: 'application/json', payload: JSON.stringify(v) })),
          },
          {
            weight: 3,
            arbitrary: arbitraries
              .mutated(schema)
              .map((v) => ({ type: 'application/json', payload: JSON.stringify(v) ?? 'null' })),
          },
        ]
      : [{ weight: 4, arbitrary: fc.constant({}) }]),
    {
      weight: 1,
      arbitrary: hostileJson.map((v) => ({ type: 'application/json', payload: JSON.stringify(v) ?? '' })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { type: 'application/json', payload: '{"a":' },
        { type: 'application/json', payload: '['.repeat(10_000) },
        { type: 'application/json', payload: '' },
        { type: 'text/plain', payload: 'hello' },
        { type: 'application/xml', payload: '<a/>' },
        { type: 'application/x-www-form-urlencoded', payload: 'a=1' },
        { type: 'application/json', payload: '\u0000' },
      ),
    },
  );
  return fc.record({
    pathParams,
    query,
    headers,
    body,
    authorization: credentials(),
    ip: fc.integer({ min: 1, max: 60_000 }),
  });
}

function check(op: Operation, res: LightMyRequestResponse): string | undefined {
  if (res.statusCode >= 500) return `status ${res.statusCode}: ${res.body.slice(0, 300)}`;
  const status = String(res.statusCode);
  const key = op.responses[status] ? status : 'default';
  const documented = op.responses[key];
  if (!documented) return `status ${status} is not documented`;
  if (!documented.content) return undefined;
  const mediaType = String(res.headers['content-type'] ?? '').split(';')[0]!;
  if (!documented.content[mediaType])
    return `content-type ${mediaType} for ${status}, documented ${Object.keys(documented.content).join(', ')}`;
  if (mediaType !== 'application/json') return undefined;
  const ref = `openapi#/${pointer('paths', op.path, op.method.toLowerCase(), 'responses', key, 'content', mediaType, 'schema')}`;
  const validate = ajv.getSchema(ref);
  if (!validate) return `no schema at ${ref}`;
  validated += 1;
  if (!validate(res.json()))
    return `${status} body does not match its schema: ${ajv.errorsText(validate.errors)} — ${res.body.slice(0, 300)}`;
  return undefined;
}

describe('the API under fuzzing from its OpenAPI document', () => {
  it('answers every generated request below 500 and as documented', async () => {
    const byStatus = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations).chain((op) => requestFor(op).map((r) => ({ op, ...r }))),
        async ({ op, pathParams, query, headers, body, authorization, ip }) => {
          const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
            encode((pathParams as Record<string, unknown>)[name]),
          );
          const search = new URLSearchParams(
            Object.entries(query as Record<string, unknown>).map(([k, v]): [string, string] => [
              k,
              typeof v === 'string' ? v : JSON.stringify(v),
            ]),
          ).toString();
          const res = await platform.app.inject({
            method: op.method as 'GET',
            url: search ? `${path}?${search}` : path,
            remoteAddress: `10.${Math.floor(ip / 250) % 250}.${ip % 250}.1`,
            headers: {
              ...(headers as Record<string, string>),
              ...(authorization === undefined ? {} : { authorization }),
              ...(body.type ? { 'content-type': body.type } : {}),
            },
            ...(body.payload === undefined ? {} : { payload: body.payload }),
          });
          byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1);
          const problem = check(op, res);
          if (problem) throw new Error(`${op.method} ${op.path} → ${problem}`);
        },
      ),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    if (process.env.FUZZ_REPORT) console.log(Object.fromEntries(byStatus), { validated });
    expect(validated).toBeGreaterThan(RUNS / 2);
    // The generator reaches past the gates: successes, validation failures and auth refusals all occur.
    for (const status of [200, 400, 401])
      expect(byStatus.get(status) ?? 0, `answers with ${status}`).toBeGreaterThan(0);
  }, 600_000); // generous: 2,000 requests over every route on a busy 2-core machine
});
