// `waooaw admin create-user`, `backup`, `restore` and `tenant` as an operator runs them: real CLI processes on a
// SQLite file, then a platform on the resulting file where the staff users log in.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestPlatform, signUpSession } from '../api/testing/test-platform.js';

const tsx = createRequire(import.meta.url).resolve('tsx');
const main = new URL('./main.ts', import.meta.url).pathname;

/** Runs the CLI with `stdin` piped in; resolves with its exit code and output. */
function waooaw(
  args: string[],
  env: Record<string, string>,
  stdin = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, main, ...args], {
      cwd: mkdtempSync(join(tmpdir(), 'cli-admin-')),
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('waooaw admin create-user', { timeout: 180_000 }, () => {
  it('creates an admin from a password on stdin, an operator with a one-time link, and refuses a repeat', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-staff-'));
    const env = { WAOOAW_SQLITE_PATH: join(dir, 'w.db') };
    const admin = await waooaw(
      ['admin', 'create-user', '--email', 'Ada@Ops.test', '--role', 'admin', '--password-stdin'],
      env,
      'ada password 1234\n',
    );
    expect(admin.stderr).toBe('');
    expect(admin.stdout).toMatch(/Created admin ada@ops\.test \(usr_/);
    expect(admin.stdout).not.toContain('token=');

    const operator = await waooaw(
      ['admin', 'create-user', '--email', 'otto@ops.test', '--role', 'operator'],
      env,
    );
    expect(operator.code).toBe(0);
    const link = /shown once\): (\S+)/.exec(operator.stdout)?.[1];
    expect(link).toMatch(/^\/reset-password\?token=[A-Za-z0-9_-]{43}$/);

    const repeat = await waooaw(
      ['admin', 'create-user', '--email', 'ada@ops.test', '--role', 'operator'],
      env,
    );
    expect(repeat.code).toBe(2);
    expect(repeat.stderr).toContain('ALREADY_EXISTS');
    const badRole = await waooaw(
      ['admin', 'create-user', '--email', 'x@ops.test', '--role', 'customer'],
      env,
    );
    expect(badRole.stderr).toContain('--role must be admin or operator');
    const shortPassword = await waooaw(
      ['admin', 'create-user', '--email', 'y@ops.test', '--role', 'admin', '--password-stdin'],
      env,
      'short\n',
    );
    expect(shortPassword.stderr).toContain('at least 10 characters');

    const platform = await createTestPlatform({ store: { sqlitePath: env.WAOOAW_SQLITE_PATH } });
    try {
      const login = (email: string, password: string) =>
        platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
      expect((await login('ada@ops.test', 'ada password 1234')).json()).toMatchObject({
        user: { role: 'admin' },
      });
      const token = new URL(link!, 'http://x').searchParams.get('token');
      const set = await platform.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset/confirm',
        payload: { token, password: 'otto password 1234' },
      });
      expect(set.statusCode).toBe(200);
      expect((await login('otto@ops.test', 'otto password 1234')).json()).toMatchObject({
        user: { role: 'operator' },
      });
      const audit = await platform.audit.list({ action: 'staff.user.create' });
      expect(audit.items.map((e) => e.actor)).toEqual(['cli', 'cli']);
    } finally {
      await platform.stop();
    }
  });
});

describe('waooaw backup / restore', { timeout: 180_000 }, () => {
  it('backs up the SQLite store, restores it elsewhere, refuses to overwrite, and points PostgreSQL to pg_dump', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-backup-'));
    const live = { WAOOAW_SQLITE_PATH: join(dir, 'live.db') };
    const created = await waooaw(
      ['admin', 'create-user', '--email', 'kept@ops.test', '--role', 'admin', '--password-stdin'],
      live,
      'kept password 1234',
    );
    expect(created.code).toBe(0);
    const copy = join(dir, 'copy.db');
    const backup = await waooaw(['backup', copy], live);
    expect(backup.stderr).toBe('');
    expect(backup.stdout).toMatch(/Backed up .* pages, schema at \d{4}-/);
    expect((await waooaw(['backup', copy], live)).stderr).toContain('exists; give --force');

    const elsewhere = { WAOOAW_SQLITE_PATH: join(dir, 'restored.db') };
    const restore = await waooaw(['restore', copy], elsewhere);
    expect(restore.stdout).toContain('Restored');
    const again = await waooaw(['restore', copy], elsewhere);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('PRECONDITION_FAILED');

    const onPostgres = await waooaw(['backup', copy], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/w' });
    expect(onPostgres.stderr).toContain('pg_dump');

    const platform = await createTestPlatform({ store: { sqlitePath: elsewhere.WAOOAW_SQLITE_PATH } });
    try {
      const login = await platform.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'kept@ops.test', password: 'kept password 1234' },
      });
      expect(login.statusCode).toBe(200);
    } finally {
      await platform.stop();
    }
  });
});

