// The platform connected as a non-owner PostgreSQL role: with WAOOAW_DATABASE_MIGRATION_URL set it
// migrates as the owner, then serves under the row-level security policies of migration 0096.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from './components/observability/logger.js';
import { loadConfig } from './config.js';
import { createPlatform, type Platform } from './platform.js';
import { runsOnStore } from './testing/backends.js';
import { createAppRole, type PostgresAppRole } from './testing/postgres-app-role.js';
import { testPostgres } from './testing/services.js';
import { signUpSession } from './api/testing/test-platform.js';

describe.skipIf(!runsOnStore('postgres'))('platform under row-level security (PostgreSQL)', () => {
  let role: PostgresAppRole;
  let platform: Platform;

  beforeAll(async () => {
    const db = (await testPostgres())!;
    role = await createAppRole(db);
    const config = loadConfig({
      env: { DATABASE_URL: role.url, WAOOAW_DATABASE_MIGRATION_URL: db.url },
      overrides: { http: { port: 0 } },
    });
    platform = await createPlatform(config, { logger: silentLogger });
  });
  afterAll(async () => {
    await platform?.stop();
    await role?.drop();
  });

  it('signs customers up and serves each its own account, while the role alone sees no tenant rows', async () => {
    const signUp = async (email: string, organisationName: string) => {
      const session = await signUpSession(platform.app, {
        email,
        password: 'Correct-Horse-Battery-9',
        name: 'Ann',
        organisationName,
      });
      return session.accessToken;
    };
    const a = await signUp('ann@alpha.test', 'Alpha');
    await signUp('bob@beta.test', 'Beta');
    const me = await platform.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${a}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { email: 'ann@alpha.test' } });

    const raw = new pg.Client({ connectionString: role.url });
    await raw.connect();
    try {
      expect((await raw.query('select id from mkt_users')).rowCount).toBe(0);
      await raw.query('begin');
      const tenant = (await platform.store.accounts.getByEmail('ann@alpha.test'))!.tenantId!;
      await raw.query(`select set_config('waooaw.tenant_id', $1, true)`, [tenant]);
      const rows = await raw.query<{ email: string }>('select email from mkt_users');
      expect(rows.rows.map((r) => r.email)).toEqual(['ann@alpha.test']);
      await raw.query('rollback');
    } finally {
      await raw.end();
    }
  });
});
