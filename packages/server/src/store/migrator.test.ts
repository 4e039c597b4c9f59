import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testPostgres, type TestPostgres } from '../testing/services.js';
import { migrations } from './migrations/index.js';
import { orderMigrations, type Migration } from './migrator.js';
import { createSqlStore, type SqlStoreOptions } from './sql-store.js';

const table = (name: string): Migration => ({
  name,
  async up(db) {
    await db.schema
      .createTable(`t_${name.slice(0, 4)}`)
      .addColumn('x', 'integer')
      .execute();
  },
});

const failing: Migration = {
  name: '0003-fails-halfway',
  async up(db) {
    await db.schema.createTable('t_0003').addColumn('x', 'integer').execute();
    throw new Error('boom');
  },
};

describe('orderMigrations', () => {
  it('orders by name whatever the list order', () => {
    expect(orderMigrations([table('0002-b'), table('0001-a'), table('0010-c')]).map((m) => m.name)).toEqual([
      '0001-a',
      '0002-b',
      '0010-c',
    ]);
  });

  it('rejects duplicate and badly formed names', () => {
    expect(() => orderMigrations([table('0001-a'), table('0001-a')])).toThrow(/listed twice/);
    expect(() => orderMigrations([table('1-a')])).toThrow(/must look like/);
    expect(() => orderMigrations([table('0001-Upper')])).toThrow(/must look like/);
  });

  it("the platform's migration list is well formed", () => {
    expect(() => orderMigrations(migrations)).not.toThrow();
    expect(migrations.map((m) => m.name)).toContain('0001-core-documents');
  });
});

const pg = await testPostgres();
const dropped: TestPostgres[] = [];
const dir = mkdtempSync(join(tmpdir(), 'waooaw-migrator-'));
let files = 0;
afterAll(async () => {
  for (const db of dropped) await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

const targets: Array<[string, () => Promise<SqlStoreOptions>]> = [
  ['sqlite', async () => ({ dialect: 'sqlite', path: join(dir, `m${++files}.db`), synchronous: 'OFF' })],
];
if (pg) {
  targets.push([
    'postgres',
    async () => {
      const db = (await testPostgres())!;
      dropped.push(db);
      return { dialect: 'postgres', url: db.url };
    },
  ]);
}

describe.each(targets)('runMigrations on %s', (_name, options) => {
  it('applies in name order, records each once, and a failing migration leaves no trace', async () => {
    const store = await createSqlStore(await options(), {
      migrations: [table('0002-b'), failing, table('0001-a'), table('0004-d')],
    });
    try {
      const err = await store.migrate().catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'INTERNAL', details: { migration: '0003-fails-halfway' } });
      expect(await store.migrationStatus()).toEqual({
        applied: ['0001-a', '0002-b'],
        pending: ['0003-fails-halfway', '0004-d'],
      });
      // The failed migration's table was rolled back with it.
      await expect(sql`select * from t_0003`.execute(store.db)).rejects.toThrow();
      await sql`select * from t_0002`.execute(store.db);
    } finally {
      await store.close();
    }
  });

  it('a later run applies only what is new', async () => {
    const opts = await options();
    const first = await createSqlStore(opts, { migrations: [table('0001-a')] });
    expect((await first.migrate()).applied).toEqual(['0001-a']);
    await first.close();
    const second = await createSqlStore(opts, { migrations: [table('0001-a'), table('0002-b')] });
    expect(await second.migrate()).toEqual({ applied: ['0002-b'], current: ['0001-a', '0002-b'] });
    await second.close();
  });
});
