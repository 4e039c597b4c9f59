// Two platforms on one database (two API processes) and a restart: an access token from one is
// accepted by the other and after the restart, because the signing keys live encrypted in the store's
// secrets (under the shared master key) rather than in each process. On both stores.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from './config.js';
import { silentLogger } from './components/observability/logger.js';
import { createPlatform, type Platform } from './platform.js';
import { testPostgres } from './testing/services.js';
import { storeTargets } from './testing/backends.js';
import type { Session } from './contracts/contracts.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`signing keys shared through the store (${target.kind})`, () => {
    it('accepts a token on a second platform and after a restart; publishes the key in the JWKS', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'waooaw-keys-'));
      dirs.push(dir);
      const pg = target.kind === 'postgres' ? await testPostgres() : undefined;
      const config: Config = loadConfig({
        env: {},
        overrides: {
          http: { port: 0 },
          keys: { dir: join(dir, 'keys') },
          store: pg ? { databaseUrl: pg.url } : { sqlitePath: join(dir, 'waooaw.db') },
        },
      });
      const started: Platform[] = [];
      const start = async () => {
        const p = await createPlatform(config, { logger: silentLogger });
        started.push(p);
        return p;
      };
      try {
        const a = await start();
        const b = await start();
        expect(a.store.dialect).toBe(target.kind === 'postgres' ? 'postgres' : 'sqlite');
        const signUp = await a.app.inject({
          method: 'POST',
          url: '/api/v1/auth/signup',
          payload: {
            email: 'owner@acme.com',
            password: 'correct horse battery',
            name: 'Owner',
            organisationName: 'Acme',
          },
        });
        expect(signUp.statusCode).toBe(202);
        const logIn = await a.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'owner@acme.com', password: 'correct horse battery' },
        });
        const { accessToken } = logIn.json() as Session;
        const me = (p: Platform) =>
          p.app.inject({
            method: 'GET',
            url: '/api/v1/me',
            headers: { authorization: `Bearer ${accessToken}` },
          });
        expect((await me(a)).statusCode).toBe(200);
        expect((await me(b)).statusCode).toBe(200);

        const jwks = await b.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
        expect(jwks.json()).toEqual({
          keys: [expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' })],
        });
        expect(JSON.stringify(jwks.json())).not.toContain('"d"');
        const secrets = await a.secrets.list(null);
        expect(secrets.map((s) => s.name)).toEqual([`auth.jwt-signing.${jwks.json().keys[0].kid}`]);

        await a.stop();
        await b.stop();
        const restarted = await start();
        expect((await me(restarted)).statusCode).toBe(200);
      } finally {
        for (const p of started) await p.stop();
        await pg?.drop();
      }
    });
  });
}
