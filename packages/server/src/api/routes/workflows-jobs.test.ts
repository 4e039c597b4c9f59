// The job-worker routes with API keys (decision 0032, issue 14), on both stores: admins issue, list and
// revoke keys (shown once, kept hashed); a key works only its own organisation's jobs — activation
// locks nothing of another's, and complete / fail / BPMN error / extend of another's job is a 404 —
// and only its job types; every job route checks the caller before the body (401/403, never 400);
// each key has its own rate-limit bucket rather than its address's anonymous one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { silentLogger } from '../../components/observability/logger.js';
import { chargeWorkflow } from '../testing/charge-workflow.js';
import { createPlatform, type Platform } from '../../platform.js';
import { storeTargets } from '../../testing/backends.js';
import { eventually } from '../../testing/eventually.js';
import { testPostgres } from '../../testing/services.js';
import { signIn } from '../testing/test-platform.js';

const payment = chargeWorkflow('payment', 'payments.charge');

const KEY_LIMIT = 12;

interface Job {
  id: string;
  instanceId: string;
}

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`job-worker routes with API keys (${target.kind})`, () => {
    let platform: Platform;
    let dir: string;
    let dropPg: (() => Promise<void>) | undefined;
    let admin: string;
    let customer: string;
    let tenantA: string;
    let tenantB: string;
    const keys: Record<string, { id: string; key: string }> = {};

    const call = (
      method: 'GET' | 'POST' | 'DELETE',
      url: string,
      auth?: { token?: string; key?: string },
      body?: unknown,
    ) =>
      platform.app.inject({
        method,
        url,
        headers: {
          ...(auth?.token ? { authorization: `Bearer ${auth.token}` } : {}),
          ...(auth?.key ? { 'x-api-key': auth.key } : {}),
        },
        ...(body === undefined ? {} : { payload: body as object }),
      });
    const jobsUrl = '/api/v1/workflows/jobs';
    const issue = async (name: string, jobTypes: string[], tenantId?: string) => {
      const res = await call(
        'POST',
        '/api/v1/admin/api-keys',
        { token: admin },
        {
          name,
          jobTypes,
          ...(tenantId ? { tenantId } : {}),
        },
      );
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json() as { id: string; key: string };
      keys[name] = { id: body.id, key: body.key };
      return body;
    };
    const activate = async (key: string) => {
      const res = await call(
        'POST',
        `${jobsUrl}/activate`,
        { key },
        { type: 'payments.charge', workerId: key.slice(0, 16) },
      );
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { jobs: Job[] }).jobs;
    };

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'waooaw-job-keys-'));
      const pg = target.kind === 'postgres' ? await testPostgres() : undefined;
      dropPg = pg ? () => pg.drop() : undefined;
      platform = await createPlatform(
        loadConfig({
          env: {},
          overrides: {
            http: { port: 0, rateLimit: { apiKeyPerMinute: KEY_LIMIT } },
            keys: { dir: join(dir, 'keys') },
            store: pg ? { databaseUrl: pg.url } : { sqlitePath: join(dir, 'waooaw.db') },
          },
        }),
        { logger: silentLogger },
      );
      await platform.engine.open();
      await platform.engine.deploy({ format: 'json', model: payment });
      admin = await signIn(platform, {
        email: 'ada@ops.test',
        password: 'Ada-Staff-Password-77',
        role: 'admin',
      });
      customer = await signIn(platform, { email: 'ann@alpha.test', password: 'Correct-Horse-Battery-9' });
      await signIn(platform, { email: 'bob@beta.test', password: 'Correct-Horse-Battery-9' });
      tenantA = (await platform.store.accounts.getByEmail('ann@alpha.test'))!.tenantId!;
      tenantB = (await platform.store.accounts.getByEmail('bob@beta.test'))!.tenantId!;
      // Each organisation's multi-agent job runs one payment workflow; a third is the platform's own.
      for (const [tenantId, name] of [
        [tenantA, 'a'],
        [tenantB, 'b'],
      ] as const) {
        await platform.store.jobs.insert({
          id: `job_${name}`,
          tenantId,
          data: {
            kind: 'request',
            title: 'pay',
            status: 'running',
            createdBy: 'usr_x',
            request: {},
            routing: [],
            instanceId: null,
            agentId: null,
            workflowInstanceId: `wf-${name}`,
            finishedAt: null,
          },
        });
        await platform.engine.startInstance('payment', {
          instanceId: `wf-${name}`,
          businessKey: `job_${name}`,
          variables: { amount: 10 },
        });
      }
      await platform.engine.startInstance('payment', { instanceId: 'wf-p', variables: { amount: 5 } });
      await eventually(
        () => platform.engine.jobs.list({ type: 'payments.charge', state: 'open' }),
        (open) => open.length === 3,
        { what: 'three open payment jobs' },
      );
    });
    afterAll(async () => {
      await platform?.engine.close();
      await platform?.stop();
      await dropPg?.();
      rmSync(dir, { recursive: true, force: true });
    });

    it('lets only admins issue, list and revoke keys; a key is shown once and never listed', async () => {
      expect((await call('POST', '/api/v1/admin/api-keys', undefined, { bad: true })).statusCode).toBe(401);
      expect(
        (await call('POST', '/api/v1/admin/api-keys', { token: customer }, { bad: true })).statusCode,
      ).toBe(403);
      expect((await call('GET', '/api/v1/admin/api-keys', { token: customer })).statusCode).toBe(403);
      const missing = await call(
        'POST',
        '/api/v1/admin/api-keys',
        { token: admin },
        {
          name: 'x',
          jobTypes: ['*'],
          tenantId: 'ten_missing',
        },
      );
      expect(missing.statusCode).toBe(404);

      const a = await issue('alpha', ['payments.*'], tenantA);
      expect(a.key).toMatch(/^wak_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
      expect(a).toMatchObject({
        tenantId: tenantA,
        name: 'alpha',
        jobTypes: ['payments.*'],
        revokedAt: null,
      });
      await issue('beta', ['payments.charge'], tenantB);
      await issue('platform', ['*']); // the admin's own (internal) organisation
      await issue('other-types', ['shipping.*'], tenantA);
      await issue('limited', ['payments.*'], tenantA);
      await issue('limited-2', ['payments.*'], tenantA);

      const listed = await call('GET', `/api/v1/admin/api-keys?tenantId=${tenantA}`, { token: admin });
      const items = (listed.json() as { items: Array<Record<string, unknown>> }).items;
      expect(items.map((k) => k.name).sort()).toEqual(['alpha', 'limited', 'limited-2', 'other-types']);
      expect(JSON.stringify(items)).not.toMatch(/wak_|hash/);
      const stored = await platform.store.documents.get<{ hash: string }>('api-keys', a.id);
      expect(stored?.data.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(stored)).not.toContain(a.key.split('_')[2]);
    });

    it('checks the caller before the body on every job route: 401/403, never 400', async () => {
      const routes = [
        `${jobsUrl}/activate`,
        `${jobsUrl}/x/complete`,
        `${jobsUrl}/x/fail`,
        `${jobsUrl}/x/bpmn-error`,
        `${jobsUrl}/x/extend`,
      ];
      for (const url of routes) {
        expect((await call('POST', url, undefined, { nonsense: [1] })).statusCode, url).toBe(401);
        expect((await call('POST', url, { token: customer }, { nonsense: [1] })).statusCode, url).toBe(403);
        const forged = await call(
          'POST',
          url,
          { key: `wak_${'a'.repeat(12)}_${'b'.repeat(43)}` },
          { nonsense: [1] },
        );
        expect(forged.statusCode, url).toBe(401);
        expect((await call('POST', url, { key: 'wak_nope' }, { nonsense: [1] })).json()).toMatchObject({
          error: { code: 'UNAUTHENTICATED', details: { reason: 'malformed' } },
        });
      }
      expect((await call('GET', `${jobsUrl}?limit=nonsense`)).statusCode).toBe(401);
      // A valid key with a bad body is a 400 (the caller is known); its job types are checked after.
      expect(
        (await call('POST', `${jobsUrl}/activate`, { key: keys.alpha!.key }, { type: 1 })).statusCode,
      ).toBe(400);
      const wrongType = await call(
        'POST',
        `${jobsUrl}/activate`,
        { key: keys['other-types']!.key },
        {
          type: 'payments.charge',
          workerId: 'w',
        },
      );
      expect(wrongType.statusCode).toBe(403);
    });

    it("activates only the key's own organisation's jobs, and refuses another's job as missing", async () => {
      const [mine, ...more] = await activate(keys.alpha!.key);
      expect(more).toEqual([]);
      expect(mine!.instanceId).toBe('wf-a');
      const [theirs] = await activate(keys.beta!.key);
      expect(theirs!.instanceId).toBe('wf-b');
      const [platformJob] = await activate(keys.platform!.key);
      expect(platformJob!.instanceId).toBe('wf-p');

      const alpha = { key: keys.alpha!.key };
      for (const [action, body] of [
        ['complete', { variables: {} }],
        ['fail', { message: 'no', retries: 0 }],
        ['bpmn-error', { code: 'DECLINED' }],
        ['extend', { lockMs: 60_000 }],
      ] as const) {
        const res = await call('POST', `${jobsUrl}/${encodeURIComponent(theirs!.id)}/${action}`, alpha, body);
        expect(res.statusCode, action).toBe(404);
      }
      const listed = (await call('GET', jobsUrl, alpha)).json() as { items: Array<{ instanceId: string }> };
      expect(listed.items.map((j) => j.instanceId)).toEqual(['wf-a']);

      // Its own job: extend (the heartbeat), then complete; the other organisation's key fails its own.
      const id = encodeURIComponent(mine!.id);
      expect((await call('POST', `${jobsUrl}/${id}/extend`, alpha, { lockMs: 60_000 })).statusCode).toBe(200);
      expect(
        (await call('POST', `${jobsUrl}/${id}/complete`, alpha, { variables: { paid: true } })).json(),
      ).toMatchObject({
        state: 'completed',
      });
      const failed = await call(
        'POST',
        `${jobsUrl}/${encodeURIComponent(theirs!.id)}/fail`,
        { key: keys.beta!.key },
        {
          message: 'card declined',
          retries: 0,
        },
      );
      expect(failed.json()).toMatchObject({ state: 'failed' });
      const thrown = await call(
        'POST',
        `${jobsUrl}/${encodeURIComponent(platformJob!.id)}/bpmn-error`,
        {
          key: keys.platform!.key,
        },
        { code: 'DECLINED' },
      );
      // The job ends failed; the BPMN error goes on to the task's error boundary.
      expect(thrown.json()).toMatchObject({ state: 'failed' });
    });

    it('gives each key its own rate-limit bucket, not its address', async () => {
      const statuses: number[] = [];
      for (let i = 0; i <= KEY_LIMIT; i++)
        statuses.push((await call('GET', jobsUrl, { key: keys.limited!.key })).statusCode);
      expect(statuses.slice(0, KEY_LIMIT).every((s) => s === 200)).toBe(true);
      expect(statuses[KEY_LIMIT]).toBe(429);
      // Another key from the same address is not limited by the first one's use.
      expect((await call('GET', jobsUrl, { key: keys['limited-2']!.key })).statusCode).toBe(200);
    });

    it('refuses a revoked key from the next request on, and audits issuing and revoking', async () => {
      const revoked = await call('DELETE', `/api/v1/admin/api-keys/${keys['other-types']!.id}`, {
        token: admin,
      });
      expect(revoked.statusCode).toBe(200);
      const after = await call('GET', jobsUrl, { key: keys['other-types']!.key });
      expect(after.statusCode).toBe(401);
      expect(after.json()).toMatchObject({ error: { details: { reason: 'revoked' } } });
      expect((await call('DELETE', '/api/v1/admin/api-keys/aaaaaaaaaaaa', { token: admin })).statusCode).toBe(
        404,
      );
      const audit = await platform.store.audit.list({ action: 'api-key.', limit: 100 });
      expect(audit.filter((e) => e.action === 'api-key.create')).toHaveLength(6);
      expect(audit.filter((e) => e.action === 'api-key.revoke').map((e) => e.resource)).toEqual([
        `api-key:${keys['other-types']!.id}`,
      ]);
    });
  });
}
