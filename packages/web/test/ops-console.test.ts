// The operations console in a real browser (Debian's Chromium through playwright-core) against the
// embedded platform: the first admin is made by `waooaw admin create-user` (the installed CLI, password
// on stdin) as on a fresh clone, a workload runs (a workflow waiting on a user task, one incident, one
// dead letter), the admin logs in at /ops and walks every labelled console section (heading, no serious
// axe violation, a screenshot in test-artifacts/ops/) and invites an operator from the Staff page. The
// operator chooses a password from the mailed link, logs in, walks every section an operator may see
// (never Staff or Audit), retries the dead letter and the incident, sees the waiting instance's token
// on its bpmn-js diagram, suspends, resumes and migrates it, and deploys a BPMN file by upload. A
// customer gets "Staff only".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '@waooaw/server';
import { PlatformError } from '@waooaw/server/errors';
import { eventually } from '@waooaw/server/testing';
import { opsSections } from '../src/pages/ops/ops-sections.js';
import {
  chromiumPath,
  startBrowserPlatform,
  seriousAxeViolations as axe,
  type BrowserPlatform,
} from './browser.js';

const shotsDir = fileURLToPath(new URL('../../../test-artifacts/ops/', import.meta.url));
const ADMIN = { email: 'root@waooaw.test', password: 'console password 1' };
const OPERATOR = { email: 'night-shift@waooaw.test', password: 'operator console pass 7' };
const cli = fileURLToPath(new URL('../../../node_modules/.bin/waooaw', import.meta.url));

/** `waooaw admin create-user` on the platform's database file, as an operator runs it on a fresh clone. */
function createAdminWithCli(sqlitePath: string): void {
  const r = spawnSync(
    process.execPath,
    [cli, 'admin', 'create-user', '--email', ADMIN.email, '--role', 'admin', '--password-stdin'],
    {
      input: `${ADMIN.password}\n`,
      env: { PATH: process.env.PATH ?? '', WAOOAW_SQLITE_PATH: sqlitePath },
      encoding: 'utf8',
      timeout: 240_000,
    },
  );
  if (r.status !== 0) throw new Error(`waooaw admin create-user failed (${r.status}): ${r.stderr}`);
  expect(r.stdout).toMatch(/Created admin root@waooaw\.test/);
}
/** The machine is shared: UI waits are generous, and they poll rather than sleep. */
const WAIT_MS = 30_000;
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: WAIT_MS, interval: 100 });

const approval = `
workflow:
  id: ops-approval
  name: Ops approval
  variables:
    amount: { type: number, required: true }
  tasks:
    - id: review
      type: user_task
      title: "Approve {{amount}}"
      role: finance
    - { id: done, type: end_event }
  flow:
    - start -> review
    - review -> done
`;
const flaky = `
workflow:
  id: ops-flaky
  name: Ops flaky
  tasks:
    - { id: charge, type: service_task, task_type: ops.charge }
    - { id: charged, type: end_event }
  flow:
    - start -> charge
    - charge -> charged
`;

