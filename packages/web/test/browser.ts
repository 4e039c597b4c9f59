// Shared by the browser tests: builds the web UI when dist is missing or older than the sources
// (`npm test` builds it first; a lone run of one test file does not), launches Debian's Chromium,
// starts the embedded platform on a temp SQLite file with pages that collect console errors, and
// re-exports the axe-core check (axe.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { createPlatform, type Platform } from '@waooaw/server';
import { loadConfig, type ConfigInput } from '@waooaw/server/config';

const webDir = fileURLToPath(new URL('..', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** `npm test` builds the UI first; a lone run of this file rebuilds only when dist is missing or stale. */
export function ensureWebBuilt(): void {
  const index = join(webDir, 'dist', 'index.html');
  const stale =
    !existsSync(index) ||
    statSync(index).mtimeMs <
      Math.max(newestMtime(join(webDir, 'src')), statSync(join(webDir, 'index.html')).mtimeMs);
  if (stale)
    execFileSync(
      process.execPath,
      [join(webDir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
      { cwd: webDir, stdio: 'inherit' },
    );
}

export const chromiumPath = '/usr/bin/chromium';

/** Headless Chromium from the machine (never a downloaded browser), with the flags this machine needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export { seriousAxeViolations } from './axe.js';

export interface BrowserPlatformSetup {
  /** Environment on top of `NODE_ENV=test` and `LOG_LEVEL=warn`. */
  env?: Record<string, string>;
  /** Configuration overrides; the HTTP port (0) and the SQLite file are set here unless given. */
  overrides?: ConfigInput;
  /** The second argument of `createPlatform` (a logger, a URL fetcher …). */
  deps?: Parameters<typeof createPlatform>[1];
  /** Runs on the database file before the platform opens it (e.g. the CLI creating an admin). */
  beforeCreate?: (dbPath: string) => void;
  /** Runs after the platform is built and before it serves (e.g. registering workflow handlers). */
  beforeStart?: (platform: Platform) => void | Promise<void>;
}

export interface NewPageOptions extends BrowserContextOptions {
  /** The page's default timeout for actions and waits (10 s unless given). */
  timeoutMs?: number;
  /** Runs on the context before its page opens (e.g. an init script that signs the page in). */
  prepare?: (context: BrowserContext) => Promise<unknown>;
}

export interface BrowserPlatform {
  platform: Platform;
  /** The platform's own address, without a trailing slash. */
  baseUrl: string;
  browser: Browser;
  /** A fresh context and page; the page's console errors and uncaught errors go into `errors`. */
  newPage(errors: string[], options?: NewPageOptions): Promise<{ context: BrowserContext; page: Page }>;
  /** Closes the browser before the server (open event streams would log errors) and removes the files. */
  close(): Promise<void>;
}

/** The embedded platform on a temp SQLite file named after the test, served on loopback, and Chromium. */
export async function startBrowserPlatform(
  name: string,
  setup: BrowserPlatformSetup = {},
): Promise<BrowserPlatform> {
  ensureWebBuilt();
  const dir = mkdtempSync(join(tmpdir(), `waooaw-${name}-`));
  const dbPath = join(dir, `${name}.db`);
  let platform: Platform | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await platform?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    setup.beforeCreate?.(dbPath);
    const { http, store, ...rest } = setup.overrides ?? {};
    platform = await createPlatform(
      loadConfig({
        env: { NODE_ENV: 'test', LOG_LEVEL: 'warn', ...setup.env },
        overrides: { ...rest, http: { port: 0, ...http }, store: { sqlitePath: dbPath, ...store } },
      }),
      setup.deps,
    );
    await setup.beforeStart?.(platform);
    const baseUrl = ((await platform.start()).url ?? '').replace(/\/$/, '');
    browser = await launchChromium();
    const opened = browser;
    return {
      platform,
      baseUrl,
      browser: opened,
      async newPage(errors, { timeoutMs = 10_000, prepare, ...options } = {}) {
        const context = await opened.newContext(options);
        await prepare?.(context);
        const page = await context.newPage();
        page.setDefaultTimeout(timeoutMs);
        page.on('console', (msg) => {
          if (msg.type() === 'error') errors.push(`${msg.text()} @ ${msg.location().url}`);
        });
        page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
        return { context, page };
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
