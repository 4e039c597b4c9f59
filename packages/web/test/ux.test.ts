// Issue 16 in a real browser (Debian's Chromium through playwright-core), desktop and a 390×844
// phone: axe-core finds no serious or critical violation on any page; every agent's demo runs from
// its form, with its sample and with a customer's own input (no JSON, no HTML); the search box's
// examples find agents; phones get a one-row header, the first card on the first screen and 44 px
// tap targets. Screenshots of the main pages at both sizes go to test-artifacts/screenshots/.
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, type Page } from 'playwright-core';
import writeXlsxFile from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '@waooaw/server/contracts';
import { createGuardedUrlFetcher } from '@waooaw/server/inputs';
import { seriousAxeViolations } from './axe.js';
import { chromiumPath, startBrowserPlatform, type BrowserPlatform } from './browser.js';

const shotsDir = fileURLToPath(new URL('../../../test-artifacts/screenshots/', import.meta.url));
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 50 });

const sizes = {
  desktop: { width: 1366, height: 900 },
  phone: { width: 390, height: 844 },
} as const;
type Size = keyof typeof sizes;

/** A product page on loopback for "audit my page by its address". */
const productPage = `<!doctype html><html lang="en"><head><title>Trail Running Shoes for Women | Peak Gear</title>
<meta name="description" content="Grippy, light trail running shoes for women, with free returns across India.">
</head><body><h1>Trail running shoes for women</h1><img src="/shoe.jpg" alt="Blue trail shoe">
<p>Our trail running shoes grip wet rock and stay light on long runs.</p></body></html>`;

