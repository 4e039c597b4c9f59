import { describe, expect, it } from 'vitest';
import type { Session, Trial } from '../contracts/contracts.js';
import { FakeClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { setup } from '../api/testing/marketplace-harness.js';
import { silentLogger } from '../components/observability/logger.js';
import { createPlatform, type Platform } from '../platform.js';
import { eventually } from '../testing/eventually.js';
import { readReferenceWorkflows } from '../assets/reference-workflow-files.js';
import { deployReferenceWorkflows, registerReferenceWorkflows } from './register-reference-workflows.js';
import { createTrialTimeline } from './trial/trial-timeline.js';
import { testSkillRunner } from '../runtime/testing/test-skill-runner.js';

const DAY = 86_400_000;

async function customer(platform: Platform, email: string): Promise<Session> {
  const call = (url: string, payload: object) => platform.app.inject({ method: 'POST', url, payload });
  await call('/api/v1/auth/signup', {
    email,
    password: 'correct horse battery',
    name: 'Ana',
    organisationName: 'Acme Clinics',
  });
  const signedIn = await call('/api/v1/auth/login', { email, password: 'correct horse battery' });
  const userId = (signedIn.json() as Session).user.id;
  const mail = (
    await platform.store.mail.list({
      where: { userId, kind: 'verify-email' },
    })
  ).items[0]!;
  await call('/api/v1/auth/verify-email', {
    token: new URL(mail.data.actionUrl!, 'http://x').searchParams.get('token'),
  });
  return (await call('/api/v1/auth/login', { email, password: 'correct horse battery' })).json() as Session;
}

describe('registerReferenceWorkflows on the embedded platform', () => {
  it('deploys the five workflows; a marketplace trial starts its trial instance and an opened PR its review', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 5, 9, 0, 0));
    const config = loadConfig({
      env: {},
      overrides: { store: { sqlitePath: ':memory:' }, http: { port: 0 } },
    });
    const platform = await createPlatform(config, { logger: silentLogger, clock });
    const workflows = await registerReferenceWorkflows({
      ...platform,
      definitions: await readReferenceWorkflows(),
      marketplace: platform.marketplace,
      trialTimeline: createTrialTimeline({ engine: platform.engine, store: platform.store }),
      logger: silentLogger,
      skills: testSkillRunner(platform),
    });
    try {
      await platform.start();
      expect((await platform.engine.listDefinitions()).map((d) => d.definitionId).sort()).toEqual([
        'campaign',
        'daily-report',
        'hire',
        'pr-review',
        'trial',
      ]);
      // Another process deploying the same files creates no new versions.
      expect(
        (await deployReferenceWorkflows(platform.engine, await readReferenceWorkflows())).map(
          (r) => r.created,
        ),
      ).toEqual([false, false, false, false, false]);

      const session = await customer(platform, 'ana@acme.test');
      const res = await platform.app.inject({
        method: 'POST',
        url: '/api/v1/trials',
        headers: { authorization: `Bearer ${session.accessToken}` },
        payload: { agentId: 'content-marketing', setup },
      });
      expect(res.statusCode).toBe(201);
      const trial = res.json() as Trial;
      expect(trial.workflowInstanceId).toBe(`trial:${trial.id}`);
      const view = await eventually(
        () => platform.engine.getInstance(trial.workflowInstanceId!),
        (v) => v.timers.some((t) => t.elementId === 'wait_2d_left'),
        { what: 'the trial period to start' },
      );
      expect(view.businessKey).toBe(trial.id);
      expect(view.timers.find((t) => t.elementId === 'wait_2d_left')!.dueAt).toBe(clock.now() + 5 * DAY);

      await platform.bus.publish({
        topic: 'github.pr.opened',
        payload: { number: 3, head: 'abc1234def', title: 'Docs', author: 'dev', repo: 'local' },
      });
      const review = await eventually(
        () => platform.engine.listInstances({ definitionId: 'pr-review' }),
        (r) => r.items[0]?.state === 'completed',
        { what: 'the PR review to finish' },
      );
      expect(review.items[0]).toMatchObject({ instanceId: 'pr-review:3:abc1234def', businessKey: 'pr:3' });
    } finally {
      await workflows.stop();
      await platform.stop();
    }
  });
});
