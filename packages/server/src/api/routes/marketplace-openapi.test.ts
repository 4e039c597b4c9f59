import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marketplaceRoutes } from '../../contracts/contracts.js';
import { workRoutes } from '../../contracts/work.js';
import { createHarness, type Harness } from '../testing/marketplace-harness.js';

interface Operation {
  tags?: string[];
  summary?: string;
  security?: unknown[];
  responses: Record<string, unknown>;
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: unknown;
}
type OpenApi = { openapi: string; paths: Record<string, Record<string, Operation>> };

let h: Harness;
let doc: OpenApi;
const registered: Array<{ method: string; url: string }> = [];

beforeAll(async () => {
  h = await createHarness({
    beforeRegister: (app) =>
      app.addHook('onRoute', (route) => {
        for (const method of [route.method].flat())
          if (method !== 'HEAD' && route.url.startsWith('/api/v1/'))
            registered.push({ method, url: route.url });
      }),
  });
  doc = (await h.call('GET', '/openapi.json')).json() as OpenApi;
});
afterAll(async () => {
  await h.close();
});

const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

describe('the marketplace in /openapi.json', () => {
  it('is a valid OpenAPI 3 document', async () => {
    expect(doc.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('documents every registered /api/v1 route, and the contract lists exactly those routes', () => {
    const fromContract = Object.values(marketplaceRoutes)
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    // Work-order routes (contracts/work.ts) land part by part; each registered one is checked below.
    const work = new Set(Object.values(workRoutes).map((r) => `${r.method} ${r.path}`));
    expect(
      registered
        .map((r) => `${r.method} ${r.url}`)
        .filter((r) => !work.has(r))
        .sort(),
    ).toEqual(fromContract);
    for (const r of registered) {
      const op = doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.url}`).toBeDefined();
      expect(op!.summary, `${r.method} ${r.url} summary`).toBeTruthy();
      expect(op!.tags?.length, `${r.method} ${r.url} tags`).toBeGreaterThan(0);
      expect(Object.keys(op!.responses), `${r.method} ${r.url} responses`).toEqual(
        expect.arrayContaining(['400', '429']),
      );
    }
  });

  it('marks signed-in routes with bearer security and public ones with none, explicitly', () => {
    const served = new Set(registered.map((r) => `${r.method} ${r.url}`));
    const work = Object.values(workRoutes).filter((r) => served.has(`${r.method} ${r.path}`));
    for (const r of [...Object.values(marketplaceRoutes), ...work]) {
      const op = doc.paths[openApiPath(r.path)]![r.method.toLowerCase()]!;
      if (r.auth === 'none') expect(op.security, r.path).toEqual([]);
      else {
        expect(op.security, r.path).toEqual([{ bearer: [] }]);
        expect(Object.keys(op.responses), r.path).toContain('401');
      }
    }
  });

  it('describes request bodies, path parameters and query parameters', () => {
    const signup = doc.paths['/api/v1/auth/signup']!.post!;
    expect(JSON.stringify(signup.requestBody)).toContain('organisationName');
    const trial = doc.paths['/api/v1/trials/{id}']!.get!;
    expect(trial.parameters?.map((p) => `${p.in}:${p.name}`)).toContain('path:id');
    const list = doc.paths['/api/v1/agents']!.get!;
    expect(list.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        'q',
        'industry',
        'specialty',
        'skill',
        'status',
        'minRating',
        'minPrice',
        'maxPrice',
        'sort',
        'cursor',
        'limit',
      ]),
    );
  });
});
