import { describe, expect, it } from 'vitest';
import { measureCommitRate } from './commit-rate.js';
import { createSqlStore } from './sql-store.js';

describe('measureCommitRate', () => {
  it('commits exactly `count` transactions, reports a rate and leaves no rows behind', async () => {
    const store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' });
    await store.migrate();
    const rate = await measureCommitRate(store, { count: 200, concurrency: 4 });
    expect(rate).toMatchObject({ commits: 200, concurrency: 4, dialect: 'sqlite' });
    expect(rate.commitsPerSecond).toBeGreaterThan(0);
    expect(rate.commitsPerSecond).toBeCloseTo(200 / rate.seconds, 6);
    const row = await store.db
      .selectFrom('documents')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(row.n)).toBe(0);
    await store.close();
  });

  it('runs for a duration when given seconds', async () => {
    const store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' });
    await store.migrate();
    const rate = await measureCommitRate(store, { seconds: 0.05 });
    expect(rate.commits).toBeGreaterThan(0);
    expect(rate.seconds).toBeGreaterThanOrEqual(0.05);
    await store.close();
  });

  it('rejects bad options with VALIDATION', async () => {
    const store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' });
    await expect(measureCommitRate(store, {})).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'seconds' },
    });
    await expect(measureCommitRate(store, { count: 1, concurrency: 0 })).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'concurrency' },
    });
    await store.close();
  });
});
