// Password reset with no mail server configured, in Chromium (issue 16): the customer asks for a
// link, the operator of the embedded install finds it in the platform log (it is never kept in the
// outbox), the customer opens it, sets a new password and logs in with it; the old one stops working.
import { existsSync } from 'node:fs';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCapturingLogger, loggedResetLink } from '@waooaw/server/testing';
import { chromiumPath, startBrowserPlatform, type BrowserPlatform } from './browser.js';

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 50 });

describe.skipIf(!existsSync(chromiumPath))('password reset without SMTP, in Chromium', () => {
  const log = createCapturingLogger('info');
  let env: BrowserPlatform;
  let baseUrl: string;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    env = await startBrowserPlatform('reset', { deps: { logger: log.logger } });
    expect(env.platform.config.mail.smtpUrl ?? null).toBeNull();
    baseUrl = env.baseUrl;
    ({ page } = await env.newPage(consoleErrors, {
      viewport: { width: 390, height: 844 },
      timeoutMs: 20_000,
    }));
  }, 120_000);

  afterAll(async () => {
    await env?.close();
  });

  it('sends the link to the platform log, never the outbox, and the new password logs in', async () => {
    const email = 'meera@lakeview-school.in';
    await page.goto(`${baseUrl}/signup`);
    await page.getByLabel('Your name').fill('Meera Iyer');
    await page.getByLabel('Organisation').fill('Lakeview School');
    await page.getByLabel('Work email').fill(email);
    await page.getByLabel('Password').fill('first long passphrase 1');
    await page.getByRole('button', { name: 'Create account' }).click();
    await poll(() => new URL(page.url()).pathname).toBe('/mail');
    await page
      .getByRole('button', { name: 'Log out' })
      .click()
      .catch(async () => {
        // On a phone the navigation sits behind the menu button.
        await page.getByRole('button', { name: 'Menu' }).click();
        await page.getByRole('button', { name: 'Log out' }).click();
      });
    await poll(() => new URL(page.url()).pathname).toBe('/');

    await page.goto(`${baseUrl}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page
      .getByRole('status')
      .getByText(/finds the link in the platform log/)
      .waitFor();

    let link: string | undefined;
    await poll(() => (link = loggedResetLink(log.lines, email))).toBeTruthy();
    const target = new URL(link!, baseUrl);
    await page.goto(`${baseUrl}${target.pathname}${target.search}`);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await page.getByLabel('New password', { exact: true }).fill('second long passphrase 2');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('Your password is changed').waitFor();

    // The old password no longer works; the new one does.
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('first long passphrase 1');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Password').fill('second long passphrase 2');
    await page.getByRole('button', { name: 'Log in' }).click();
    await poll(() => new URL(page.url()).pathname).not.toBe('/login');

    // Signed in again: the outbox shows the welcome mail but no trace of the reset link.
    await page.goto(`${baseUrl}/mail`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const mailText = (await page.locator('main').textContent()) ?? '';
    expect(mailText).not.toContain(target.searchParams.get('token')!);
    // Used once: the same link is refused the second time.
    await page.goto(`${baseUrl}${target.pathname}${target.search}`);
    await page.getByLabel('New password', { exact: true }).fill('third long passphrase 3');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('alert').waitFor();
    expect(consoleErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  }, 180_000);
});