describe.skipIf(!existsSync(chromiumPath))(
  'issue 16 in Chromium: forms, search, accessibility, phones',
  () => {
    let env: BrowserPlatform;
    let site: Server;
    let siteUrl: string;
    let baseUrl: string;
    let session: Session;
    let invoiceId = '';
    const consoleErrors: string[] = [];
    let ipCounter = 0;

    const api = async <T>(path: string, init: { method?: string; body?: unknown; token?: string } = {}) => {
      const res = await fetch(`${baseUrl}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': '10.200.0.1',
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };

    beforeAll(async () => {
      mkdirSync(shotsDir, { recursive: true });
      site = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(productPage);
      });
      await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
      siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/shoes`;
      env = await startBrowserPlatform('ux', {
        // Each browser context stands for a client of its own through X-Forwarded-For (the demo is
        // limited per address): the test itself is the trusted proxy in front of the platform.
        overrides: { http: { trustedProxies: ['loopback'] } },
        // The page server is on loopback: allow that address only (the guard refuses it by default).
        deps: { urlFetcher: createGuardedUrlFetcher({ allowAddresses: ['127.0.0.1'] }) },
      });
      baseUrl = env.baseUrl;
      // A verified customer with a trial, for the signed-in pages.
      await api('/api/v1/auth/signup', {
        method: 'POST',
        body: {
          email: 'meera@brightschool.in',
          password: 'correct horse battery',
          name: 'Meera Iyer',
          organisationName: 'Bright School',
        },
      });
      session = await api<Session>('/api/v1/auth/login', {
        method: 'POST',
        body: { email: 'meera@brightschool.in', password: 'correct horse battery' },
      });
      const outbox = await api<{ items: { actionUrl?: string }[] }>('/api/v1/mail/outbox', {
        token: session.accessToken,
      });
      const token = new URL(outbox.items[0]?.actionUrl ?? '', baseUrl).searchParams.get('token') ?? '';
      await api('/api/v1/auth/verify-email', { method: 'POST', body: { token } });
      await api('/api/v1/trials', {
        method: 'POST',
        token: session.accessToken,
        body: {
          agentId: 'math-tutor',
          setup: {
            instanceName: 'Class 11 maths',
            business: { companyName: 'Bright School' },
            approvalMode: 'review_all',
            notificationChannel: 'in_app',
          },
        },
      });
      // A hire on another agent, so there is an invoice to show.
      const hired = await api<{ id: string }>('/api/v1/trials', {
        method: 'POST',
        token: session.accessToken,
        body: {
          agentId: 'email-marketing',
          setup: {
            instanceName: 'Parent newsletters',
            business: { companyName: 'Bright School' },
            approvalMode: 'auto_publish',
            notificationChannel: 'in_app',
          },
        },
      });
      await api(`/api/v1/trials/${hired.id}/convert`, {
        method: 'POST',
        token: session.accessToken,
        body: { plan: 'monthly' },
      });
      const invoices = await api<{ items: { id: string }[] }>('/api/v1/invoices', {
        token: session.accessToken,
      });
      invoiceId = invoices.items[0]?.id ?? '';
      session = await api<Session>('/api/v1/auth/login', {
        method: 'POST',
        body: { email: 'meera@brightschool.in', password: 'correct horse battery' },
      });
    }, 90_000);

    afterAll(async () => {
      await env?.close();
      site?.closeAllConnections();
      await new Promise((resolve) => site?.close(resolve));
    });

    /** A fresh context: its own client address (the demo limits count per address), signed in or not. */
    async function open(size: Size, signedIn = false): Promise<{ context: BrowserContext; page: Page }> {
      ipCounter += 1;
      return env.newPage(consoleErrors, {
        viewport: sizes[size],
        reducedMotion: 'reduce',
        // axe is injected as a script; the page's CSP would refuse it.
        bypassCSP: true,
        extraHTTPHeaders: { 'x-forwarded-for': `10.16.${Math.floor(ipCounter / 200)}.${ipCounter % 200}` },
        timeoutMs: 15_000,
        ...(signedIn && {
          prepare: (context) =>
            context.addInitScript(
              (s) => window.localStorage.setItem('waooaw.session', s),
              JSON.stringify(session),
            ),
        }),
      });
    }

    async function shot(page: Page, name: string) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
    }

    const pages: {
      name: string;
      path: () => string;
      signedIn: boolean;
      ready: (p: Page) => Promise<unknown>;
    }[] = [
      {
        name: 'marketplace',
        path: () => '/',
        signedIn: false,
        ready: (p) => p.locator('[data-testid="agent-grid"] > li').first().waitFor(),
      },
      {
        name: 'profile',
        path: () => '/agents/seo-specialist',
        signedIn: false,
        ready: (p) => p.getByTestId('demo-form').waitFor(),
      },
      {
        name: 'signup',
        path: () => '/signup',
        signedIn: false,
        ready: (p) => p.getByLabel('Work email').waitFor(),
      },
      {
        name: 'login',
        path: () => '/login',
        signedIn: false,
        ready: (p) => p.getByLabel('Password').waitFor(),
      },
      {
        name: 'reset-password',
        path: () => '/reset-password',
        signedIn: false,
        ready: (p) => p.locator('h1').waitFor(),
      },
      {
        name: 'mail-signed-out',
        path: () => '/mail',
        signedIn: false,
        ready: (p) => p.locator('h1').waitFor(),
      },
      {
        name: 'not-found',
        path: () => '/no/such/page',
        signedIn: false,
        ready: (p) => p.getByText('does not exist').waitFor(),
      },
      {
        name: 'wizard',
        path: () => '/trial/seo-specialist',
        signedIn: true,
        ready: (p) => p.getByLabel('Name your agent').waitFor(),
      },
      {
        name: 'dashboard',
        path: () => '/dashboard',
        signedIn: true,
        ready: (p) => p.getByTestId('my-agent').first().waitFor(),
      },
      {
        name: 'mail',
        path: () => '/mail',
        signedIn: true,
        ready: (p) => p.getByTestId('outbox').locator('li').first().waitFor(),
      },
      {
        name: 'invoices',
        path: () => '/invoices',
        signedIn: true,
        ready: (p) => p.getByRole('link', { name: /^INV-/ }).first().waitFor(),
      },
      {
        name: 'invoice',
        path: () => `/invoices/${invoiceId}`,
        signedIn: true,
        ready: (p) => p.getByRole('heading', { name: 'How to pay' }).waitFor(),
      },
      {
        name: 'profile-hired-or-trial',
        path: () => '/agents/math-tutor',
        signedIn: true,
        ready: (p) =>
          p
            .getByRole('link', { name: /In your trial/ })
            .first()
            .waitFor(),
      },
    ];

    for (const size of Object.keys(sizes) as Size[]) {
      it(`has no serious or critical axe violation on any page (${size})`, async () => {
        const found: string[] = [];
        for (const target of pages) {
          const { context, page } = await open(size, target.signedIn);
          await page.goto(`${baseUrl}${target.path()}`);
          await target.ready(page);
          for (const v of await seriousAxeViolations(page)) found.push(`${target.name}: ${v}`);
          await shot(page, `ux-${size}-${target.name}`);
          await context.close();
        }
        expect(found).toEqual([]);
      }, 180_000);
    }

    it('names the page in the tab title: the agent on its profile', async () => {
      const { context, page } = await open('desktop');
      await page.goto(`${baseUrl}/agents/seo-specialist`);
      await poll(() => page.title()).toBe('SEO Agent · WAOOAW');
      await page.goto(`${baseUrl}/login`);
      await poll(() => page.title()).toBe('Log in · WAOOAW');
      await context.close();
    });

    it('finds agents for every example in the search box, and explains an empty result', async () => {
      const { context, page } = await open('desktop');
      await page.goto(`${baseUrl}/`);
      const placeholder = (await page.getByLabel('Search').getAttribute('placeholder')) ?? '';
      const examples = [...placeholder.matchAll(/“([^”]+)”/g)].map((m) => m[1]!);
      expect(examples.length).toBeGreaterThanOrEqual(3);
      for (const q of [...examples, 'cold', 'cold outreach']) {
        await page.getByLabel('Search').fill(q);
        await poll(() => page.url()).toContain(`q=${encodeURIComponent(q).replace(/%20/g, '+')}`);
        await poll(async () =>
          Number((await page.getByTestId('result-count').textContent())?.match(/^(\d+)/)?.[1] ?? 0),
        ).toBeGreaterThan(0);
      }
      await page.getByLabel('Search').fill('cold email');
      await poll(() => page.locator('[data-testid="agent-grid"] h3').allTextContents()).toContain(
        'SDR Agent',
      );

      // 4+ stars finds nobody yet, and the page says why and offers the way back.
      await page.getByLabel('Search').fill('');
      await poll(() => page.url()).not.toContain('q=');
      await page.getByLabel('Rating').selectOption('4');
      const empty = page.getByTestId('empty-state');
      await empty.waitFor();
      expect(await empty.textContent()).toContain('ratings come only from customers who hired');
      await empty.getByRole('button', { name: 'Clear all filters' }).click();
      await poll(() => page.locator('[data-testid="agent-grid"] > li').count()).toBeGreaterThan(0);
      await context.close();
    });

    it('on a phone: one-row header with a menu, the first agent on the first screen, 44 px tap targets', async () => {
      const { context, page } = await open('phone', true);
      await page.goto(`${baseUrl}/`);
      const firstCard = page.locator('[data-testid="agent-grid"] > li').first();
      await firstCard.waitFor();
      const header = await page.locator('.topbar').boundingBox();
      expect(header?.height).toBeLessThanOrEqual(72);
      const card = await firstCard.boundingBox();
      expect(card?.y ?? Infinity).toBeLessThan(sizes.phone.height - 120);
      // Every visible control in the header and the marketplace is at least 44 px tall.
      const small = await page.evaluate(() =>
        [
          ...document.querySelectorAll<HTMLElement>(
            'header button, header a, main button, main select, main input, main .btn',
          ),
        ]
          .filter((el) => el.offsetParent !== null && !el.classList.contains('sr-only'))
          .map((el) => ({
            el: `${el.tagName} ${el.textContent?.trim().slice(0, 30) ?? ''}`,
            h: el.getBoundingClientRect().height,
          }))
          .filter((x) => x.h > 0 && x.h < 44),
      );
      expect(small).toEqual([]);
      // The menu opens the navigation, with "Log out" fully visible.
      await page.getByRole('button', { name: 'Menu' }).click();
      const logout = page.getByRole('button', { name: 'Log out' });
      await logout.waitFor();
      const box = await logout.boundingBox();
      expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= sizes.phone.width).toBe(true);
      await context.close();
    });

    it('keeps focus on the new page after opening a profile, and the demo heading clear of the header', async () => {
      const { context, page } = await open('desktop');
      await page.goto(`${baseUrl}/`);
      await page.getByRole('link', { name: /View profile and demo of SEO Agent/ }).click();
      await poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
      await page.getByRole('link', { name: 'Watch the live demo' }).click();
      await poll(async () => (await page.locator('#demo').boundingBox())?.y ?? 0).toBeGreaterThanOrEqual(
        (await page.locator('.topbar').boundingBox())?.height ?? 0,
      );
      await context.close();
    });

    /** Opens an agent's profile and runs its demo; `edit` changes the form first. Answers the result text. */
    async function runDemo(
      page: Page,
      agentId: string,
      edit?: (form: ReturnType<Page['getByTestId']>) => Promise<void>,
    ) {
      await page.goto(`${baseUrl}/agents/${agentId}`);
      const form = page.getByTestId('demo-form');
      await form.waitFor();
      expect(await form.getByLabel('Input (JSON)').count()).toBe(0);
      if (edit) await edit(form);
      await form.getByRole('button', { name: 'Run demo' }).click();
      const result = page.getByTestId('deliverable-view');
      await Promise.race([
        result.waitFor(),
        form
          .locator('.alert-error')
          .waitFor()
          .then(async () => {
            throw new Error(
              `${agentId}: ${await form.locator('.alert-error').textContent()} ${(await form.locator('.field-error').allTextContents()).join(' | ')}`,
            );
          }),
      ]);
      return (await result.locator('.markdown').textContent()) ?? '';
    }

    const agentIds = [
      'content-marketing',
      'social-media-marketing',
      'seo-specialist',
      'email-marketing',
      'ppc-specialist',
      'brand-strategist',
      'influencer-marketing',
      'math-tutor',
      'science-tutor',
      'english-tutor',
      'test-prep-coach',
      'career-counsellor',
      'study-planner',
      'homework-helper',
      'sales-development-rep',
      'account-executive',
      'sales-enablement',
      'crm-manager',
      'lead-generation',
    ];

    for (const size of Object.keys(sizes) as Size[]) {
      it(`runs every agent's demo from its form with its sample (${size})`, async () => {
        expect(agentIds).toHaveLength(19);
        // Four demos per address stay under the per-minute demo limit.
        for (let i = 0; i < agentIds.length; i += 4) {
          {
            const { context, page } = await open(size);
            for (const id of agentIds.slice(i, i + 4))
              expect((await runDemo(page, id)).length, id).toBeGreaterThan(0);
            if (i === 0) await shot(page, `ux-${size}-demo-result`);
            await context.close();
          }
        }
      }, 240_000);
    }

    const csv = (rows: string[][]) => ({
      name: 'list.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(rows.map((r) => r.join(',')).join('\n')),
    });
    const grid = (form: ReturnType<Page['getByTestId']>, legend: RegExp) =>
      form.getByRole('group', { name: legend });

    /** What a marketer, a teacher or a sales lead would type, per agent. */
    const customerInput: Record<string, (form: ReturnType<Page['getByTestId']>) => Promise<void>> = {
      'content-marketing': async (f) => {
        await f.getByLabel('What is the article about?').fill('Healthy school lunches for busy parents');
        await f.getByLabel('Main search phrase').fill('healthy lunch ideas');
      },
      'social-media-marketing': async (f) => {
        await f.getByLabel('How many weeks').fill('1');
        const pillars = grid(f, /What you post about/);
        await pillars.getByRole('button', { name: 'Add a row' }).click();
        await pillars.getByLabel('Theme, row 4').fill('Behind the scenes');
      },
      'seo-specialist': async (f) => {
        await f.getByRole('button', { name: 'Web address' }).click();
        await f.getByLabel('Address of the page').fill(siteUrl);
        await f.getByLabel('Search phrase the page should rank for').fill('trail running shoes');
      },
      'email-marketing': async (f) => {
        await f.getByLabel('Subject line').fill('Our spring menu starts Monday');
        await f
          .getByLabel('Email text')
          .fill('Hi Asha,\nOur new spring menu starts on Monday. Reply to book a table.\nThanks, Ravi');
      },
      'ppc-specialist': async (f) => {
        await f.getByLabel('Budget to share out').fill('50,000');
        await grid(f, /Your campaigns/)
          .getByLabel('Upload CSV or Excel')
          .setInputFiles(
            csv([
              ['Campaign', 'Spent', 'Conversions'],
              ['Search brand', '12000', '90'],
              ['Display', '8000', '10'],
            ]),
          );
        await grid(f, /Your campaigns/)
          .getByText('Read 2 rows')
          .waitFor();
      },
      'brand-strategist': async (f) => {
        await f
          .getByLabel('Your copy')
          .fill('Bright Bakes makes fresh bread every morning. Visit us for a free tasting!');
        await f.getByLabel('Brand name, exactly as it should be written').fill('Bright Bakes');
      },
      'influencer-marketing': async (f) => {
        const data = [
          ['handle', 'platform', 'followers', 'avg likes', 'avg comments', 'category', 'country', 'fee'].map(
            (value) => ({ value }),
          ),
          [
            { value: '@runwithriya' },
            { value: 'instagram' },
            { type: Number, value: 30000 },
            { type: Number, value: 1200 },
            { type: Number, value: 60 },
            { value: 'fitness' },
            { value: 'India' },
            { type: Number, value: 15000 },
          ],
          [
            { value: '@yogawithdev' },
            { value: 'instagram' },
            { type: Number, value: 12000 },
            { type: Number, value: 700 },
            { type: Number, value: 35 },
            { value: 'yoga' },
            { value: 'India' },
            { type: Number, value: 8000 },
          ],
        ];
        const xlsx = Buffer.from(await (await writeXlsxFile(data as never)).toBuffer());
        await grid(f, /Creators/)
          .getByLabel('Upload CSV or Excel')
          .setInputFiles({
            name: 'creators.xlsx',
            mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            buffer: xlsx,
          });
        await grid(f, /Creators/)
          .getByText('Read 2 rows')
          .waitFor();
      },
      'math-tutor': async (f) => {
        await f.getByLabel('Number of problems').fill('4');
        await f.getByLabel('Difficulty').selectOption('easy');
      },
      'science-tutor': async (f) => {
        await f.getByLabel('Number of questions').fill('3');
      },
      'english-tutor': async (f) => {
        await f
          .getByLabel('Your writing')
          .fill('Me and him goes to school everyday. It were raining and we was late.');
      },
      'test-prep-coach': async (f) => {
        await f.getByLabel('Time allowed').fill('30');
        await grid(f, /Sections/)
          .getByLabel('Questions, row 2')
          .fill('3');
      },
      'career-counsellor': async (f) => {
        await f.getByLabel('Build something with wood, metal or electronics').selectOption('1');
        await f.getByLabel('Solve a difficult maths or logic puzzle').selectOption('5');
      },
      'study-planner': async (f) => {
        await f.getByLabel('Start revising on').fill('2026-03-02');
        const exams = grid(f, /Your exams/);
        await exams.getByLabel('Exam date, row 1').fill('2026-03-20');
        await exams.getByLabel('Exam date, row 2').fill('2026-03-25');
      },
      'homework-helper': async (f) => {
        await f.getByLabel('Your problem').fill('3x + 5 = 20');
      },
      'sales-development-rep': async (f) => {
        await grid(f, /Your leads/)
          .getByLabel('Upload CSV or Excel')
          .setInputFiles(
            csv([
              ['Company', 'Job title', 'Industry', 'Employees', 'Country'],
              ['Finly', 'Head of Sales', 'Fintech', '120', 'India'],
              ['Shopkart', 'Founder', 'Retail', '15', 'India'],
            ]),
          );
        await grid(f, /Your leads/)
          .getByText('Read 2 rows')
          .waitFor();
      },
      'account-executive': async (f) => {
        await grid(f, /Your deals/)
          .getByLabel('Amount, row 1')
          .fill('7,50,000');
      },
      'sales-enablement': async (f) => {
        await f
          .getByRole('group', { name: /Your product/ })
          .getByLabel('Product name')
          .fill('ShipFast');
        await f
          .getByRole('group', { name: /The competitor/ })
          .getByLabel('Product name')
          .fill('SlowBox');
      },
      'crm-manager': async (f) => {
        const contacts = grid(f, /Your contacts/);
        await contacts.getByRole('button', { name: 'Add a row' }).click();
        await contacts.getByLabel('First name, row 5').fill('Anita');
        await contacts.getByLabel('Email, row 5').fill('anita@example.in');
      },
      'lead-generation': async (f) => {
        await grid(f, /Companies/)
          .getByLabel('Upload CSV or Excel')
          .setInputFiles(
            csv([
              ['Company', 'Website', 'Industry', 'Employees', 'Country'],
              ['Finly', 'finly.in', 'Fintech', '120', 'India'],
              ['Bolt Motors', 'bolt.com', 'Automotive', '9000', 'Germany'],
            ]),
          );
        await grid(f, /Companies/)
          .getByText('Read 2 rows')
          .waitFor();
      },
    };

    it("runs every agent's demo on a customer's own input, typed or uploaded, with no JSON or HTML", async () => {
      expect(Object.keys(customerInput).sort()).toEqual([...agentIds].sort());
      const results: Record<string, string> = {};
      for (let i = 0; i < agentIds.length; i += 4) {
        const { context, page } = await open('desktop');
        for (const id of agentIds.slice(i, i + 4)) results[id] = await runDemo(page, id, customerInput[id]);
        if (i === 0) await shot(page, 'ux-desktop-demo-own-input');
        await context.close();
      }
      expect(results['seo-specialist']).toContain('Trail Running Shoes for Women');
      expect(results['homework-helper']).toContain('5');
      expect(results['influencer-marketing']).toMatch(/runwithriya|yogawithdev/);
      expect(results['sales-development-rep']).toContain('Finly');
      expect(results['lead-generation']).toContain('Finly');
    }, 240_000);

    it('says what is wrong next to the field, before anything is sent, and clears an old result', async () => {
      const { context, page } = await open('desktop');
      await runDemo(page, 'homework-helper');
      const form = page.getByTestId('demo-form');
      await form.getByLabel('Your problem').fill('');
      await form.getByRole('button', { name: 'Run demo' }).click();
      await form.getByText('Please fill in “Your problem”.').first().waitFor();
      await poll(() => page.getByTestId('deliverable-view').count()).toBe(0);

      // The wizard refuses "not a url" as a website on its own step, in words.
      const signed = await open('desktop', true);
      await signed.page.goto(`${baseUrl}/trial/seo-specialist`);
      await signed.page.getByLabel('Name your agent').fill('Shop SEO');
      await signed.page.getByRole('button', { name: 'Next' }).click();
      await signed.page.getByLabel('Website').fill('not a url');
      await signed.page.getByRole('button', { name: 'Next' }).click();
      await signed.page.getByText('That is not a web address').waitFor();
      expect(await signed.page.getByLabel('Website').getAttribute('aria-invalid')).toBe('true');
      await signed.context.close();

      // Sign-up says a bad email once, next to the field, in words.
      await page.goto(`${baseUrl}/signup`);
      await page.getByLabel('Work email').fill('priya@');
      await page.getByLabel('Password').fill('short');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByText('That does not look like an email address').waitFor();
      expect(await page.getByText('Use at least 10 characters.').count()).toBe(1);
      expect(await page.getByText(/body\.email/).count()).toBe(0);
      await context.close();
    });

    it('logs no console error on any of these pages', () => {
      expect(consoleErrors).toEqual([]);
    });
  },
);
