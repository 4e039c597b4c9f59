import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';
import { testPostgres, testRedis } from './services.js';

const postgres = await testPostgres();
const redis = await testRedis();

describe.skipIf(!postgres)('testPostgres', () => {
  it('gives an isolated, writable database that drop() removes', async () => {
    const other = (await testPostgres())!;
    const a = new pg.Client({ connectionString: postgres!.url });
    const b = new pg.Client({ connectionString: other.url });
    await Promise.all([a.connect(), b.connect()]);
    await a.query('create table t (x int)');
    await a.query('insert into t values (42)');
    expect((await a.query('select x from t')).rows).toEqual([{ x: 42 }]);
    await expect(b.query('select x from t')).rejects.toThrow(/does not exist/);
    await Promise.all([a.end(), b.end()]);
    await other.drop();
    const c = new pg.Client({ connectionString: other.url });
    await expect(c.connect()).rejects.toThrow(/does not exist/);
  });
});

describe.skipIf(!redis)('testRedis', () => {
  it('gives a unique prefix whose keys flush() deletes', async () => {
    const r = new Redis(redis!.url);
    await r.set(`${redis!.prefix}a`, '1');
    await r.set('unrelated-key', '2');
    await redis!.flush();
    expect(await r.get(`${redis!.prefix}a`)).toBeNull();
    expect(await r.get('unrelated-key')).toBe('2');
    await r.del('unrelated-key');
    r.disconnect();
  });
});
