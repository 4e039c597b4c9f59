// Row-level security on PostgreSQL: migrations run as the owner, the platform's store connects as a
// non-owner role. Without a tenant set the marketplace tables show nothing; with tenant A they never
// show B; the store sets the tenant (or the explicit bypass) per transaction, so its repositories and
// the marketplace conformance suite work unchanged under the policies.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { runsOnStore } from '../testing/backends.js';
import { testPostgres, type TestPostgres } from '../testing/services.js';
import { createAppRole, type PostgresAppRole } from '../testing/postgres-app-role.js';
import { RLS_TABLES } from './migrations/0096-marketplace-row-level-security.js';
import { marketplaceRepositoriesConformance } from './marketplace-repositories.contract.js';
import { createSqlStore, type SqlStore } from './sql-store.js';
import { openRowSecuredStore } from '../testing/postgres-rls-store.js';

const onPostgres = runsOnStore('postgres');

describe.skipIf(!onPostgres)('row-level security on the marketplace tables (PostgreSQL)', () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 5, 9));
  let db: TestPostgres;
  let role: PostgresAppRole;
  let owner: SqlStore;
  let app: SqlStore;
  let raw: pg.Client;

  const user = (id: string, tenantId: string, email: string) => ({
    id,
    tenantId,
    data: {
      email,
      name: id,
      role: 'customer' as const,
      passwordHash: 'x',
      emailVerifiedAt: 0,
      tokensValidAfter: 0,
    },
  });

  beforeAll(async () => {
    db = (await testPostgres())!;
    owner = await createSqlStore({ dialect: 'postgres', url: db.url, poolSize: 2 }, { clock });
    await owner.migrate();
    role = await createAppRole(db);
    app = await createSqlStore(
      { dialect: 'postgres', url: role.url, poolSize: 3, rowLevelSecurity: true },
      { clock },
    );
    for (const t of ['ta', 'tb'])
      await owner.tenants.insert({ id: t, data: { name: t, publicActivity: false, plan: 'business' } });
    await app.accounts.insert(user('usr_a', 'ta', 'a@alpha.test'));
    await app.accounts.insert(user('usr_b', 'tb', 'b@beta.test'));
    raw = new pg.Client({ connectionString: role.url });
    await raw.connect();
  });
  afterAll(async () => {
    await raw?.end();
    await app?.close();
    await owner?.close();
    await role?.drop();
  });

  it('puts FORCE ROW LEVEL SECURITY with a tenant policy on every tenant-owned marketplace table', async () => {
    const r = await raw.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `select relname, relrowsecurity, relforcerowsecurity from pg_class where relname = any($1)`,
      [[...RLS_TABLES]],
    );
    expect(r.rows).toHaveLength(RLS_TABLES.length);
    for (const row of r.rows)
      expect(row, row.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
  });

  it('as the platform role, a query without the tenant set sees nothing and writes nothing', async () => {
    for (const table of RLS_TABLES) {
      const r = await raw.query<{ n: string }>(`select count(*) as n from ${table}`);
      expect(Number(r.rows[0]!.n), table).toBe(0);
    }
    await expect(
      raw.query(
        `insert into mkt_users (id, tenant_id, version, email, name, role, password_hash, tokens_valid_after, created_at, updated_at)
         values ('usr_x', 'ta', 1, 'x@alpha.test', 'x', 'customer', 'x', 0, 0, 0)`,
      ),
    ).rejects.toThrow(/row-level security/);
    // Updates and deletes without a tenant match no row at all.
    expect((await raw.query(`update mkt_users set name = 'x'`)).rowCount).toBe(0);
    expect((await raw.query(`delete from mkt_users`)).rowCount).toBe(0);
  });

  it('with tenant A set, never sees or writes B — even asking for B by id or tenant', async () => {
    await raw.query('begin');
    try {
      await raw.query(`select set_config('waooaw.tenant_id', 'ta', true)`);
      const all = await raw.query<{ id: string }>(`select id from mkt_users order by id`);
      expect(all.rows.map((r) => r.id)).toEqual(['usr_a']);
      expect((await raw.query(`select id from mkt_users where tenant_id = 'tb'`)).rowCount).toBe(0);
      expect((await raw.query(`select id from mkt_users where id = 'usr_b'`)).rowCount).toBe(0);
      expect((await raw.query(`update mkt_users set name = 'x' where id = 'usr_b'`)).rowCount).toBe(0);
      await expect(raw.query(`update mkt_users set tenant_id = 'tb' where id = 'usr_a'`)).rejects.toThrow(
        /row-level security/,
      );
    } finally {
      await raw.query('rollback');
    }
    // The setting is per transaction: it is gone after it.
    expect((await raw.query(`select id from mkt_users`)).rowCount).toBe(0);
  });

  it("the store's tenant-scoped reads are confined by the database, and system work uses the bypass", async () => {
    expect((await app.accounts.list({ tenantId: 'ta' })).items.map((u) => u.id)).toEqual(['usr_a']);
    expect(await app.accounts.get('usr_b', { tenantId: 'ta' })).toBeUndefined();
    expect(await app.accounts.count({ tenantId: 'tb' })).toBe(1);
    // Log-in by email and updates by id are system work: explicit bypass.
    expect((await app.accounts.getByEmail('b@beta.test'))?.id).toBe('usr_b');
    const renamed = await app.accounts.modify('usr_b', (u) => ({ ...u, name: 'Bea' }));
    expect(renamed.data.name).toBe('Bea');
    // Inside a caller's transaction, a nested system lookup does not widen the tenant scope after it.
    await app.transaction(async (tx) => {
      expect((await tx.accounts.list({ tenantId: 'ta' })).items).toHaveLength(1);
      expect((await tx.accounts.getByEmail('b@beta.test'))?.id).toBe('usr_b');
      expect((await tx.accounts.list({ tenantId: 'ta' })).items.map((u) => u.id)).toEqual(['usr_a']);
    });
  });
});

// The marketplace repositories' conformance suite (tenancy, natural keys, pages, conflicts) as the
// platform role under the policies: what the store promises holds with the database enforcing tenants.
if (onPostgres) {
  describe('marketplace repositories as the platform role under row-level security', () => {
    marketplaceRepositoriesConformance('postgres-rls', openRowSecuredStore);
  });
}
