// The quick chaos run inside the test suite: our workers are killed with SIGKILL at random moments
// and at named fault points (≥ 100 kills in all), PostgreSQL and Redis are crashed under load; the
// verifier must find 0 lost and 0 duplicated effects. Real servers, real processes, no mocks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPostgresBin, findRedisServer } from '../../../packages/server/src/testing/local-services.js';
import { testPostgres, testRedis } from '../../../packages/server/src/testing/services.js';
import { busKillScenario, embeddedKillScenario, pgOutageScenario, redisOutageScenario, type ChaosEnv } from './scenarios.js';
import type { ChaosReport } from './verifier.js';

const redis = await testRedis();
const probe = await testPostgres();
await probe?.drop();
const services = Boolean(redis && probe);
const crashable = Boolean(findPostgresBin() && findRedisServer());
const tmpRoot = mkdtempSync(join(tmpdir(), 'waooaw-chaos-test-'));
const dbs: Array<{ drop(): Promise<void> }> = [];
const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 100_000);
const lines: string[] = [];

const env: ChaosEnv = {
  redisUrl: redis?.url ?? '',
  async freshDatabase() {
    const db = await testPostgres();
    if (!db) throw new Error('PostgreSQL is not available');
    dbs.push(db);
    return db.url;
  },
  tmpDir: () => mkdtempSync(join(tmpRoot, 's-')),
  log: (line) => lines.push(line),
};

function expectClean(r: ChaosReport): void {
  // On failure the message carries the whole report and the seed that replays the schedule.
  const summary = JSON.stringify({ ...r, seed, log: lines.slice(-20) });
  expect(r.lost, summary).toBe(0);
  expect(r.duplicated, summary).toBe(0);
  expect(r.unexpectedExits, summary).toBe(0);
}

afterAll(async () => {
  await Promise.all(dbs.map((d) => d.drop().catch(() => undefined)));
  rmSync(tmpRoot, { recursive: true, force: true });
});

describe.skipIf(!services)('chaos (quick)', () => {
  const kills = Number(process.env.CHAOS_TEST_KILLS ?? 50);

  it(`loses and duplicates nothing when bus workers are killed ${kills} times`, { timeout: 240_000 }, async () => {
    const r = await busKillScenario(env, { kills, seed, quick: true });
    expectClean(r);
    expect(r.kills).toBe(kills);
    expect(r.killsByMode.random).toBeGreaterThan(0);
    expect(Object.keys(r.killsByMode).filter((k) => k.startsWith('fault:')).length).toBe(3);
    expect(r.expected).toBeGreaterThan(0);
  });

  it(`loses and duplicates nothing when the embedded process is killed ${kills} times`, { timeout: 240_000 }, async () => {
    const r = await embeddedKillScenario(env, { kills, seed, quick: true });
    expectClean(r);
    expect(r.kills).toBe(kills);
    expect(r.expected).toBeGreaterThan(0);
  });

  it.skipIf(!crashable)('keeps acknowledged work when PostgreSQL stops with -m immediate, and recovers within 5 s', { timeout: 120_000 }, async () => {
    const r = await pgOutageScenario(env, { kills: 0, seed, quick: true });
    expectClean(r);
    expect(r.backMs).toBeLessThanOrEqual(5000);
  });

  it.skipIf(!crashable)('publishes land durably or fail loudly while Redis is down, and the backlog drains', { timeout: 120_000 }, async () => {
    const r = await redisOutageScenario(env, { kills: 0, seed, quick: true });
    expectClean(r);
    expect(r.failedLoudly).toBeGreaterThan(0);
    expect(r.pass).toBe(true);
  });
});
