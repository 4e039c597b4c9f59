// Rotating the access-token signing key on demand (issue 14, item 3): an admin's rotation makes a new
// key that signs from then on, the old key keeps verifying the tokens it signed until they expire and is
// then retired (from the JWKS and the store); rotations are audited; only admins may. On both stores.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from './clock.js';
import { loadConfig } from './config.js';
import { silentLogger } from './components/observability/logger.js';
import { createPlatform, type Platform } from './platform.js';
import { signIn } from './api/testing/test-platform.js';
import { storeTargets } from './testing/backends.js';
import { testPostgres } from './testing/services.js';

const TTL_SECONDS = 900;

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`signing-key rotation (${target.kind})`, () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 5, 9));
    let platform: Platform;
    let dir: string;
    let dropPg: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'waooaw-rotation-'));
      const pg = target.kind === 'postgres' ? await testPostgres() : undefined;
      dropPg = pg ? () => pg.drop() : undefined;
      const config = loadConfig({
        env: {},
        overrides: {
          http: { port: 0 },
          keys: { dir: join(dir, 'keys') },
          auth: { accessTokenTtlSeconds: TTL_SECONDS },
          store: pg ? { databaseUrl: pg.url } : { sqlitePath: join(dir, 'waooaw.db') },
        },
      });
      platform = await createPlatform(config, { logger: silentLogger, clock });
    });
    afterAll(async () => {
      await platform?.stop();
      await dropPg?.();
      rmSync(dir, { recursive: true, force: true });
    });

    const call = (method: 'GET' | 'POST', url: string, token?: string) =>
      platform.app.inject({
        method,
        url,
        ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      });
    const kidOf = (token: string) => decodeProtectedHeader(token).kid;
    const jwksKids = async () =>
      ((await call('GET', '/.well-known/jwks.json')).json() as { keys: Array<{ kid: string }> }).keys.map(
        (k) => k.kid,
      );

    it('lets only admins list and rotate; the new key signs, the old verifies until its tokens expire', async () => {
      const customer = { email: 'owner@acme.test', password: 'Correct-Horse-Battery-9' };
      const before = await signIn(platform, customer);
      const admin = await signIn(platform, {
        email: 'ada@ops.test',
        password: 'Ada-Staff-Password-77',
        role: 'admin',
      });
      const oldKid = kidOf(before);

      expect((await call('POST', '/api/v1/admin/signing-keys/rotate')).statusCode).toBe(401);
      expect((await call('POST', '/api/v1/admin/signing-keys/rotate', before)).statusCode).toBe(403);
      expect((await call('GET', '/api/v1/admin/signing-keys', before)).statusCode).toBe(403);
      const listed = await call('GET', '/api/v1/admin/signing-keys', admin);
      expect(listed.statusCode).toBe(200);
      expect(listed.json()).toEqual({
        items: [{ kid: oldKid, createdAt: expect.any(String), signing: true, verifiesUntil: null }],
      });

      await clock.advance(60_000);
      const rotated = await call('POST', '/api/v1/admin/signing-keys/rotate', admin);
      expect(rotated.statusCode).toBe(200);
      const { kid: newKid, items } = rotated.json() as {
        kid: string;
        items: Array<{ kid: string; signing: boolean; verifiesUntil: string | null }>;
      };
      expect(newKid).not.toBe(oldKid);
      const retiresAt = clock.now() + TTL_SECONDS * 1000 + 60_000;
      expect(items).toEqual([
        { kid: newKid, createdAt: expect.any(String), signing: true, verifiesUntil: null },
        {
          kid: oldKid,
          createdAt: expect.any(String),
          signing: false,
          verifiesUntil: new Date(retiresAt).toISOString(),
        },
      ]);

      // New tokens carry the new kid; the old token still works; the JWKS publishes both.
      const after = await signIn(platform, customer);
      expect(kidOf(after)).toBe(newKid);
      expect((await call('GET', '/api/v1/me', before)).statusCode).toBe(200);
      expect((await call('GET', '/api/v1/me', after)).statusCode).toBe(200);
      expect(await jwksKids()).toEqual([newKid, oldKid]);

      // The rotation is in the audit trail, naming the admin and both keys.
      const audit = await call('GET', '/api/v1/admin/audit?action=auth.signing-key.rotate', admin);
      expect(audit.json()).toMatchObject({
        items: [
          {
            action: 'auth.signing-key.rotate',
            resource: `signing-key:${newKid}`,
            result: 'success',
            details: { previous: oldKid },
          },
        ],
      });

      // Once every token the old key signed has expired, it is retired: gone from the JWKS and the store.
      await clock.advance(retiresAt - clock.now());
      const fresh = await signIn(platform, customer);
      expect(await jwksKids()).toEqual([newKid]);
      const admin2 = await signIn(platform, { email: 'ada@ops.test', password: 'Ada-Staff-Password-77' });
      const now = (await call('GET', '/api/v1/admin/signing-keys', admin2)).json() as {
        items: Array<{ kid: string }>;
      };
      expect(now.items.map((k) => k.kid)).toEqual([newKid]);
      expect((await platform.store.secrets.list(null)).map((s) => s.name)).toEqual([
        `auth.jwt-signing.${newKid}`,
      ]);
      expect((await call('GET', '/api/v1/me', fresh)).statusCode).toBe(200);
      expect((await call('GET', '/api/v1/me', before)).statusCode).toBe(401);
    });
  });
}
