// Schedules and inbound webhooks through the HTTP API on every selected store: phrases and crons with
// their next runs, pause / resume / delete, tenant isolation, a schedule firing on the fake clock, and
// signed events (good, bad, stale, rotated, duplicated, mapped, rate-limited, counted).
import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../components/observability/metrics.js';
import { StoreSecrets } from '../../components/security/store-secrets.js';
import type { Session } from '../../contracts/contracts.js';
import type { Schedule, Webhook, WebhookWithSecret } from '../../contracts/work.js';
import { createIds } from '../../ids.js';
import {
  createWorkTriggers,
  type WorkTriggers,
} from '../../marketplace/work/triggers/create-work-triggers.js';
import {
  MemoryInstances,
  MemoryTasks,
  testInstance,
} from '../../marketplace/work/triggers/memory-work-ports.js';
import { runsOnStore } from '../../testing/backends.js';
import { testPostgres, type TestPostgres } from '../../testing/services.js';
import { parseJsonBody } from '../json-body.js';
import { createHarness, type Harness } from '../testing/marketplace-harness.js';
import { registerWorkTriggerRoutes } from './work-triggers.js';

type SchedulePageBody = { items: Schedule[] };

const EVENTS_PER_MINUTE = 5;

for (const kind of ['sqlite', 'postgres'] as const) {
  describe.skipIf(!runsOnStore(kind))(`work triggers API on ${kind}`, () => {
    let h: Harness;
    let pg: TestPostgres | undefined;
    let triggers: WorkTriggers;
    const instances = new MemoryInstances();
    const tasks = new MemoryTasks(instances);
    const metrics = createMetrics();
    let a: Session;
    let b: Session;
    let insA: string;
    let insB: string;

    beforeAll(async () => {
      pg = kind === 'postgres' ? await testPostgres() : undefined;
      h = await createHarness({
        ...(pg ? { postgresUrl: pg.url } : {}),
        register: async (app, edge) => {
          const secrets = new StoreSecrets({
            store: edge.store,
            clock: edge.clock,
            audit: edge.audit,
            masterKey: randomBytes(32).toString('hex'),
          });
          triggers = createWorkTriggers({
            store: edge.store,
            secrets,
            clock: edge.clock,
            ids: createIds(() => edge.clock.now()),
            instances,
            tasks,
            metrics,
            parseJson: parseJsonBody,
            eventsPerMinute: EVENTS_PER_MINUTE,
          });
          await registerWorkTriggerRoutes(app, { auth: edge.auth, ...triggers });
        },
      });
      a = await h.customer(`a-${kind}@acme.com`, 'Acme');
      b = await h.customer(`b-${kind}@other.com`, 'Other');
      insA = instances.add(testInstance(`ins_a_${kind}`, a.tenant.id)).id;
      insB = instances.add(testInstance(`ins_b_${kind}`, b.tenant.id)).id;
    });
    afterAll(async () => {
      await h?.close();
      await pg?.drop();
    });

    describe('schedules', () => {
      const create = (body: unknown, token = a.accessToken, instance = insA) =>
        h.call('POST', `/api/v1/instances/${instance}/schedules`, { token, body });

      it('reads a phrase into its cron and shows the next five runs in the instance time zone', async () => {
        const res = await create({
          skill: 'text.readability',
          input: { text: 'Hi.' },
          every: 'every weekday at 9',
        });
        expect(res.statusCode).toBe(201);
        const s = res.json() as Schedule;
        expect(s).toMatchObject({
          cron: '0 9 * * 1-5',
          description: 'Every weekday at 09:00 (Asia/Kolkata), within working hours',
          timezone: 'Asia/Kolkata',
          status: 'active',
          withinWorkingHours: true,
          lastRunAt: null,
          lastError: null,
        });
        // The harness starts on Monday 2026-01-05 09:00 UTC, 14:30 in Kolkata.
        expect(s.nextRuns).toEqual([
          '2026-01-06T03:30:00.000Z',
          '2026-01-07T03:30:00.000Z',
          '2026-01-08T03:30:00.000Z',
          '2026-01-09T03:30:00.000Z',
          '2026-01-12T03:30:00.000Z',
        ]);
      });

      it('takes a cron, and moves its runs into working hours unless told not to', async () => {
        const inHours = (
          await create({ skill: 'text.readability', input: {}, cron: '0 20 * * *' })
        ).json() as Schedule;
        expect(inHours.nextRuns[0]).toBe('2026-01-06T03:30:00.000Z');
        const raw = (
          await create({
            skill: 'text.readability',
            input: {},
            cron: '0 20 * * *',
            withinWorkingHours: false,
          })
        ).json() as Schedule;
        expect(raw.nextRuns[0]).toBe('2026-01-05T14:30:00.000Z');
        expect(raw.description).toBe('Cron "0 20 * * *" (Asia/Kolkata)');
      });

      it('refuses bad schedules with a 400 naming the field', async () => {
        for (const [body, field] of [
          [{ skill: 'x', input: {}, every: 'every funday at 9' }, 'every'],
          [{ skill: 'x', input: {}, cron: '0 0 9 * * *' }, 'cron'],
          [{ skill: 'x', input: {}, cron: '0 99 * * *' }, 'cron'],
          [{ skill: 'x', input: {}, cron: '0 9 * * *', every: 'every day at 9' }, 'cron'],
          [{ skill: 'x', input: {} }, 'cron'],
        ] as const) {
          const res = await create(body);
          expect(res.statusCode, JSON.stringify(body)).toBe(400);
          expect(JSON.stringify(res.json())).toContain(field);
        }
      });

      it('pauses, resumes and deletes; another tenant gets 404 for all of it', async () => {
        const s = (
          await create({ skill: 'text.readability', input: {}, every: 'every day at 18:00' })
        ).json() as Schedule;
        for (const [method, url] of [
          ['POST', `/api/v1/schedules/${s.id}/pause`],
          ['POST', `/api/v1/schedules/${s.id}/resume`],
          ['DELETE', `/api/v1/schedules/${s.id}`],
          ['GET', `/api/v1/instances/${insA}/schedules`],
          ['POST', `/api/v1/instances/${insA}/schedules`],
        ] as const) {
          const res = await h.call(method, url, {
            token: b.accessToken,
            ...(method === 'POST' && url.endsWith('schedules')
              ? { body: { skill: 'x', input: {}, every: 'every hour' } }
              : {}),
          });
          expect(res.statusCode, `${method} ${url}`).toBe(404);
        }
        expect((await h.call('GET', `/api/v1/instances/${insA}/schedules`)).statusCode).toBe(401);

        const paused = (
          await h.call('POST', `/api/v1/schedules/${s.id}/pause`, { token: a.accessToken })
        ).json() as Schedule;
        expect(paused).toMatchObject({ status: 'paused', nextRuns: [] });
        const resumed = (
          await h.call('POST', `/api/v1/schedules/${s.id}/resume`, { token: a.accessToken })
        ).json() as Schedule;
        expect(resumed.status).toBe('active');
        expect(resumed.nextRuns).toHaveLength(5);
        expect(
          (await h.call('DELETE', `/api/v1/schedules/${s.id}`, { token: a.accessToken })).statusCode,
        ).toBe(204);
        expect(
          (await h.call('DELETE', `/api/v1/schedules/${s.id}`, { token: a.accessToken })).statusCode,
        ).toBe(404);
        const listed = (
          await h.call('GET', `/api/v1/instances/${insA}/schedules`, { token: a.accessToken })
        ).json() as SchedulePageBody;
        expect(listed.items.map((x) => x.id)).not.toContain(s.id);
      });

      it('refuses schedules on an ended instance with 409', async () => {
        const ended = instances.add(testInstance(`ins_ended_${kind}`, a.tenant.id, { status: 'ended' }));
        const res = await create({ skill: 'x', input: {}, every: 'every hour' }, a.accessToken, ended.id);
        expect(res.statusCode).toBe(409);
        expect(res.json()).toMatchObject({ error: { details: { reason: 'instance-ended' } } });
      });

      it('fires on the fake clock: the task sch_<schedule>_<fire time> is created once', async () => {
        const s = (
          await create(
            { skill: 'text.readability', input: { text: 'Daily.' }, every: 'every 15 minutes' },
            b.accessToken,
            insB,
          )
        ).json() as Schedule;
        const fireAt = Date.parse(s.nextRuns[0]!);
        await h.advance(fireAt - h.clock.now());
        await triggers.worker.tick();
        await triggers.worker.tick();
        const taskId = `sch_${s.id}_${fireAt}`;
        expect(tasks.calls.filter((c) => c.scheduleId === s.id)).toEqual([
          expect.objectContaining({
            taskId,
            source: 'schedule',
            input: { text: 'Daily.' },
            tenantId: b.tenant.id,
          }),
        ]);
        const listed = (
          await h.call('GET', `/api/v1/instances/${insB}/schedules`, { token: b.accessToken })
        ).json() as SchedulePageBody;
        expect(listed.items.find((x) => x.id === s.id)).toMatchObject({ lastTaskId: taskId });
      });
    });

    describe('webhooks', () => {
      const sign = (secret: string, body: string, at = Math.floor(h.clock.now() / 1000)) => ({
        'content-type': 'application/json',
        'x-waooaw-timestamp': String(at),
        'x-waooaw-signature': `sha256=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}`,
      });
      const post = (hook: string, body: string, headers: Record<string, string>, eventId?: string) =>
        h.app.inject({
          method: 'POST',
          url: `/api/v1/hooks/${hook}`,
          payload: body,
          headers: { ...headers, ...(eventId === undefined ? {} : { 'x-waooaw-event-id': eventId }) },
        });
      const createHook = async (
        body: object = { skill: 'text.readability', input: { text: 'fixed', lang: 'en' } },
      ) => {
        const res = await h.call('POST', `/api/v1/instances/${insA}/webhooks`, {
          token: a.accessToken,
          body,
        });
        expect(res.statusCode).toBe(201);
        return res.json() as WebhookWithSecret;
      };
      const listHooks = async () =>
        (
          (await h.call('GET', `/api/v1/instances/${insA}/webhooks`, { token: a.accessToken })).json() as {
            items: Webhook[];
          }
        ).items;

      // Each test starts in a fresh rate window.
      beforeEach(async () => h.advance(60_000));

      it('shows the secret once, then only a hint; a signed event becomes a task, a replay is a duplicate', async () => {
        const hook = await createHook();
        expect(hook.secret).toMatch(/^whsec_/);
        expect(hook.secretHint).toBe(`…${hook.secret.slice(-4)}`);
        expect(hook.url).toBe(`/api/v1/hooks/${hook.id}`);
        expect(hook.signing).toEqual({
          signatureHeader: 'x-waooaw-signature',
          timestampHeader: 'x-waooaw-timestamp',
          eventIdHeader: 'x-waooaw-event-id',
        });
        const listing = await h.call('GET', `/api/v1/instances/${insA}/webhooks`, { token: a.accessToken });
        expect(listing.body).not.toContain(hook.secret);

        const body = JSON.stringify({ text: 'New lead: Asha from Pune.' });
        const first = await post(hook.id, body, sign(hook.secret, body), 'evt-1');
        expect(first.statusCode).toBe(202);
        expect(first.json()).toEqual({ accepted: true, taskId: `whk_${hook.id}_evt-1`, duplicate: false });
        expect(tasks.tasks.get(`whk_${hook.id}_evt-1`)).toMatchObject({
          source: 'webhook',
          webhookId: hook.id,
          skill: 'text.readability',
          input: { text: 'New lead: Asha from Pune.', lang: 'en' },
        });
        const again = await post(hook.id, body, sign(hook.secret, body), 'evt-1');
        expect(again.statusCode).toBe(200);
        expect(again.json()).toMatchObject({ duplicate: true, taskId: `whk_${hook.id}_evt-1` });
        expect(tasks.calls.filter((c) => c.webhookId === hook.id)).toHaveLength(2);
        expect([...tasks.tasks.keys()].filter((k) => k.startsWith(`whk_${hook.id}`))).toHaveLength(1);
        expect((await listHooks()).find((w) => w.id === hook.id)).toMatchObject({
          counts: { accepted: 1, duplicates: 1, badSignature: 0 },
          lastEventAt: new Date(h.clock.now()).toISOString(),
        });
      });

      it('answers 401 to a bad, missing or stale signature, counts it and creates nothing', async () => {
        const hook = await createHook();
        const body = JSON.stringify({ text: 'x' });
        const before = tasks.calls.length;
        const cases = [
          sign('whsec_not-the-secret', body),
          {
            'content-type': 'application/json',
            'x-waooaw-timestamp': String(Math.floor(h.clock.now() / 1000)),
          },
          sign(hook.secret, body, Math.floor(h.clock.now() / 1000) - 301),
          sign(hook.secret, JSON.stringify({ text: 'y' })),
        ];
        for (const headers of cases) {
          const res = await post(hook.id, body, headers, 'evt-bad');
          expect(res.statusCode).toBe(401);
          expect(res.json()).toMatchObject({ error: { code: 'SIGNATURE_INVALID' } });
        }
        expect(tasks.calls.length).toBe(before);
        expect((await listHooks()).find((w) => w.id === hook.id)?.counts.badSignature).toBe(cases.length);
        const scrape = await metrics.registry.metrics();
        expect(scrape).toMatch(/waooaw_inbound_webhook_events_total\{outcome="bad_signature"\} [4-9]/);
      });

      it('rotates the secret: the old one stops verifying at once', async () => {
        const hook = await createHook();
        const rotated = (
          await h.call('POST', `/api/v1/webhooks/${hook.id}/rotate`, { token: a.accessToken })
        ).json() as WebhookWithSecret;
        expect(rotated.secret).not.toBe(hook.secret);
        const body = JSON.stringify({ text: 'after rotation' });
        expect((await post(hook.id, body, sign(hook.secret, body), 'evt-r')).statusCode).toBe(401);
        expect((await post(hook.id, body, sign(rotated.secret, body), 'evt-r')).statusCode).toBe(202);
      });

      it('maps event fields into the task input by dotted paths', async () => {
        const hook = await createHook({
          skill: 'text.readability',
          input: { lang: 'en' },
          mapping: { text: 'data.contact.note', source: 'type' },
        });
        const body = JSON.stringify({
          type: 'lead.created',
          data: { contact: { note: 'Call me.' } },
          extra: 1,
        });
        const res = await post(hook.id, body, sign(hook.secret, body), 'lead-42');
        expect(res.statusCode).toBe(202);
        expect(tasks.tasks.get(`whk_${hook.id}_lead-42`)?.input).toEqual({
          lang: 'en',
          text: 'Call me.',
          source: 'lead.created',
        });
      });

      it('refuses a missing event id or a body that is not JSON with 400, an unknown hook with 404', async () => {
        const hook = await createHook();
        const body = JSON.stringify({ text: 'x' });
        expect((await post(hook.id, body, sign(hook.secret, body))).statusCode).toBe(400);
        expect((await post(hook.id, body, sign(hook.secret, body), 'bad id!')).statusCode).toBe(400);
        expect((await post(hook.id, '{nope', sign(hook.secret, '{nope'), 'evt-j')).statusCode).toBe(400);
        expect((await post(hook.id, '[1]', sign(hook.secret, '[1]'), 'evt-a')).statusCode).toBe(400);
        expect((await post('wh_unknown', body, sign(hook.secret, body), 'evt-u')).statusCode).toBe(404);
      });

      it('rate-limits events per tenant across its webhooks', async () => {
        const one = await createHook();
        const two = await createHook();
        const body = JSON.stringify({ text: 'burst' });
        const codes: number[] = [];
        for (let i = 0; i < EVENTS_PER_MINUTE + 2; i++) {
          const hook = i % 2 === 0 ? one : two;
          codes.push((await post(hook.id, body, sign(hook.secret, body), `burst-${i}`)).statusCode);
        }
        expect(codes.filter((c) => c === 202)).toHaveLength(EVENTS_PER_MINUTE);
        expect(codes.slice(EVENTS_PER_MINUTE)).toEqual([429, 429]);
        // Another tenant is not limited by this one's burst.
        const other = (
          await h.call('POST', `/api/v1/instances/${insB}/webhooks`, {
            token: b.accessToken,
            body: { skill: 'text.readability' },
          })
        ).json() as WebhookWithSecret;
        expect((await post(other.id, body, sign(other.secret, body), 'b-1')).statusCode).toBe(202);
        await h.advance(60_000);
        expect((await post(one.id, body, sign(one.secret, body), 'after-window')).statusCode).toBe(202);
      });

      it('deletes a webhook (its URL then answers 404); another tenant cannot rotate or delete it', async () => {
        const hook = await createHook();
        for (const [method, url] of [
          ['POST', `/api/v1/webhooks/${hook.id}/rotate`],
          ['DELETE', `/api/v1/webhooks/${hook.id}`],
          ['GET', `/api/v1/instances/${insA}/webhooks`],
        ] as const)
          expect((await h.call(method, url, { token: b.accessToken })).statusCode, `${method} ${url}`).toBe(
            404,
          );
        expect(
          (await h.call('DELETE', `/api/v1/webhooks/${hook.id}`, { token: a.accessToken })).statusCode,
        ).toBe(204);
        const body = JSON.stringify({ text: 'late' });
        expect((await post(hook.id, body, sign(hook.secret, body), 'evt-late')).statusCode).toBe(404);
      });
    });
  });
}