describe('waooaw tenant export / erase', { timeout: 180_000 }, () => {
  it("exports an organisation's data to a file and erases its personal data", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-tenant-'));
    const env = { WAOOAW_SQLITE_PATH: join(dir, 'w.db') };
    const seeded = await createTestPlatform({ store: { sqlitePath: env.WAOOAW_SQLITE_PATH } });
    let tenantId = '';
    try {
      const session = await signUpSession(seeded.app, {
        email: 'yuki@forget.test',
        password: 'forget password 1',
        name: 'Yuki Tanabe',
        organisationName: 'Forgetful Ltd',
      });
      tenantId = session.tenant.id;
    } finally {
      await seeded.stop();
    }
    const out = join(dir, 'export.json');
    const exported = await waooaw(['tenant', 'export', tenantId, '--out', out], env);
    expect(exported.stdout).toContain(`to ${out}`);
    const data = JSON.parse(readFileSync(out, 'utf8')) as { tables: Record<string, unknown[]> };
    expect(JSON.stringify(data.tables.mkt_users)).toContain('yuki@forget.test');

    const erased = await waooaw(['tenant', 'erase', tenantId, '--reason', 'ticket 7'], env);
    expect(erased.stdout).toMatch(/Erased ten_\w+: \d+ row\(s\)/);
    const after = await waooaw(['tenant', 'export', tenantId], env);
    expect(after.stdout).not.toMatch(/yuki|tanabe|forgetful/i);
  });
});

describe('waooaw keys rotate / list', { timeout: 300_000 }, () => {
  it('makes a new signing key the platform signs with, keeps the old one verifying, and audits it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-keys-'));
    const env = { WAOOAW_SQLITE_PATH: join(dir, 'w.db') };
    const first = await waooaw(['keys', 'rotate'], env);
    expect(first.stderr).toBe('');
    const oldKid = /New signing key (\S+)\./.exec(first.stdout)?.[1];
    expect(oldKid).toBeDefined();
    const second = await waooaw(['keys', 'rotate'], env);
    const newKid = /New signing key (\S+) \(replaces (\S+)\)/.exec(second.stdout);
    expect(newKid?.[2]).toBe(oldKid);
    const listed = await waooaw(['keys', 'list'], env);
    expect(listed.stdout).toContain(`${newKid?.[1]}  created`);
    expect(listed.stdout).toMatch(new RegExp(`${oldKid}  created \\S+  verifies until `));
    expect(listed.stdout).toContain('2 key(s).');

    const platform = await createTestPlatform({ store: { sqlitePath: env.WAOOAW_SQLITE_PATH } });
    try {
      const jwks = await platform.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
      expect((jwks.json() as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid)).toEqual([
        newKid?.[1],
        oldKid,
      ]);
      const audit = await platform.store.audit.list({ action: 'auth.signing-key.rotate' });
      expect(audit.map((e) => [e.actor, e.resource])).toEqual(
        expect.arrayContaining([['cli', `signing-key:${newKid?.[1]}`]]),
      );
    } finally {
      await platform.stop();
    }
  });
});

describe('waooaw api-keys create / list / revoke', { timeout: 300_000 }, () => {
  it("issues a job worker's key once, lists it without the key, revokes it, and refuses an unknown organisation", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-api-keys-'));
    const env = { WAOOAW_SQLITE_PATH: join(dir, 'w.db') };
    const seeded = await createTestPlatform({ store: { sqlitePath: env.WAOOAW_SQLITE_PATH } });
    let tenantId = '';
    try {
      const session = await signUpSession(seeded.app, {
        email: 'wes@workers.test',
        password: 'worker password 1',
        name: 'Wes',
        organisationName: 'Workers Ltd',
      });
      tenantId = session.tenant.id;
    } finally {
      await seeded.stop();
    }
    const created = await waooaw(
      [
        'api-keys',
        'create',
        '--tenant',
        tenantId,
        '--name',
        'payments',
        '--job-types',
        'payments.*,erp.sync',
      ],
      env,
    );
    expect(created.stderr).toBe('');
    const id = /Created API key (\w{12}) /.exec(created.stdout)?.[1];
    const key = /Key \(shown once\): (wak_\S+)/.exec(created.stdout)?.[1];
    expect(key).toMatch(new RegExp(`^wak_${id}_`));
    const listed = await waooaw(['api-keys', 'list', '--tenant', tenantId], env);
    expect(listed.stdout).toContain(`${id}  ${tenantId}  payments  [payments.*, erp.sync]  active`);
    expect(listed.stdout).not.toContain('wak_');
    expect((await waooaw(['api-keys', 'revoke', id!], env)).stdout).toContain(`Revoked ${id}.`);
    expect((await waooaw(['api-keys', 'list'], env)).stdout).toContain('revoked');
    const unknown = await waooaw(
      ['api-keys', 'create', '--tenant', 'ten_nope', '--name', 'x', '--job-types', '*'],
      env,
    );
    expect(unknown.stderr).toContain('NOT_FOUND');
  });
});
