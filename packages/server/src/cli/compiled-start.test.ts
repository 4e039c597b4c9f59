// The compiled build runs on plain Node: scripts/smoke.mjs drives dist/ (start, probes, sign-up, log-in,
// catalogue, SIGTERM), dist imports no TypeScript, and `@waooaw/server` resolves to dist without tsx.
import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const dist = join(root, 'packages', 'server', 'dist');
/** Only what Node needs: no DATABASE_URL / REDIS_URL from the test run, so the smoke is embedded. */
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : [],
  );
}

describe('compiled server (npm run build → node dist/cli/main.js)', () => {
  beforeAll(() => {
    // `npm test` builds first; a lone run of this file builds only when dist is missing or stale.
    execFileSync(process.execPath, [join(root, 'scripts', 'build-if-stale.mjs'), 'server'], {
      cwd: root,
      stdio: 'inherit',
    });
  }, 300_000);

  it('passes the smoke: /health 200, sign-up, log-in, /me, the catalogue, and a clean exit on SIGTERM', async () => {
    const r = await run(process.execPath, [join(root, 'scripts', 'smoke.mjs')], { cwd: root, env });
    expect(r.stdout).toMatch(/answered \/health 200 after \d+ ms/);
    expect(r.stdout).toContain('signed up and logged in');
    expect(r.stdout).toMatch(/listed \d+ of 19 agents/);
    expect(r.stdout).toContain('stopped cleanly on SIGTERM');
    expect(r.stdout).toContain(`passed on Node ${process.version}`);
  }, 120_000);

  it('imports no TypeScript file from dist', () => {
    const tsImports = jsFiles(dist).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:from\s*|import\s*\(\s*)['"]([^'"]+\.ts)['"]/g)].map(
        (m) => `${file}: ${m[1]}`,
      ),
    );
    expect(jsFiles(dist).length).toBeGreaterThan(100);
    expect(tsImports).toEqual([]);
  });

  it('resolves @waooaw/server to dist for plain Node, and loads it without a TypeScript loader', async () => {
    const script =
      "const m = await import('@waooaw/server/errors');" +
      "console.log(import.meta.resolve('@waooaw/server/errors'), typeof m.PlatformError);";
    const r = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root, env });
    expect(r.stdout.trim()).toBe(`${new URL('errors.js', `file://${dist}/`).href} function`);
  });
});