describe.skipIf(!existsSync(chromiumPath))('operations console in Chromium', () => {
  let env: BrowserPlatform;
  let platform: Platform;
  let baseUrl: string;
  let context: BrowserContext;
  let page: Page;
  let adminToken: string;
  let waitingId: string;
  let flakyId: string;
  let chargeCalls = 0;
  let poisonHandled = 0;
  let alwaysFailed = 0;
  const consoleErrors: string[] = [];

  const api = async <T>(method: string, path: string, body?: unknown, token = adminToken): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    // axe is injected as a script; the page's CSP would refuse it.
    return env.newPage(consoleErrors, {
      viewport: { width: 1366, height: 900 },
      reducedMotion: 'reduce',
      bypassCSP: true,
      timeoutMs: WAIT_MS,
    });
  }

  const shot = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    mkdirSync(shotsDir, { recursive: true });
    env = await startBrowserPlatform('ops', {
      env: { WAOOAW_BUS_MAX_DELIVERIES: '1' },
      beforeCreate: createAdminWithCli,
      // The workload's code: a payment step that fails once for good (an incident), then works; a
      // consumer that refuses its first message (a dead letter), then takes it.
      beforeStart: (p) =>
        p.engine.registerHandler('ops.charge', () => {
          chargeCalls += 1;
          if (chargeCalls === 1)
            throw new PlatformError('VALIDATION', 'card declined by the test gateway', {
              retryable: false,
            });
          return { charged: true };
        }),
    });
    ({ platform, baseUrl } = env);
    await platform.bus.subscribe({
      pattern: 'ops.poison',
      group: 'ops-poison',
      handler: async (delivery) => {
        poisonHandled += 1;
        const always = (delivery.message.payload as { always?: boolean }).always === true;
        if (always) alwaysFailed += 1;
        if (always || poisonHandled === 1)
          throw new PlatformError('VALIDATION', always ? 'always poison' : 'poison pill', {
            retryable: false,
          });
      },
    });
    adminToken = (await api<{ accessToken: string }>('POST', '/api/v1/auth/login', ADMIN, '')).accessToken;
    for (const source of [approval, flaky]) await api('POST', '/api/v1/workflows/definitions', { source });
    waitingId = (
      await api<{ instanceId: string }>('POST', '/api/v1/workflows/instances', {
        definitionId: 'ops-approval',
        businessKey: 'expense-42',
        variables: { amount: 120 },
      })
    ).instanceId;
    flakyId = (
      await api<{ instanceId: string }>('POST', '/api/v1/workflows/instances', {
        definitionId: 'ops-flaky',
        businessKey: 'order-7',
      })
    ).instanceId;
    await platform.bus.publish({ topic: 'ops.poison', payload: { order: 7 } });
    const waitFor = { timeoutMs: WAIT_MS };
    await eventually(
      async () => (await platform.engine.getInstance(flakyId)).incidents.length,
      (n) => n === 1,
      waitFor,
    );
    await eventually(
      () => platform.bus.dlq.count(),
      (n) => n === 1,
      waitFor,
    );
    ({ context, page } = await newPage());
  }, 400_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await env?.close();
  });

  const guard = async (run: () => Promise<void>) => {
    try {
      await run();
    } catch (err) {
      await page.screenshot({ path: join(shotsDir, 'failure.png'), fullPage: true }).catch(() => undefined);
      const logged = consoleErrors.length ? `\nBrowser console errors:\n${consoleErrors.join('\n')}` : '';
      throw new Error(`${(err as Error).message}\nat ${page.url()}${logged}`, { cause: err });
    }
  };

  it('an admin logs in at /ops and walks every labelled section', async () => {
    await guard(async () => {
      await page.goto(`${baseUrl}/login?next=%2Fops`);
      await page.getByLabel('Email').fill(ADMIN.email);
      await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(/\/ops$/);
      const labelled = opsSections.filter((s) => s.label && (s.roles ?? ['admin']).includes('admin'));
      expect(labelled.length).toBeGreaterThanOrEqual(3);
      for (const s of labelled) {
        await page
          .getByRole('navigation', { name: 'Operations' })
          .getByRole('link', { name: s.label ?? '' })
          .click();
        await page.waitForURL((u) => u.pathname === (s.path ? `/ops/${s.path}` : '/ops'));
        await expect
          .poll(() => page.locator('.ops-page h1').first().isVisible(), { timeout: WAIT_MS })
          .toBe(true);
        // Let the section's data arrive before judging it.
        await poll(() => page.getByText('Loading…').count()).toBe(0);
        expect(await axe(page), `axe on /ops/${s.path}`).toEqual([]);
        await shot(`section-${s.path || 'overview'}`);
      }
    });
    expect(consoleErrors).toEqual([]);
  }, 180_000);

  it('an admin invites an operator, who chooses a password from the mailed link and walks the operator’s sections', async () => {
    await guard(async () => {
      await page.goto(`${baseUrl}/ops/staff`);
      await page.getByLabel('Email').fill(OPERATOR.email);
      await page.getByLabel('Role', { exact: true }).selectOption('operator');
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Invited ${OPERATOR.email} as operator` })
        .waitFor();
      await shot('staff-invited');
      const mail = await eventually(
        () => platform.store.mail.list({ where: { kind: 'password-reset' } }),
        (p) => p.items.some((m) => m.data.to === OPERATOR.email),
        { timeoutMs: WAIT_MS },
      );
      const link = mail.items.find((m) => m.data.to === OPERATOR.email)?.data.actionUrl ?? '';
      // From here on the console is driven by the operator, in a browser profile of their own.
      await context.close();
      ({ context, page } = await newPage());
      await page.goto(new URL(link, baseUrl).toString());
      await page.getByLabel('New password', { exact: true }).fill(OPERATOR.password);
      await page.getByRole('button', { name: 'Set new password' }).click();
      await page.getByRole('status').filter({ hasText: 'Your password is changed' }).waitFor();
      await page.goto(`${baseUrl}/login?next=%2Fops`);
      await page.getByLabel('Email').fill(OPERATOR.email);
      await page.getByLabel('Password', { exact: true }).fill(OPERATOR.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(/\/ops$/);
      const nav = page.getByRole('navigation', { name: 'Operations' });
      const mine = opsSections.filter((s) => s.label && (s.roles ?? ['operator']).includes('operator'));
      for (const s of opsSections.filter((x) => x.label && !mine.includes(x)))
        expect(await nav.getByRole('link', { name: s.label ?? '' }).count(), s.label).toBe(0);
      for (const s of mine) {
        await nav.getByRole('link', { name: s.label ?? '' }).click();
        await page.waitForURL((u) => u.pathname === (s.path ? `/ops/${s.path}` : '/ops'));
        await poll(() => page.locator('.ops-page h1').first().isVisible()).toBe(true);
        await poll(() => page.getByText('Loading…').count()).toBe(0);
        expect(await axe(page), `axe on /ops/${s.path} for the operator`).toEqual([]);
        // Least privilege: no page shows an operator a set-password or reset link (their own included).
        expect(await page.content(), `/ops/${s.path}`).not.toContain('reset-password?token=');
        await shot(`operator-section-${s.path || 'overview'}`);
      }
    });
    expect(consoleErrors).toEqual([]);
  }, 180_000);

  it('the overview shows the open incident and the dead letter', async () => {
    await guard(async () => {
      await page.goto(`${baseUrl}/ops`);
      await page.getByRole('heading', { name: 'Open incidents (1)' }).waitFor();
      await page.getByRole('link', { name: /ops-flaky v1 · order-7/ }).waitFor();
      await page.getByRole('link', { name: '1 waiting' }).waitFor();
    });
  }, 90_000);

  it('the operator retries a dead letter from the queue page', async () => {
    await guard(async () => {
      await page.goto(`${baseUrl}/ops/dlq`);
      await page.getByText('poison pill').first().waitFor();
      await page.getByRole('button', { name: 'Retry ops.poison' }).click();
      await poll(() => poisonHandled).toBe(2);
      await poll(() => platform.bus.dlq.count()).toBe(0);
      await page.getByText('The dead-letter queue is empty.').waitFor();
      await shot('dlq-retried');
    });
  }, 90_000);

  it('retries dead letters by error pattern and discards one with a reason', async () => {
    await guard(async () => {
      for (const order of [8, 9])
        await platform.bus.publish({ topic: 'ops.poison', payload: { order, always: true } });
      await poll(() => platform.bus.dlq.count()).toBe(2);
      await page.goto(`${baseUrl}/ops/dlq`);
      await page.getByRole('heading', { name: 'Messages (2)' }).waitFor();
      await page.getByLabel('Error pattern (regular expression)').fill('always poi');
      await page.getByRole('button', { name: 'Retry all matching' }).click();
      await page.getByRole('status').filter({ hasText: 'Re-delivered 2 messages.' }).waitFor();
      // They fail again, so they are back; one is discarded for good, with the reason audited.
      await poll(() => alwaysFailed).toBe(4);
      await poll(() => platform.bus.dlq.count()).toBe(2);
      await page.reload();
      await page.getByRole('heading', { name: 'Messages (2)' }).waitFor();
      const first = page.locator('.ops-letter').first();
      await first.getByLabel('Reason to discard').fill('test order, never valid');
      await first.getByRole('button', { name: 'Discard' }).click();
      await poll(() => platform.bus.dlq.count()).toBe(1);
      await page.getByRole('heading', { name: 'Messages (1)' }).waitFor();
    });
  }, 90_000);

  it('the operator retries an incident from the instance page', async () => {
    await guard(async () => {
      await page.goto(`${baseUrl}/ops/workflows/instances/${flakyId}`);
      await page.getByText('card declined by the test gateway').first().waitFor();
      await page.locator('.ops-diagram[data-ready="true"]').waitFor();
      expect(await page.locator('g.djs-element[data-element-id="charge"]').getAttribute('class')).toContain(
        'ops-incident',
      );
      await page.getByRole('button', { name: 'Retry charge' }).click();
      await poll(async () => (await platform.engine.getInstance(flakyId)).status).toBe('completed');
      await page.locator('.ops-state-completed').first().waitFor();
      await shot('incident-retried');
      // Both retries were the operator's, as the audit trail records them.
      const operatorId = (await platform.store.accounts.getByEmail(OPERATOR.email))?.id ?? '';
      const actions = (await platform.audit.list({ actor: `user:${operatorId}` })).items.map((e) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining(['staff.ops.dlq.retry', 'staff.workflows.instances.retry']),
      );
    });
  }, 90_000);

  it('the operator sees the waiting instance’s active token and its path on the bpmn-js diagram', async () => {
    await guard(async () => {
      await page.goto(`${baseUrl}/ops/workflows?status=waiting`);
      await page.getByRole('link', { name: waitingId }).click();
      await page.getByRole('heading', { name: `Instance ${waitingId}` }).waitFor();
      await page.locator('.ops-diagram[data-ready="true"]').waitFor();
      const review = page.locator('g.djs-element[data-element-id="review"]');
      await poll(async () => (await review.getAttribute('class')) ?? '').toContain('ops-active');
      const start = page.locator('g.djs-element[data-element-id="start"]');
      expect(await start.getAttribute('class')).toContain('ops-done');
      expect(await page.locator('.ops-token').first().textContent()).toBe('1');
      expect(await page.locator('g.djs-element[data-element-id="done"]').getAttribute('class')).not.toContain(
        'ops-done',
      );
      expect(await axe(page), 'axe on the instance page').toEqual([]);
      await shot('instance-waiting');
    });
    expect(consoleErrors).toEqual([]);
  }, 90_000);

  it('suspends, resumes and migrates the waiting instance to a new version', async () => {
    await guard(async () => {
      const v2 = approval.replace('name: Ops approval', 'name: Ops approval (second version)');
      await api('POST', '/api/v1/workflows/definitions', { source: v2 });
      const status = async () => (await platform.engine.getInstance(waitingId)).status;
      await page.goto(`${baseUrl}/ops/workflows/instances/${waitingId}`);
      await page.getByRole('button', { name: 'Suspend' }).click();
      await poll(status).toBe('suspended');
      await page.getByRole('button', { name: 'Resume' }).click();
      await poll(status).toBe('waiting');
      await page.getByLabel('Move to version').selectOption('2');
      await page.getByRole('button', { name: 'Migrate' }).click();
      await poll(async () => (await platform.engine.getInstance(waitingId)).version).toBe(2);
      await page.getByRole('link', { name: 'ops-approval v2' }).waitFor();
      // Still waiting at the same task, now drawn from version 2.
      await page.locator('.ops-diagram[data-ready="true"]').waitFor();
      await poll(
        async () =>
          (await page.locator('g.djs-element[data-element-id="review"]').getAttribute('class')) ?? '',
      ).toContain('ops-active');
    });
  }, 90_000);

  it('deploys a BPMN file by upload, asking which process of a collaboration, and lists it', async () => {
    await guard(async () => {
      const bpmn = readFileSync(
        fileURLToPath(new URL('../../server/src/engine/bpmn/examples/order-c7.bpmn', import.meta.url)),
      );
      await page.goto(`${baseUrl}/ops/workflows`);
      await page.getByLabel('BPMN or YAML file').setInputFiles({
        name: 'order-c7.bpmn',
        mimeType: 'application/xml',
        buffer: bpmn,
      });
      // Two executable pools: the deploy is refused naming them, and the form asks which process.
      await page.getByRole('button', { name: 'Deploy' }).click();
      await page.getByText(/2 executable processes \(order-c7, shipping-notice-c7\)/).waitFor();
      await page.getByLabel('Process').selectOption('order-c7');
      await page.getByRole('button', { name: 'Deploy' }).click();
      await page.getByRole('status').filter({ hasText: 'Deployed order-c7 v1' }).waitFor();
      await page.getByRole('link', { name: 'order-c7', exact: true }).click();
      await page.getByRole('heading', { name: 'Definition order-c7' }).waitFor();
      await page.getByRole('link', { name: 'v1' }).waitFor();
    });
  }, 90_000);

  it('shows a customer "Staff only"', async () => {
    const customer = { email: 'buyer@acme.test', password: 'customer password 1' };
    await api('POST', '/api/v1/auth/signup', { ...customer, name: 'Buyer', organisationName: 'Acme' }, '');
    const session = await api<object>('POST', '/api/v1/auth/login', customer, '');
    const other = await newPage();
    try {
      await other.context.addInitScript(
        (s) => window.localStorage.setItem('waooaw.session', s),
        JSON.stringify(session),
      );
      await other.page.goto(`${baseUrl}/ops`);
      await other.page.getByRole('heading', { name: 'Staff only' }).waitFor();
      expect(await other.page.getByRole('navigation', { name: 'Operations' }).count()).toBe(0);
    } finally {
      await other.context.close();
    }
  }, 60_000);
});
