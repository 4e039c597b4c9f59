// Row-level security covers every tenant-owned table (migrations 0096, 0145). The list of tables comes
// from the schema — every table with a `tenant_id` column, and the tenants table by its id — so a table
// added later without the policies fails here. For each, as the platform's non-owner role: nothing is
// visible without a tenant; with tenant A, B's row is invisible, cannot be updated, deleted or written,
// and A's row cannot be moved to B. The work, runtime and inbox repository suites then run under the policies.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { runsOnStore } from '../testing/backends.js';
import { createAppRole, type PostgresAppRole } from '../testing/postgres-app-role.js';
import { openRowSecuredStore } from '../testing/postgres-rls-store.js';
import { testPostgres, type TestPostgres } from '../testing/services.js';
import { inboxRepositoryConformance } from './inbox-repository.contract.js';
import { runtimeWorkRepositoriesConformance } from './runtime-work-repositories.contract.js';
import { createSqlStore, type SqlStore } from './sql-store.js';
import { workRepositoriesConformance } from './work-repositories.contract.js';

const onPostgres = runsOnStore('postgres');
const TENANTS = ['ta', 'tb'] as const;

interface Column {
  table_name: string;
  column_name: string;
  data_type: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
}

/** The column naming a table's tenant. */
const tenantColumn = (table: string) => (table === 'mkt_tenants' ? 'id' : 'tenant_id');

/** A value of the column's type that differs per tenant, so unique indexes hold one row of each. */
function valueFor(c: Column, tenant: string, salt: string): unknown {
  if (c.column_name === tenantColumn(c.table_name)) return tenant;
  const n = TENANTS.indexOf(tenant as (typeof TENANTS)[number]) + 1;
  switch (c.data_type) {
    case 'bigint':
    case 'integer':
    case 'smallint':
    case 'numeric':
    case 'double precision':
    case 'real':
      return n;
    case 'boolean':
      return false;
    case 'json':
    case 'jsonb':
      return '{}';
    case 'bytea':
      return Buffer.from([n]);
    default:
      return `${c.column_name}_${salt}_${tenant}`;
  }
}

/** An INSERT of one row of `tenant` filling the tenant column, `id` and every required column. */
function insertRow(table: string, columns: Column[], tenant: string, salt: string) {
  const filled = columns.filter(
    (c) =>
      c.column_name === tenantColumn(table) ||
      c.column_name === 'id' ||
      (c.is_nullable === 'NO' && c.column_default === null),
  );
  const names = filled.map((c) => `"${c.column_name}"`).join(', ');
  const params = filled.map((_, i) => `$${i + 1}`).join(', ');
  return {
    text: `insert into "${table}" (${names}) values (${params})`,
    values: filled.map((c) => valueFor(c, tenant, salt)),
  };
}

