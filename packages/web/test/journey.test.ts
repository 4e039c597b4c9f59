// The customer journey in a real browser (Debian's Chromium driven by playwright-core) against the
// embedded platform on a temp SQLite file: browse → filter → profile → demo → sign up → verify →
// trial → deliverable → approve in the inbox → hire → rate. Fails on any console error; saves screenshots.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '@waooaw/server/testing';
import { chromiumPath, startBrowserPlatform, type BrowserPlatform } from './browser.js';

const shotsDir = fileURLToPath(new URL('../../../test-artifacts/screenshots/', import.meta.url));

/** Retries an assertion until the UI catches up (10 s), instead of sleeping. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });

describe.skipIf(!existsSync(chromiumPath))('customer journey in Chromium', () => {
  let env: BrowserPlatform;
  let baseUrl: string;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];

  const shot = async (name: string) => {
    // From the top, so the sticky header does not land in the middle of a full-page capture.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    mkdirSync(shotsDir, { recursive: true });
    rmSync(join(shotsDir, 'failure.png'), { force: true });
    env = await startBrowserPlatform('journey');
    baseUrl = env.baseUrl;
    ({ context, page } = await env.newPage(consoleErrors, {
      viewport: { width: 1366, height: 900 },
      acceptDownloads: true,
      reducedMotion: 'reduce',
    }));
  }, 60_000);

  afterAll(async () => {
    await env?.close();
  });

  it('browses, tries the demo, signs up, runs a trial, approves, hires and rates without console errors', async () => {
    try {
      await journey();
    } catch (err) {
      // Leave a picture of where it stopped and say what the browser logged; both explain most failures.
      await page.screenshot({ path: join(shotsDir, 'failure.png'), fullPage: true }).catch(() => undefined);
      const logged = consoleErrors.length ? `\nBrowser console errors:\n${consoleErrors.join('\n')}` : '';
      throw new Error(`${(err as Error).message}\nat ${page.url()}${logged}`, { cause: err });
    }
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it('works from the keyboard: skip link, visible focus, card actions reachable with Tab', async () => {
    const kb = await context.newPage();
    kb.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(`${msg.text()} @ ${msg.location().url}`);
    });
    await kb.setViewportSize({ width: 1366, height: 900 });
    await kb.goto(`${baseUrl}/`);
    await kb.locator('[data-testid="agent-grid"] > li').first().waitFor();
    // Another page of this context had the focus: give it to this one. A landing page keeps the
    // browser's own focus (the shell moves it only on navigation), so Tab reaches the skip link first.
    await kb.bringToFront();
    await poll(() => kb.evaluate(() => document.readyState === 'complete' && document.hasFocus())).toBe(true);
    expect(await kb.evaluate(() => document.activeElement?.tagName)).toBe('BODY');
    await kb.keyboard.press('Tab');
    expect(await kb.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    // Tab on until the first card's profile link has focus; it must show a focus outline.
    let label = '';
    for (let i = 0; i < 40 && !label.startsWith('View profile and demo'); i++) {
      await kb.keyboard.press('Tab');
      label = (await kb.evaluate(() => document.activeElement?.getAttribute('aria-label'))) ?? '';
    }
    expect(label).toMatch(/^View profile and demo of /);
    expect(
      await kb.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle),
    ).not.toBe('none');
    await kb.keyboard.press('Enter');
    await poll(() => new URL(kb.url()).pathname).toMatch(/^\/agents\//);
    await kb.getByRole('button', { name: 'Run demo' }).focus();
    await kb.keyboard.press('Enter');
    await kb.getByTestId('deliverable-view').waitFor();
    await kb.close();
    expect(consoleErrors).toEqual([]);
  });

  async function journey(): Promise<void> {
    // ── browse ────────────────────────────────────────────────────────────────────────────────
    await page.goto(`${baseUrl}/`);
    const cards = page.locator('[data-testid="agent-grid"] > li');
    await poll(() => cards.count()).toBe(12);
    const tab = (id: string) => page.locator(`button.tab[data-industry="${id}"]`);
    expect(await tab('all').locator('.count').textContent()).toBe('19');
    expect(await tab('marketing').locator('.count').textContent()).toBe('7');
    expect(await tab('education').locator('.count').textContent()).toBe('7');
    expect(await tab('sales').locator('.count').textContent()).toBe('5');
    const firstCard = cards.first();
    await poll(() => firstCard.locator('.chip').count()).toBeGreaterThanOrEqual(3);
    expect(await firstCard.locator('.status').count()).toBe(1);
    expect(await firstCard.locator('.price').textContent()).toMatch(/₹[\d,]+\/month/);
    await shot('01-marketplace');

    // "Load more" brings the rest of the 19.
    await page.getByRole('button', { name: /Load \d+ more/ }).click();
    await poll(() => cards.count()).toBe(19);

    // ── filter, search, sort ──────────────────────────────────────────────────────────────────
    await tab('marketing').click();
    await poll(() => cards.count()).toBe(7);
    await poll(() => page.getByTestId('result-count').textContent()).toBe('7 agents match');
    await page.getByLabel('Sort by').selectOption('price_asc');
    await poll(() => page.url()).toContain('sort=price_asc');
    // The URL changes before the re-sorted list arrives: wait for the cards to read in price order.
    const prices = async () =>
      (await cards.locator('.price').allTextContents()).map((t) => Number(t.replace(/[^\d]/g, '')));
    await poll(async () => {
      const p = await prices();
      return p.length === 7 && p.every((v, i) => i === 0 || p[i - 1]! <= v);
    }).toBe(true);
    await page.getByLabel('Search').fill('SEO');
    await poll(() => page.url()).toContain('q=SEO');
    // Full-text search also matches skills and descriptions, so wait for the list to change, then
    // pick the agent whose role is SEO.
    await poll(() => page.getByTestId('result-count').textContent()).not.toBe('7 agents match');
    const seoCard = cards.filter({ has: page.getByRole('heading', { name: /SEO/ }) }).first();
    await seoCard.waitFor();
    const agentName = (await seoCard.locator('h3').textContent()) ?? '';

    // ── profile and live demo ─────────────────────────────────────────────────────────────────
    await seoCard.getByRole('link', { name: /View profile and demo/ }).click();
    await poll(() => page.locator('h1').textContent()).toBe(agentName);
    const agentPath = new URL(page.url()).pathname;
    await page.getByRole('button', { name: 'Run demo' }).click();
    const demoResult = page.getByTestId('deliverable-view');
    await demoResult.waitFor();
    expect(await demoResult.locator('.markdown').textContent()).not.toBe('');
    expect(await demoResult.getByTestId('checks').locator('li').count()).toBeGreaterThan(0);
    await shot('02-profile-demo');

    // ── sign up and verify through the mail outbox ────────────────────────────────────────────
    await page.getByRole('link', { name: /Try \d+ days free/ }).click();
    await poll(() => new URL(page.url()).pathname).toBe('/signup');
    await page.getByLabel('Your name').fill('Priya Raman');
    await page.getByLabel('Organisation').fill('Sunrise Clinic');
    await page.getByLabel('Work email').fill('priya@sunrise-clinic.in');
    await page.getByLabel('Password').fill('correct horse battery');
    await shot('03-signup');
    await page.getByRole('button', { name: 'Create account' }).click();
    await poll(() => new URL(page.url()).pathname).toBe('/mail');
    await page.getByRole('link', { name: 'Verify my email' }).click();
    await page.getByText('Your email is verified').waitFor();
    await page.getByRole('link', { name: 'Continue' }).click();
    await poll(() => new URL(page.url()).pathname).toBe(agentPath.replace('/agents/', '/trial/'));

    // ── trial setup wizard ────────────────────────────────────────────────────────────────────
    await page.getByLabel('Name your agent').fill('Shop SEO desk');
    await page.getByRole('button', { name: 'Next' }).click();
    expect(await page.getByLabel('Company, school or team').inputValue()).toBe('Sunrise Clinic');
    await page.getByLabel('Website').fill('https://sunrise-clinic.in');
    await page.getByLabel('Focus topics (one per line)').fill('dermatology\nskin care');
    await page.getByRole('button', { name: 'Next' }).click();
    expect(await page.getByLabel(/Review all/).isChecked()).toBe(true);
    await shot('04-trial-wizard');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Start free trial' }).click();
    await poll(() => new URL(page.url()).pathname).toBe('/dashboard');

    // ── a deliverable appears and waits for approval ──────────────────────────────────────────
    const myAgent = page.getByTestId('my-agent').first();
    await myAgent.waitFor();
    expect(await myAgent.locator('h3').textContent()).toBe('Shop SEO desk');
    await page.getByTestId('deliverable').first().waitFor({ timeout: 20_000 });
    // It is answered in the one inbox, which the dashboard links to.
    await page.getByRole('link', { name: 'Open inbox' }).click();
    const approval = page.getByTestId('inbox-item').first();
    await approval.waitFor({ timeout: 20_000 });
    await approval.getByRole('button', { name: 'Review the work' }).click();
    await approval.getByTestId('deliverable-view').waitFor();
    await shot('05-inbox-approval');
    await approval.getByLabel(/Comment/).fill('Looks good — publish it.');
    await approval.getByRole('button', { name: 'Approve' }).click();
    await poll(() => page.getByTestId('inbox-item').count()).toBe(0);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await poll(() => page.getByTestId('deliverable').first().locator('.pill').textContent()).toMatch(
      /Approved|Published/,
    );

    // Download one deliverable and export all as a ZIP.
    const [single] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByTestId('deliverable')
        .first()
        .getByRole('button', { name: /Download/ })
        .click(),
    ]);
    expect(single.suggestedFilename()).toMatch(/\.md$/);
    const [zip] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export all (ZIP)' }).click(),
    ]);
    expect(zip.suggestedFilename()).toMatch(/\.zip$/);

    // ── hire and rate ─────────────────────────────────────────────────────────────────────────
    await myAgent.getByRole('button', { name: 'Hire' }).click();
    await myAgent.getByLabel(/Monthly/).check();
    await myAgent.getByRole('button', { name: 'Confirm monthly hire' }).click();
    await poll(() => myAgent.getByTestId('engagement').textContent()).toBe('Hired');
    await myAgent.getByRole('button', { name: '5 stars' }).click();
    await myAgent.getByLabel('Comment').fill('Found real issues on our pages.');
    await myAgent.getByRole('button', { name: 'Submit review' }).click();
    await myAgent.getByText('Thanks — review saved.').waitFor();
    await shot('06-dashboard-hired');

    // The first invoice: listed, read with how to pay, and downloaded as a PDF showing the amount.
    await page.getByRole('link', { name: 'View invoices' }).click();
    const invoiceLink = page.getByRole('link', { name: /^INV-/ }).first();
    await invoiceLink.waitFor();
    const invoiceNumber = (await invoiceLink.textContent()) ?? '';
    await invoiceLink.click();
    await page.getByRole('heading', { name: 'How to pay' }).waitFor();
    const total = (await page.locator('.kv dd').first().textContent()) ?? '';
    expect(total).toMatch(/^₹[\d,]+\.\d\d$/);
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    expect(pdf.suggestedFilename()).toBe(`${invoiceNumber}.pdf`);
    const text = await pdfText(readFileSync(await pdf.path()));
    expect(text).toContain(`Invoice ${invoiceNumber}`);
    expect(text).toContain(total);
    await shot('06b-invoice');

    // The review shows on the public profile.
    await page.goto(`${baseUrl}${agentPath}`);
    await page.getByText('Found real issues on our pages.').waitFor();

    // A phone-sized marketplace renders too.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${baseUrl}/?industry=education`);
    await poll(() => cards.count()).toBe(7);
    await shot('07-marketplace-mobile');
  }
});
