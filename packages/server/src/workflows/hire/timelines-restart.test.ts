// Trials' and hires' deadlines are the engine's durable timers (one path): a platform that was down
// while a trial's reminders, its end and grace, and a hire's renewal fell due acts on them when it
// boots again — on SQLite (a file) and PostgreSQL, on a FakeClock, without starting new instances.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Hire, Trial } from '../../contracts/contracts.js';
import {
  createHarness,
  setup,
  type Harness,
  type HarnessOptions,
} from '../../api/testing/marketplace-harness.js';
import { runsOnStore } from '../../testing/backends.js';
import { testPostgres } from '../../testing/services.js';

const pg = runsOnStore('postgres') ? await testPostgres() : undefined;
afterAll(async () => {
  await pg?.drop();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const targets: Array<{ kind: string; store?: () => HarnessOptions }> = [
  {
    kind: 'sqlite',
    store: () => ({ sqlitePath: join(mkdtempSync(join(tmpdir(), 'waooaw-timers-')), 'm.db') }),
  },
  { kind: 'postgres', ...(pg ? { store: () => ({ postgresUrl: pg.url }) } : {}) },
];

for (const target of targets) {
  describe.skipIf(!target.store)(`durable trial and hire timers (${target.kind})`, () => {
    it('fire on boot when they fell due while the platform was down', async () => {
      const store = target.store!();
      let h: Harness = await createHarness({ ...store, startAt: T0 });
      const trialOwner = await h.customer('trial@acme.test');
      const hireOwner = await h.customer('hire@acme.test');
      const started = async (token: string, agentId: string) => {
        const res = await h.call('POST', '/api/v1/trials', { token, body: { agentId, setup } });
        expect(res.statusCode).toBe(201);
        return res.json() as Trial;
      };
      const trial = await started(trialOwner.accessToken, 'content-marketing');
      const converted = await started(hireOwner.accessToken, 'seo-specialist');
      const hire = (
        await h.call('POST', `/api/v1/trials/${converted.id}/convert`, {
          token: hireOwner.accessToken,
          body: { plan: 'monthly' },
        })
      ).json() as Hire;
      await h.settle();
      const instancesBefore = (await h.engine.listInstances({ limit: 50 })).items.map((i) => i.instanceId);
      expect(instancesBefore).toContain(`hire:${hire.id}:1`);
      await h.close();

      // Down while the 2 d, 1 d and 6 h reminders fell due: on boot the latest one goes out, once.
      h = await createHarness({ ...store, startAt: T0 + 6 * DAY + 20 * HOUR });
      await h.settle();
      const reminded = await h.store.mail.list({
        limit: 100,
        where: { userId: trialOwner.user.id, kind: 'trial-reminder' },
      });
      expect(reminded.items.map((m) => m.data.subject)).toEqual([
        '6 hours left in your Content Marketing Agent trial',
      ]);
      expect((await h.store.trials.get(trial.id))!.data.status).toBe('ACTIVE');
      await h.close();

      // 40 days after the start (the trial ended 33 days ago, the hire's first month 9 days ago).
      h = await createHarness({ ...store, startAt: T0 + 40 * DAY });
      try {
        await h.settle();
        const t = await h.store.trials.get(trial.id);
        expect(t!.data.status).toBe('EXPIRED');
        const mailKinds = (
          await h.store.mail.list({ limit: 100, where: { userId: trialOwner.user.id } })
        ).items.map((m) => m.data.kind);
        // The end of the grace period, once; no stale reminder.
        expect(mailKinds.filter((k) => k === 'trial-reminder')).toHaveLength(1);
        expect(mailKinds.filter((k) => k === 'trial-grace-ended')).toHaveLength(1);

        const renewed = await h.store.hires.get(hire.id);
        expect(renewed!.data.currentPeriodStart).toBe(Date.parse('2026-02-05T09:00:00.000Z'));
        expect(renewed!.data.currentPeriodEnd).toBe(Date.parse('2026-03-05T09:00:00.000Z'));
        const invoices = await h.store.invoices.list({ limit: 10, where: { hireId: hire.id } });
        expect(invoices.items).toHaveLength(2);
        // The same instances carried on: nothing was re-armed at start-up in their place.
        const hireInstances = await h.engine.listInstances({ definitionId: 'hire', limit: 10 });
        expect(hireInstances.items.map((i) => i.instanceId)).toEqual([`hire:${hire.id}:1`]);
        expect(hireInstances.items[0]!.state).toBe('waiting');
      } finally {
        await h.close();
      }
    }, 120_000);
  });
}
