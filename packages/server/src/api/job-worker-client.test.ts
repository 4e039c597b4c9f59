// The TypeScript job-worker client (`@waooaw/server/job-client`) against the real routes over loopback
// HTTP, on both stores: the worker loop completes a job with its handler's variables, turns a
// JobBpmnError into the task's error boundary and a thrown error into a failure with one retry fewer
// (of the default three); a repeated completion changes nothing; the platform's errors keep their codes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { silentLogger } from '../components/observability/logger.js';
import { chargeWorkflow } from './testing/charge-workflow.js';
import { PlatformError } from '../errors.js';
import { createPlatform, type Platform } from '../platform.js';
import { storeTargets } from '../testing/backends.js';
import { eventually } from '../testing/eventually.js';
import { testPostgres } from '../testing/services.js';
import { signIn } from './testing/test-platform.js';
import { createJobWorkerClient, JobBpmnError, runJobWorker } from './job-worker-client.js';

const charge = chargeWorkflow('ts-charge', 'ts.charge');

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`job-worker client over HTTP (${target.kind})`, () => {
    let platform: Platform;
    let dir: string;
    let dropPg: (() => Promise<void>) | undefined;
    let baseUrl: string;
    let apiKey: string;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'waooaw-job-client-'));
      const pg = target.kind === 'postgres' ? await testPostgres() : undefined;
      dropPg = pg ? () => pg.drop() : undefined;
      platform = await createPlatform(
        loadConfig({
          env: {},
          overrides: {
            http: { port: 0, host: '127.0.0.1' },
            keys: { dir: join(dir, 'keys') },
            store: pg ? { databaseUrl: pg.url } : { sqlitePath: join(dir, 'waooaw.db') },
          },
        }),
        { logger: silentLogger },
      );
      baseUrl = (await platform.start()).url!;
      await platform.engine.deploy({ format: 'json', model: charge });
      const admin = await signIn(platform, {
        email: 'ada@ops.test',
        password: 'Ada-Staff-Password-77',
        role: 'admin',
      });
      // The admin's own (internal) organisation works the platform's instances.
      const res = await fetch(`${baseUrl}/api/v1/admin/api-keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'ts-worker', jobTypes: ['ts.*'] }),
      });
      expect(res.status).toBe(201);
      apiKey = ((await res.json()) as { key: string }).key;
    }, 120_000);
    afterAll(async () => {
      await platform?.stop();
      await dropPg?.();
      rmSync(dir, { recursive: true, force: true });
    });

    it('works jobs in a loop: completes, throws BPMN errors, fails with one retry fewer', async () => {
      const client = createJobWorkerClient({ baseUrl, apiKey, workerId: 'ts-1' });
      const start = (instanceId: string, amount: number) =>
        platform.engine.startInstance('ts-charge', { instanceId, variables: { amount } });
      await start('ok', 10);
      await start('declined', 500);
      await start('flaky', -1);
      const stop = new AbortController();
      const seen: string[] = [];
      const loop = runJobWorker(client, {
        type: 'ts.charge',
        signal: stop.signal,
        waitMs: 200,
        retryBackoffMs: 3_600_000,
        handler: (job) => {
          seen.push(job.instanceId);
          const amount = job.variables.amount as number;
          if (amount > 100) throw new JobBpmnError('DECLINED', 'over the limit', { reason: 'limit' });
          if (amount < 0) throw new Error('card reader unplugged');
          return { charged: amount };
        },
      });
      const ok = await eventually(
        () => platform.engine.getInstance('ok'),
        (i) => i.status === 'completed',
        { what: 'ok completes', timeoutMs: 30_000 },
      );
      expect(ok.variables).toMatchObject({ charged: 10 });
      const declined = await eventually(
        () => platform.engine.getInstance('declined'),
        (i) => i.status === 'completed',
        { what: 'declined ends at the boundary', timeoutMs: 30_000 },
      );
      expect(declined.variables).toMatchObject({ reason: 'limit' });
      // The history is written behind the instance state (group commit): wait for its last step.
      await eventually(
        () => platform.engine.history('declined'),
        (h) => h.some((e) => e.type === 'token.ended' && e.elementId === 'refused'),
        { what: 'the declined instance ends at refused', timeoutMs: 30_000 },
      );
      const flaky = await eventually(
        () => platform.engine.jobs.list({ instanceId: 'flaky' }),
        (jobs) => jobs[0]?.retries === 2,
        { what: 'the failed job keeps two retries', timeoutMs: 30_000 },
      );
      expect(flaky[0]).toMatchObject({ state: 'open', errorMessage: 'card reader unplugged' });
      stop.abort();
      await loop;
      expect([...seen].sort()).toEqual(['declined', 'flaky', 'ok']);
    }, 120_000);

    it('answers a repeated completion as repeated and keeps the platform error codes', async () => {
      const client = createJobWorkerClient({ baseUrl: `${baseUrl}/`, apiKey, workerId: 'ts-2' });
      await platform.engine.startInstance('ts-charge', { instanceId: 'twice', variables: { amount: 1 } });
      const [job] = await eventually(
        () => client.activate({ type: 'ts.charge', waitMs: 1000, lockMs: 10_000 }),
        (jobs) => jobs.length === 1,
        { what: 'one job', timeoutMs: 30_000 },
      );
      const extended = await client.extend(job!.id, 60_000);
      expect(extended.lockUntil).toBeGreaterThanOrEqual(job!.lockUntil);
      expect(await client.complete(job!.id, { charged: 1 })).toMatchObject({
        state: 'completed',
        repeated: false,
      });
      expect(await client.complete(job!.id, { charged: 1 })).toMatchObject({
        state: 'completed',
        repeated: true,
      });

      const missing = await client.complete('no-such-job').catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(PlatformError);
      expect(missing).toMatchObject({ code: 'NOT_FOUND', details: { status: 404 } });
      const other = await client.activate({ type: 'payments.charge' }).catch((e: unknown) => e);
      expect(other).toMatchObject({ code: 'FORBIDDEN', details: { status: 403 } });
      const bad = createJobWorkerClient({ baseUrl, apiKey: 'wak_nope', workerId: 'x' });
      expect(await bad.activate({ type: 'ts.charge' }).catch((e: unknown) => e)).toMatchObject({
        code: 'UNAUTHENTICATED',
        details: { status: 401 },
      });
    }, 120_000);
  });
}
