// Issue 13 in a real browser (Debian's Chromium through playwright-core) against the embedded platform:
// sign up → SEO trial → a task on the customer's own HTML whose 12-character title the deliverable flags
// → answered in the one inbox; a 200-row lead CSV uploaded to Lead Generation → the segment export holds
// exactly the ICP's rows; a schedule and an inbound webhook (secret shown once) made in the UI; a routed
// job's timeline; axe-core and a 390×844 phone pass on the instance page, the inbox and the job.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, Session, Task, Trial } from '@waooaw/server/contracts';
import { ICP_FILTERS, SHORT_TITLE_PAGE, leadCsv } from '@waooaw/server/testing';
import {
  chromiumPath,
  startBrowserPlatform,
  seriousAxeViolations as axeViolations,
  type BrowserPlatform,
} from './browser.js';

const shotsDir = fileURLToPath(new URL('../../../test-artifacts/screenshots/', import.meta.url));
/** The machine is busy: generous waits, never sleeps. */
const WAIT = 45_000;
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: WAIT, interval: 100 });

describe.skipIf(!existsSync(chromiumPath))('work orders in Chromium', () => {
  let env: BrowserPlatform;
  let baseUrl: string;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];

  const shot = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
  };

  /** The API as the signed-in browser user (the session the page keeps in localStorage). */
  const api = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const session = JSON.parse(
      (await page.evaluate(() => window.localStorage.getItem('waooaw.session'))) ?? '{}',
    ) as Session;
    const res = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.accessToken}` },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    mkdirSync(shotsDir, { recursive: true });
    env = await startBrowserPlatform('work');
    baseUrl = env.baseUrl;
    // axe is injected as a script; the page's CSP would refuse it.
    ({ context, page } = await env.newPage(consoleErrors, {
      viewport: { width: 1366, height: 900 },
      reducedMotion: 'reduce',
      bypassCSP: true,
      timeoutMs: WAIT,
    }));
    page.on('dialog', (d) => void d.accept());
  }, 120_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await env?.close();
  });

  it('gives agents the customer’s own work, answers the inbox, schedules and takes inbound events', async () => {
    try {
      await journey();
    } catch (err) {
      await page
        .screenshot({ path: join(shotsDir, 'work-failure.png'), fullPage: true })
        .catch(() => undefined);
      const logged = consoleErrors.length ? `\nBrowser console errors:\n${consoleErrors.join('\n')}` : '';
      throw new Error(`${(err as Error).message}\nat ${page.url()}${logged}`, { cause: err });
    }
    expect(consoleErrors).toEqual([]);
  }, 300_000);

  /** The newest task of the instance page, once there are `count` tasks. */
  async function newestTask(count: number) {
    const tasks = page.getByTestId('task');
    await poll(() => tasks.count()).toBeGreaterThanOrEqual(count);
    return tasks.first();
  }

  async function journey(): Promise<void> {
    // ── sign up, verify, start the SEO trial in the wizard ─────────────────────────────────────
    await page.goto(`${baseUrl}/agents/seo-specialist`);
    await page.getByRole('link', { name: /Try \d+ days free/ }).click();
    await poll(() => new URL(page.url()).pathname).toBe('/signup');
    await page.getByLabel('Your name').fill('Asha Kulkarni');
    await page.getByLabel('Organisation').fill('Acme Clinics');
    await page.getByLabel('Work email').fill('asha@acme-clinics.in');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    await poll(() => new URL(page.url()).pathname).toBe('/mail');
    await page.getByRole('link', { name: 'Verify my email' }).click();
    await page.getByText('Your email is verified').waitFor();
    await page.getByRole('link', { name: 'Continue' }).click();
    await poll(() => new URL(page.url()).pathname).toBe('/trial/seo-specialist');
    await page.getByLabel('Name your agent').fill('Clinic SEO desk');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Website').fill('https://acme-clinics.in');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Start free trial' }).click();
    await poll(() => new URL(page.url()).pathname).toBe('/dashboard');

    // ── the instance page, from the dashboard's agent card ─────────────────────────────────────
    await page.getByTestId('instance-link').first().click();
    await poll(() => new URL(page.url()).pathname).toMatch(/^\/instances\/ins_/);
    await poll(() => page.locator('h1').textContent()).toBe('Clinic SEO desk');
    const tasksBefore = await page.getByTestId('task').count();

    // ── a task on the customer's own HTML, uploaded as a file ──────────────────────────────────
    await page.getByLabel('What should the agent do?').selectOption('seo.page-audit');
    const form = page.getByTestId('task-form');
    await form.getByLabel('Upload a file for “Your page”').setInputFiles({
      name: 'home.html',
      mimeType: 'text/html',
      buffer: Buffer.from(SHORT_TITLE_PAGE),
    });
    await form.getByTestId('uploaded').waitFor();
    await poll(() => form.getByLabel('Use an uploaded file for “Your page”').inputValue()).not.toBe('');
    await form.getByLabel('Kind of page').selectOption('home');
    await form.getByRole('button', { name: 'Run task now' }).click();
    const audit = await newestTask(tasksBefore + 1);
    // Review-all (the wizard's default): the deliverable waits for the customer.
    await poll(() => audit.getAttribute('data-status')).toBe('awaiting-approval');
    await audit.getByRole('button', { name: 'View result' }).click();
    const failed = audit.getByTestId('checks').locator('li.check-fail');
    await poll(() => failed.allTextContents()).toContainEqual(
      expect.stringContaining('title length — 12 chars: "Acme Clinics"'),
    );
    await shot('work-01-instance-seo');
    expect(await axeViolations(page)).toEqual([]);

    // ── answered in the one inbox, reached from the navigation ────────────────────────────────
    const instanceId = new URL(page.url()).pathname.split('/')[2] ?? '';
    const tasks = await api<{ items: Task[] }>(`/api/v1/instances/${instanceId}/tasks`);
    const auditId = tasks.items.find((t) => t.skill === 'seo.page-audit' && t.source === 'api')?.id ?? '';
    expect(auditId).not.toBe('');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    await poll(() => new URL(page.url()).pathname).toBe('/inbox');
    const item = page.locator(`li[data-testid="inbox-item"][data-task-id="${auditId}"]`);
    await item.waitFor();
    await item.getByRole('button', { name: 'Review the work' }).click();
    await item.getByTestId('deliverable-view').waitFor();
    await item.getByRole('button', { name: 'Reject' }).click();
    await item.getByText('Say why in a comment').waitFor();
    await shot('work-02-inbox');
    expect(await axeViolations(page)).toEqual([]);
    await item.getByRole('button', { name: 'Approve' }).click();
    await poll(() => item.count()).toBe(0);
    await page.goBack();
    const approved = page.locator('li[data-testid="task"]', {
      has: page.locator(`[id="task-${auditId}-title"]`),
    });
    await poll(() => approved.getAttribute('data-status')).toBe('done');

    // ── Lead Generation: a 200-row CSV, the segment export holds exactly the ICP's rows ────────
    const lead = await api<Trial>('/api/v1/trials', {
      method: 'POST',
      body: {
        agentId: 'lead-generation',
        setup: {
          instanceName: 'Lead desk',
          business: { companyName: 'Acme Clinics' },
          approvalMode: 'auto_publish',
          notificationChannel: 'in_app',
        },
      },
    });
    await page.goto(`${baseUrl}/instances/${lead.instanceId}`);
    await poll(() => page.locator('h1').textContent()).toBe('Lead desk');
    const leadTasksBefore = await page.getByTestId('task').count();
    await page.getByLabel('What should the agent do?').selectOption('leadgen.segment-export');
    const upload = form.getByLabel('Upload a file for “Csv”');
    // A ragged table is refused in words naming where.
    const errorsBefore = consoleErrors.length;
    await upload.setInputFiles({
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Company,Employees\nAcme,1\nBeta,2,3\n'),
    });
    await poll(() => form.getByRole('alert').first().textContent()).toContain('row 3');
    // The browser logs the refused request (a 400) as a console error: that one was expected.
    consoleErrors.splice(errorsBefore);
    const { csv, matching } = leadCsv();
    await upload.setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await poll(() => form.getByTestId('uploaded').textContent()).toContain('leads.csv — table, 200 rows');
    await form.getByRole('button', { name: 'JSON (advanced)' }).click();
    await form.getByLabel(/^Input \(JSON\)/).fill(JSON.stringify({ filters: ICP_FILTERS }));
    await form.getByRole('button', { name: 'Run task now' }).click();
    const segment = await newestTask(leadTasksBefore + 1);
    await poll(() => segment.getAttribute('data-status')).toBe('done');
    await segment.getByRole('button', { name: 'View result' }).click();
    const firstCells = segment.locator('.markdown table tbody tr td:first-child');
    await poll(() => firstCells.count()).toBe(matching.length);
    expect((await firstCells.allTextContents()).sort()).toEqual([...matching].sort());

    // ── a schedule from the same form, paused, and an inbound webhook whose secret shows once ──
    await form.getByLabel('When').selectOption('every weekday at 9');
    await form.getByRole('button', { name: 'Create schedule' }).click();
    const schedule = page.getByTestId('schedule').first();
    await poll(() => schedule.getByTestId('schedule-when').textContent()).toMatch(/weekday/i);
    await schedule.getByRole('button', { name: /^Pause/ }).click();
    await schedule.getByRole('button', { name: /^Resume/ }).waitFor();

    const hooks = page.getByRole('region', { name: 'Inbound webhooks' });
    await hooks.getByLabel('Each event runs').selectOption('leadgen.segment-export');
    await hooks.getByLabel('Name (optional)').fill('CRM new leads');
    await hooks.getByRole('button', { name: 'Create webhook' }).click();
    const secretBox = page.getByTestId('webhook-secret');
    const secret = await secretBox.getByLabel('Signing secret').inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(24);
    await page.getByTestId('webhook').first().waitFor();
    // Afterwards only the secret's last characters tell which one a sender holds.
    expect(await page.getByTestId('webhook').first().textContent()).toContain(`secret …${secret.slice(-4)}`);
    await shot('work-03-instance-leads');
    expect(await axeViolations(page)).toEqual([]);
    await secretBox.getByRole('button', { name: 'I have saved it' }).click();
    await poll(() => secretBox.count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    await page.reload();
    await page.getByTestId('webhook').first().waitFor();
    expect(await page.content()).not.toContain(secret);

    // ── "describe what you need": the coordinator routes it; the job page shows the timeline ──
    const job = await api<Job>('/api/v1/jobs', {
      method: 'POST',
      body: {
        kind: 'request',
        description: 'Score my list of companies against our ideal customer profile and rank the best fits',
        input: {
          csv: 'name,website,industry,employees,country\nPaytrail,paytrail.in,Fintech,120,India\n',
          icp: { industries: ['Fintech'], countries: ['India'], employees: [50, 1000] },
        },
      },
    });
    await page.goto(`${baseUrl}/instances/${lead.instanceId}`);
    await page.getByRole('link', { name: 'job timeline' }).first().click();
    await poll(() => new URL(page.url()).pathname).toBe(`/jobs/${job.id}`);
    const routed = page.getByTestId('timeline').locator('li[data-kind="routed"]');
    await poll(() => routed.first().textContent()).toContain('lead-generation');
    await shot('work-05-job');
    expect(await axeViolations(page)).toEqual([]);

    // ── a phone: the instance page, the inbox and the job fit 390 px and pass axe ──────────────
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of [`/instances/${lead.instanceId}`, '/inbox', `/jobs/${job.id}`]) {
      await page.goto(`${baseUrl}${path}`);
      await page.locator('h1').waitFor();
      await page.locator('.panel').first().waitFor();
      // Whatever sticks out past the screen's edge (outside a scrolling box), named for the failure message.
      const wide = await page.evaluate(() =>
        document.documentElement.scrollWidth <= 390
          ? []
          : [...document.querySelectorAll('body *')]
              .filter((e) => e.getBoundingClientRect().right > 391 && !e.closest('.md-table, .grid-wrap'))
              .slice(0, 6)
              .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${e.textContent?.slice(0, 40) ?? ''}`),
      );
      expect(wide).toEqual([]);
      expect(await axeViolations(page)).toEqual([]);
    }
    await shot('work-04-inbox-phone');
  }
});
