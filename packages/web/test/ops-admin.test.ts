// The operations console's people-and-money sections in Chromium against a real platform on loopback:
// the first admin (bootstrapped from WAOOAW_ADMIN_EMAIL / _PASSWORD, decision 0062) logs in, invites
// an operator, changes a role, extends a trial, marks an invoice paid, exports and erases an
// organisation, approves an inbox item, verifies the audit chain and finds those actions in the trail;
// the invited operator sets a password from the mailed link and sees no admin-only action. axe checks
// every section.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '@waooaw/server/contracts';
import type { Platform } from '@waooaw/server';
import { seriousAxeViolations } from './axe.js';
import { chromiumPath, startBrowserPlatform, type BrowserPlatform } from './browser.js';

const shotsDir = fileURLToPath(new URL('../../../test-artifacts/screenshots/', import.meta.url));
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });

const ADMIN = { email: 'root@waooaw.test', password: 'bootstrap admin password 1' };
const OPERATOR = { email: 'olga@waooaw.test', password: 'operator password 123' };
const CUSTOMER = { email: 'meera@brightschool.in', password: 'correct horse battery' };

describe.skipIf(!existsSync(chromiumPath))('operations console: people and money in Chromium', () => {
  let env: BrowserPlatform;
  let platform: Platform;
  let baseUrl: string;
  let eraseTenantId = '';
  const consoleErrors: string[] = [];

  const api = async <T>(path: string, init: { method?: string; body?: unknown; token?: string } = {}) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        'content-type': 'application/json',
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  /** A customer who verified the mailed link; a fresh session. */
  async function customer(email: string, password: string, organisationName: string): Promise<Session> {
    await api('/api/v1/auth/signup', {
      method: 'POST',
      body: { email, password, name: organisationName, organisationName },
    });
    const first = await api<Session>('/api/v1/auth/login', { method: 'POST', body: { email, password } });
    const outbox = await api<{ items: { actionUrl?: string }[] }>('/api/v1/mail/outbox', {
      token: first.accessToken,
    });
    const token = new URL(outbox.items[0]?.actionUrl ?? '', baseUrl).searchParams.get('token') ?? '';
    await api('/api/v1/auth/verify-email', { method: 'POST', body: { token } });
    return api<Session>('/api/v1/auth/login', { method: 'POST', body: { email, password } });
  }

  const startTrial = (token: string, agentId: string, instanceName: string) =>
    api<{ id: string }>('/api/v1/trials', {
      method: 'POST',
      token,
      body: {
        agentId,
        setup: {
          instanceName,
          business: { companyName: 'Bright School' },
          approvalMode: 'review_all',
          notificationChannel: 'in_app',
        },
      },
    });

  beforeAll(async () => {
    mkdirSync(shotsDir, { recursive: true });
    for (const name of ['ops-admin-failure.png', 'ops-admin-operator-failure.png'])
      rmSync(join(shotsDir, name), { force: true });
    env = await startBrowserPlatform('ops-admin', {
      env: { WAOOAW_ADMIN_EMAIL: ADMIN.email, WAOOAW_ADMIN_PASSWORD: ADMIN.password },
    });
    ({ platform, baseUrl } = env);
    const meera = await customer(CUSTOMER.email, CUSTOMER.password, 'Bright School');
    await startTrial(meera.accessToken, 'math-tutor', 'Class 11 maths');
    const hired = await startTrial(meera.accessToken, 'email-marketing', 'Parent newsletters');
    await api(`/api/v1/trials/${hired.id}/convert`, {
      method: 'POST',
      token: meera.accessToken,
      body: { plan: 'monthly' },
    });
    eraseTenantId = (await customer('zed@leaving.test', 'leaving password 1', 'Leaving Org')).tenant.id;
  }, 120_000);

  afterAll(async () => {
    await env?.close();
  });

  async function open(): Promise<{ context: BrowserContext; page: Page }> {
    // axe is injected as a script; the page's CSP would refuse it.
    return env.newPage(consoleErrors, {
      viewport: { width: 1366, height: 900 },
      reducedMotion: 'reduce',
      bypassCSP: true,
      acceptDownloads: true,
      timeoutMs: 20_000,
    });
  }

  async function logIn(page: Page, who: { email: string; password: string }) {
    await page.goto(`${baseUrl}/login?next=%2Fops`);
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Password', { exact: true }).fill(who.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await poll(() => new URL(page.url()).pathname).toBe('/ops');
  }

  const axe = async (page: Page) =>
    (await seriousAxeViolations(page)).map((v) => `${new URL(page.url()).pathname} ${v}`);

  /** Opens a section from the side navigation and waits for its heading. */
  async function section(page: Page, label: string, heading: string) {
    await page.getByRole('navigation', { name: 'Operations' }).getByRole('link', { name: label }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(shotsDir, `ops-admin-${name}.png`), fullPage: true });

  /**
   * Runs `steps` in a fresh signed-out context; on failure keeps a screenshot named `failure`. Passes when
   * the steps pass, axe found nothing serious on the pages they checked and the browser logged no error.
   */
  async function inBrowser(failure: string, steps: (page: Page, found: string[]) => Promise<void>) {
    const { context, page } = await open();
    const found: string[] = [];
    try {
      await steps(page, found);
    } catch (err) {
      await page
        .screenshot({ path: join(shotsDir, `${failure}.png`), fullPage: true })
        .catch(() => undefined);
      throw err;
    } finally {
      await context.close();
    }
    expect(found).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }

  it('an admin manages staff, trials, invoices and data rights, and finds each action in a verified trail', async () => {
    await inBrowser('ops-admin-failure', async (page, found) => {
      await logIn(page, ADMIN);

      // ── staff: invite an operator and another member, then make the second an admin ───────────
      await section(page, 'Staff', 'Staff accounts');
      await page.getByLabel('Email').fill(OPERATOR.email);
      await page.getByLabel('Role', { exact: true }).selectOption('operator');
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await page.getByText(`Invited ${OPERATOR.email} as operator`).waitFor();
      await page.getByLabel('Email').fill('sam@waooaw.test');
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await page.getByText('Invited sam@waooaw.test as operator').waitFor();
      await page.getByLabel('Role of sam@waooaw.test').selectOption('admin');
      await page.getByText('sam@waooaw.test is now admin.').waitFor();
      await poll(() => page.getByLabel('Role of sam@waooaw.test').inputValue()).toBe('admin');
      await page.getByRole('button', { name: 'Disable sam@waooaw.test' }).click();
      await page.getByText('sam@waooaw.test is now disabled.').waitFor();
      await page.getByRole('button', { name: 'Enable sam@waooaw.test' }).click();
      await page.getByText('sam@waooaw.test is now admin.').waitFor();
      found.push(...(await axe(page)));
      await shot(page, 'staff');

      // ── trials: extend the maths trial by 3 days ──────────────────────────────────────────────
      await section(page, 'Trials', 'Trials');
      const row = page.getByRole('row').filter({ hasText: 'Math' }).filter({ hasText: 'ACTIVE' }).first();
      await row.getByLabel('Days').fill('3');
      await row.getByLabel('Reason').fill('Customer asked for more time (ticket 42)');
      await row.getByRole('button', { name: 'Extend' }).click();
      await page.getByText(/Extended .* by 3 days\./).waitFor();
      await poll(() => row.locator('td').nth(5).textContent()).toBe('3 d');
      found.push(...(await axe(page)));

      // ── hires and invoices: mark the open invoice paid ────────────────────────────────────────
      await section(page, 'Hires', 'Hires');
      await page.getByRole('row').filter({ hasText: 'Parent newsletters' }).waitFor();
      found.push(...(await axe(page)));
      await section(page, 'Invoices', 'Invoices');
      await page.getByLabel('Status').selectOption('open');
      const markPaid = page.getByRole('button', { name: /^Mark .* paid$/ });
      await markPaid.first().click();
      await page.getByText(/Invoice .* marked paid\./).waitFor();
      await poll(() => markPaid.count()).toBe(0);
      await page.getByLabel('Status').selectOption('paid');
      await page.locator('tbody tr').filter({ hasText: 'paid' }).first().waitFor();
      found.push(...(await axe(page)));
      await shot(page, 'invoices');

      // ── organisations: search, detail, export, typed-confirmation erasure ─────────────────────
      await section(page, 'Organisations', 'Organisations');
      await page.getByLabel('Name or id').fill('bright');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('link', { name: 'Bright School' }).click();
      await page.getByRole('heading', { level: 1, name: 'Bright School' }).waitFor();
      await page.getByRole('cell', { name: CUSTOMER.email }).waitFor();
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export all data (JSON)' }).click();
      const saved = await download;
      const exported = JSON.parse(readFileSync((await saved.path())!, 'utf8')) as { tables: object };
      expect(Object.keys(exported.tables)).toContain('mkt_trials');
      found.push(...(await axe(page)));
      await shot(page, 'tenant');

      await page.getByRole('link', { name: 'Its invoices' }).click();
      await page.getByText('Only organisation').waitFor();
      await page.locator('tbody tr').filter({ hasText: 'paid' }).first().waitFor();

      await page.goto(`${baseUrl}/ops/tenants/${eraseTenantId}`);
      await page.getByRole('heading', { level: 1, name: 'Leaving Org' }).waitFor();
      const erase = page.getByRole('button', { name: 'Erase this organisation’s personal data' });
      await page.getByLabel(/^Reason/).fill('GDPR request 7');
      await page.getByLabel(/^Type the organisation id/).fill('not the id');
      expect(await erase.isDisabled()).toBe(true);
      await page.getByLabel(/^Type the organisation id/).fill(eraseTenantId);
      await erase.click();
      await page.getByText(/Erased: the users now appear as/).waitFor();
      await page.getByRole('cell', { name: /^erased-.*@erased\.invalid$/ }).waitFor();
      expect(await page.getByRole('cell', { name: 'zed@leaving.test' }).count()).toBe(0);

      // ── inbox: the maths trial's first deliverable waits for approval; staff approve it ─────────
      await section(page, 'Inbox', 'Inbox across organisations');
      const answer = page.getByRole('form', { name: /^Answer / }).first();
      await expect
        .poll(
          async () => {
            await page.reload();
            await page.getByRole('heading', { level: 1, name: 'Inbox across organisations' }).waitFor();
            return answer.count();
          },
          { timeout: 90_000, interval: 1000 },
        )
        .toBeGreaterThan(0);
      await answer.getByLabel('Decision').selectOption('approve');
      await answer.getByRole('button', { name: 'Answer' }).click();
      await page.getByText(/answered: approved\./).waitFor();
      found.push(...(await axe(page)));

      // ── the other sections load for an admin ──────────────────────────────────────────────────
      for (const [label, heading] of [
        ['WowVision', 'WowVision issues'],
        ['Agents', 'Agents and versions'],
      ] as const) {
        await section(page, label, heading);
        found.push(...(await axe(page)));
      }
      await poll(() => page.getByTestId('agent-count').textContent()).toBe('19 agents');

      // ── audit: verify the chain, then find the actions above ──────────────────────────────────
      await section(page, 'Audit trail', 'Audit trail');
      await page.getByRole('button', { name: 'Verify chain' }).click();
      await poll(() => page.getByTestId('audit-verdict').textContent()).toMatch(/^Chain intact: \d+ entries/);
      await page.getByLabel('Action or prefix (auth.)').fill('staff.');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      const table = page.getByTestId('audit-table');
      for (const action of [
        'staff.user.invite',
        'staff.user.update',
        'staff.admin.trials.extend',
        'staff.admin.invoices.mark-paid',
      ])
        await table.getByRole('cell', { name: action, exact: true }).first().waitFor();
      await page.getByLabel('Action or prefix (auth.)').fill('tenant.');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await table.getByRole('cell', { name: 'tenant.erase', exact: true }).waitFor();
      await table.getByRole('cell', { name: 'tenant.export', exact: true }).waitFor();
      await page.getByLabel('Action or prefix (auth.)').fill('inbox.');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await table.getByRole('cell', { name: 'inbox.answer', exact: true }).waitFor();
      found.push(...(await axe(page)));
      await shot(page, 'audit');
    });
  }, 240_000);

  it('the invited operator sets a password from the mailed link and sees no admin-only action', async () => {
    const olga = await platform.store.accounts.getByEmail(OPERATOR.email);
    expect(olga?.data.role).toBe('operator');
    const mail = (await platform.store.mail.list({ where: { userId: olga!.id } })).items[0]!.data;
    const link = new URL(mail.actionUrl!, baseUrl);
    await inBrowser('ops-admin-operator-failure', async (page, found) => {
      await page.goto(`${baseUrl}${link.pathname}${link.search}`);
      await page.locator('#rp-password').fill(OPERATOR.password);
      await page.getByRole('button', { name: 'Set new password' }).click();
      await page.getByText('Your password is changed.').waitFor();
      await logIn(page, OPERATOR);

      const nav = page.getByRole('navigation', { name: 'Operations' });
      await nav.getByRole('link', { name: 'Trials' }).waitFor();
      expect(await nav.getByRole('link', { name: 'Staff' }).count()).toBe(0);
      expect(await nav.getByRole('link', { name: 'Audit trail' }).count()).toBe(0);

      await section(page, 'Trials', 'Trials');
      await page.getByRole('row').filter({ hasText: 'Math' }).first().waitFor();
      expect(await page.getByRole('button', { name: 'Extend' }).count()).toBe(0);
      found.push(...(await axe(page)));

      await section(page, 'Invoices', 'Invoices');
      await page.locator('tbody tr').filter({ hasText: 'paid' }).first().waitFor();
      expect(await page.getByRole('button', { name: /^Mark / }).count()).toBe(0);

      await section(page, 'Organisations', 'Organisations');
      await page.getByRole('link', { name: 'Bright School' }).click();
      await page.getByRole('cell', { name: CUSTOMER.email }).waitFor();
      expect(await page.getByRole('heading', { name: 'Data rights' }).count()).toBe(0);
      found.push(...(await axe(page)));

      // Following a link to an admin section explains instead of failing.
      await page.goto(`${baseUrl}/ops/staff`);
      await page.getByText('Only admins can open this section.').waitFor();
      await page.goto(`${baseUrl}/ops/audit`);
      await page.getByText('Only admins can open this section.').waitFor();
      found.push(...(await axe(page)));
      await shot(page, 'operator');
    });
  }, 180_000);
});