describe.skipIf(!onPostgres)('row-level security on every tenant-owned table (PostgreSQL)', () => {
  let db: TestPostgres;
  let role: PostgresAppRole;
  let owner: SqlStore;
  let admin: pg.Client;
  let app: pg.Client;
  let tables: Map<string, Column[]>;

  beforeAll(async () => {
    db = (await testPostgres())!;
    owner = await createSqlStore(
      { dialect: 'postgres', url: db.url, poolSize: 2 },
      { clock: new FakeClock(0) },
    );
    await owner.migrate();
    role = await createAppRole(db);
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const tenantTables = await admin.query<{ table_name: string }>(
      `select distinct table_name from information_schema.columns
        where table_schema = 'public' and column_name = 'tenant_id'`,
    );
    const names = [...tenantTables.rows.map((r) => r.table_name), 'mkt_tenants'].sort();
    const columns = await admin.query<Column>(
      `select table_name, column_name, data_type, is_nullable, column_default
         from information_schema.columns where table_schema = 'public' and table_name = any($1)
        order by table_name, ordinal_position`,
      [names],
    );
    tables = new Map(names.map((n) => [n, columns.rows.filter((c) => c.table_name === n)]));
    // One row of each tenant in every table; references are not this test's subject, so the owner
    // (a superuser here) writes with foreign-key triggers off.
    await admin.query(`set session_replication_role = replica`);
    for (const tenant of TENANTS)
      for (const [table, cols] of tables) await admin.query(insertRow(table, cols, tenant, 'seed'));
    await admin.query(`set session_replication_role = default`);
    app = new pg.Client({ connectionString: role.url });
    await app.connect();
  });
  afterAll(async () => {
    await app?.end();
    await admin?.end();
    await owner?.close();
    await role?.drop();
  });

  /** Runs `fn` as the platform role in a transaction whose tenant is `tenant`, rolled back after. */
  async function asTenant(tenant: string, fn: () => Promise<void>): Promise<void> {
    await app.query('begin');
    try {
      await app.query(`select set_config('waooaw.tenant_id', $1, true)`, [tenant]);
      await fn();
    } finally {
      await app.query('rollback');
    }
  }

  /** The error `statement` fails with, inside a savepoint so the transaction goes on. */
  async function refusal(statement: { text: string; values?: unknown[] } | string): Promise<string> {
    await app.query('savepoint s');
    try {
      await app.query(statement);
      return 'accepted';
    } catch (err) {
      await app.query('rollback to savepoint s');
      return (err as Error).message;
    }
  }

  it('finds the tenant-owned tables from the schema (the ones this work covers among them)', () => {
    for (const t of ['mkt_users', 'work_instances', 'jobs', 'inbox_items', 'documents', 'runtime_budgets'])
      expect([...tables.keys()]).toContain(t);
    expect(tables.size).toBeGreaterThanOrEqual(31);
  });

  it('puts FORCE ROW LEVEL SECURITY and the tenant policy on each of them', async () => {
    const r = await admin.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `select relname, relrowsecurity, relforcerowsecurity from pg_class
        where relkind = 'r' and relname = any($1)`,
      [[...tables.keys()]],
    );
    const policies = await admin.query<{ tablename: string }>(
      `select tablename from pg_policies where policyname = 'waooaw_tenant_isolation'`,
    );
    const withPolicy = new Set(policies.rows.map((p) => p.tablename));
    const missing = r.rows
      .filter((t) => !t.relrowsecurity || !t.relforcerowsecurity || !withPolicy.has(t.relname))
      .map((t) => t.relname);
    expect(missing, 'tables without forced row-level security and the tenant policy').toEqual([]);
  });

  it('as the platform role without a tenant, sees none of their rows', async () => {
    for (const table of tables.keys()) {
      const r = await app.query<{ n: string }>(`select count(*) as n from "${table}"`);
      expect(Number(r.rows[0]!.n), table).toBe(0);
    }
  });

  it("with tenant A set, sees its own row and never B's, and can neither change, delete nor write B's", async () => {
    for (const [table, cols] of tables) {
      const column = tenantColumn(table);
      await asTenant('ta', async () => {
        const seen = await app.query<{ t: string }>(`select "${column}" as t from "${table}"`);
        expect(
          seen.rows.map((r) => r.t),
          table,
        ).toEqual(['ta']);
        expect((await app.query(`select 1 from "${table}" where "${column}" = 'tb'`)).rowCount, table).toBe(
          0,
        );
        const touch = cols.find((c) => c.column_name !== column)?.column_name ?? column;
        expect(
          (await app.query(`update "${table}" set "${touch}" = "${touch}" where "${column}" = 'tb'`))
            .rowCount,
          table,
        ).toBe(0);
        expect((await app.query(`delete from "${table}" where "${column}" = 'tb'`)).rowCount, table).toBe(0);
        expect(await refusal(insertRow(table, cols, 'tb', 'forged')), table).toMatch(/row-level security/);
        if (table !== 'mkt_tenants') {
          expect(
            await refusal(`update "${table}" set tenant_id = 'tb' where tenant_id = 'ta'`),
            table,
            // The audit trail refuses every update anyway (its trigger); the policy would too.
          ).toMatch(table === 'audit_entries' ? /row-level security|append-only/ : /row-level security/);
        }
      });
    }
    // B's rows are all still there.
    const count = await admin.query<{ n: string }>(
      `select count(*) as n from mkt_users where tenant_id = 'tb'`,
    );
    expect(Number(count.rows[0]!.n)).toBe(1);
  });
});

// What the store promises for the work orders, the runtime's work tables and the inbox holds with the
// database enforcing tenants (their conformance suites as the platform role under the policies).
if (onPostgres) {
  describe('work, runtime and inbox repositories as the platform role under row-level security', () => {
    workRepositoriesConformance('postgres-rls', openRowSecuredStore);
    runtimeWorkRepositoriesConformance('postgres-rls', openRowSecuredStore);
    inboxRepositoryConformance('postgres-rls', openRowSecuredStore);
  });
}
