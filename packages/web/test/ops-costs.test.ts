// The console's costs section in Chromium against a real platform on loopback: a small workload of
// agent decisions (a fake OpenAI-compatible model priced in the configured table), then an operator
// opens /ops/costs, sees spend and the method mix, and lowers a tenant's money budget below 80 % of
// its spend — the 80 % alert reaches that tenant's inbox and mail — and sets the budget each run of a
// workflow definition starts with.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '@waooaw/server';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '@waooaw/server/testing';
import { chromiumPath, startBrowserPlatform, type BrowserPlatform } from './browser.js';

const shotsDir = fileURLToPath(new URL('../../../test-artifacts/screenshots/', import.meta.url));
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });
const OPERATOR = { email: 'ops@waooaw.test', password: 'operator password 1' };
const CUSTOMER = { email: 'owner@costs.test', password: 'customer password 1' };

describe.skipIf(!existsSync(chromiumPath))('operations console: costs in Chromium', () => {
  let env: BrowserPlatform;
  let platform: Platform;
  let model: FakeOpenAiServer;
  let baseUrl: string;
  let page: Page;
  let tenantId: string;
  let customerToken: string;
  const consoleErrors: string[] = [];

  const api = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    mkdirSync(shotsDir, { recursive: true });
    // 1,000 input + 500 output tokens a call at 1,000 / 2,000 INR per 1M tokens: 2 INR a model decision.
    model = await startFakeOpenAiServer({
      text: JSON.stringify({
        approved: true,
        reason: 'Reviewed against the stated facts.',
        confidence: 0.9,
        citations: [],
      }),
      usage: { prompt_tokens: 1000, completion_tokens: 500 },
    });
    env = await startBrowserPlatform('costs', {
      overrides: {
        models: {
          providers: [{ kind: 'openai', baseUrl: model.baseUrl, apiKey: 'test', model: 'fake-large' }],
        },
        costs: {
          currency: 'INR',
          prices: { 'fake-large': { inputPer1M: 1000, outputPer1M: 2000 } },
          tenantMonthlyBudget: 100,
        },
      },
    });
    ({ platform, baseUrl } = env);
    await platform.marketplace.services.accounts.ensureStaffUser({
      ...OPERATOR,
      name: 'Operator',
      role: 'operator',
    });
    await api('POST', '/api/v1/auth/signup', undefined, {
      email: CUSTOMER.email,
      password: CUSTOMER.password,
      name: 'Owner',
      organisationName: 'Costs Ltd',
    });
    customerToken = (await api('POST', '/api/v1/auth/login', undefined, CUSTOMER)).body.accessToken as string;
    tenantId = (await platform.store.accounts.getByEmail(CUSTOMER.email))!.tenantId!;

    // The workload: one hired agent, three model decisions and one answered from the cache.
    const agent = await platform.runtime.hire({ agentType: 'content-marketing', tenantId });
    for (const topic of ['skin care', 'sun safety', 'sleep', 'skin care']) {
      await platform.runtime.decide(agent.id, {
        kind: 'publish-post',
        subject: `Publish a post on ${topic}`,
      });
    }
    ({ page } = await env.newPage(consoleErrors, {
      viewport: { width: 1366, height: 900 },
      reducedMotion: 'reduce',
    }));
  }, 120_000);

  afterAll(async () => {
    await env?.close();
    await model?.close().catch(() => undefined);
  });

  it('shows spend and the method mix, and a budget edit alerts the tenant', async () => {
    try {
      await page.goto(`${baseUrl}/login?next=%2Fops%2Fcosts`);
      await page.getByLabel('Email').fill(OPERATOR.email);
      await page.getByLabel('Password').fill(OPERATOR.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Costs', level: 1 }).waitFor();
      await poll(() => page.getByTestId('total-spend').textContent()).toBe('₹6');
      const mix = page.getByTestId('method-mix');
      await poll(() => mix.locator('tbody tr').allTextContents()).toEqual([
        expect.stringMatching(/^cache1\s*25 %/),
        expect.stringMatching(/^model3\s*75 %₹6₹2$/),
      ]);
      await page.getByTestId('spend-by-day-chart').locator('svg').first().waitFor();
      await page.getByTestId('method-mix-chart').locator('svg').first().waitFor();
      expect(await page.getByTestId('spend-by-tenant').textContent()).toContain(tenantId);
      // The projection is computed from the measured mix: 1,000 × 50 × 30 × 1.5 INR.
      await poll(() => page.getByTestId('projection-monthly').textContent()).toBe('₹22,50,000');
      await page.screenshot({ path: join(shotsDir, 'ops-costs.png'), fullPage: true });

      // The tenant's budget is 100 (the plan's); 7 puts its 6 spent at 86 %.
      await page.getByRole('button', { name: `Edit tenant:${tenantId}` }).click();
      await page.getByLabel(/Money limit/).fill('7');
      await page.getByRole('button', { name: 'Save budget' }).click();
      await poll(() => page.getByRole('status').textContent()).toContain('86 % used');
      await poll(async () => {
        const inbox = await api('GET', '/api/v1/inbox', customerToken);
        return (inbox.body.items as Array<{ reason: string; title: string }>).map((i) => i.reason);
      }).toEqual(['budget-alert']);
      const mail = await api('GET', '/api/v1/mail/outbox', customerToken);
      expect(
        (mail.body.items as Array<{ kind: string }>).filter((m) => m.kind === 'budget-alert'),
      ).toHaveLength(1);

      // Each new run of a workflow definition starts with the limits set here (decision 0076).
      await page.getByLabel('Kind').selectOption('workflow');
      await page.getByLabel('Id', { exact: true }).fill('campaign');
      await page.getByLabel(/Money limit/).fill('5');
      await page.getByRole('button', { name: 'Save budget' }).click();
      await poll(() => page.getByRole('status').textContent()).toContain('Saved workflow:campaign');
      expect(await platform.store.runtimeBudgets.get('workflow:campaign')).toMatchObject({
        period: 'total',
        limitMicros: 5_000_000,
      });
    } catch (err) {
      await page
        .screenshot({ path: join(shotsDir, 'ops-costs-failure.png'), fullPage: true })
        .catch(() => undefined);
      const logged = consoleErrors.length ? `\nBrowser console errors:\n${consoleErrors.join('\n')}` : '';
      throw new Error(`${(err as Error).message}\nat ${page.url()}${logged}`, { cause: err });
    }
    expect(consoleErrors).toEqual([]);
  }, 90_000);
});
