// The quick chaos plan inside the test suite: our workers are killed with SIGKILL at random moments
// and at named fault points (≥ 100 kills in all: bus consumers, the embedded process, workflow
// engine workers, durable timers), and PostgreSQL and Redis are crashed under load. The verifier
// must find 0 lost and 0 duplicated effects. Real servers, real processes, no mocks. The peers'
// context rows (BullMQ) run only in `npm run chaos`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPostgresBin, findRedisServer } from '@waooaw/server/testing';
import { testPostgres, testRedis } from '@waooaw/server/testing';
import { chaosPlan } from './plan.js';
import type { ChaosEnv } from './scenarios.js';
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
const reports: ChaosReport[] = [];

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

afterAll(async () => {
  await Promise.all(dbs.map((d) => d.drop().catch(() => undefined)));
  rmSync(tmpRoot, { recursive: true, force: true });
});

describe.skipIf(!services)(`chaos, quick plan (seed ${seed}; replay with CHAOS_SEED)`, () => {
  const steps = chaosPlan('quick').filter((s) => s.gate);

  for (const step of steps) {
    const ownServers = step.id.endsWith('-outage');
    it.skipIf(ownServers && !crashable)(
      `${step.id}: 0 lost and 0 duplicated effects${step.kills ? ` over ${step.kills} kills` : ''}`,
      { timeout: 300_000 },
      async () => {
        const r = await step.run(env, { kills: step.kills, seed, quick: true });
        reports.push(r);
        // On failure the message carries the whole report and the last lines of the kill log.
        const summary = JSON.stringify({ ...r, seed, log: lines.slice(-20) });
        expect(r.lost, summary).toBe(0);
        expect(r.duplicated, summary).toBe(0);
        expect(r.unexpectedExits, summary).toBe(0);
        expect(r.kills, summary).toBe(step.kills);
        if (step.id === 'bus-kill') expect(r.resumeP50Ms, summary).toBeLessThanOrEqual(1000);
        expect(r.pass, summary).toBe(true);
        if (step.kills)
          expect(
            Object.keys(r.killsByMode).some((k) => k.startsWith('fault:')),
            summary,
          ).toBe(true);
      },
    );
  }

  it('kills workers at least 100 times in all', () => {
    expect(steps.reduce((n, s) => n + s.kills, 0)).toBeGreaterThanOrEqual(100);
    expect(reports.reduce((n, r) => n + r.kills, 0)).toBe(steps.reduce((n, s) => n + s.kills, 0));
  });
});
