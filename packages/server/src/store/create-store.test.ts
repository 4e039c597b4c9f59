import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createStoreFromConfig, storeOptionsFromConfig } from './create-store.js';

describe('createStoreFromConfig', () => {
  it('selects PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({
      env: { DATABASE_URL: 'postgres://u:p@db:5432/app', WAOOAW_DB_POOL_SIZE: '7' },
    });
    expect(storeOptionsFromConfig(config)).toEqual({
      dialect: 'postgres',
      url: 'postgres://u:p@db:5432/app',
      poolSize: 7,
    });
  });

  it('selects the SQLite file with its synchronous mode otherwise', () => {
    const config = loadConfig({
      env: { WAOOAW_SQLITE_PATH: '/tmp/x.db', WAOOAW_SQLITE_SYNCHRONOUS: 'NORMAL' },
    });
    expect(storeOptionsFromConfig(config)).toEqual({
      dialect: 'sqlite',
      path: '/tmp/x.db',
      synchronous: 'NORMAL',
    });
  });

  it('opens a working embedded store at the configured path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waooaw-create-'));
    try {
      const store = await createStoreFromConfig(
        loadConfig({ env: { WAOOAW_SQLITE_PATH: join(dir, 'data', 'w.db') } }),
      );
      expect(store.dialect).toBe('sqlite');
      await store.migrate();
      await store.documents.insert({ collection: 'c', id: '1', data: { ok: true } });
      expect((await store.documents.get('c', '1'))?.data).toEqual({ ok: true });
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens a PostgreSQL store lazily: creating it does not connect', async () => {
    const store = await createStoreFromConfig(
      loadConfig({ env: { DATABASE_URL: 'postgres://u:p@127.0.0.1:1/app' } }),
    );
    expect(store.dialect).toBe('postgres');
    await expect(store.ping()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await store.close();
  });
});
