// Scale-out proven with processes: the compiled `waooaw start --role api|worker` on one PostgreSQL and
// Redis, default settings, a mixed workload (trials through the APIs, workforce tasks, workflows
// whose steps run agent skills, durable timers). A worker stopped with SIGTERM under load drains and
// loses nothing; workers killed with SIGKILL and started again lose nothing either; every accepted
// item is done exactly once and the work splits across the workers (testing/scale-out-run.ts).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScaleOut, spread, type ScaleOutReport } from './testing/scale-out-run.js';
import { testPostgres, testRedis, type TestPostgres } from './testing/services.js';

const redis = await testRedis();
const probe = await testPostgres();
await probe?.drop();
const root = fileURLToPath(new URL('../../../', import.meta.url));
const databases: TestPostgres[] = [];

beforeAll(() => {
  // `npm test` builds first; a lone run of this file builds the server only when dist is stale.
  execFileSync(process.execPath, [join(root, 'scripts', 'build-if-stale.mjs'), 'server'], {
    cwd: root,
    stdio: 'inherit',
  });
}, 300_000);

afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop().catch(() => undefined)));
  await redis?.flush();
});

async function database(): Promise<string> {
  const db = (await testPostgres())!;
  databases.push(db);
  return db.url;
}

function summary(r: ScaleOutReport): string {
  const resume = spread(r.resumeMs);
  return JSON.stringify({ ...r, resumeMs: undefined, resume: { ...resume, n: r.resumeMs.length } }, null, 1);
}

describe.skipIf(!probe || !redis)('scale-out with processes (compiled, PostgreSQL + Redis)', () => {
  it('drains a worker stopped with SIGTERM under load: unready first, exit 0, every item done once', async () => {
    const report = await runScaleOut({
      databaseUrl: await database(),
      redisUrl: redis!.url,
      busPrefix: `${redis!.prefix}drain:`,
      apis: 1,
      workers: 2,
      trials: 1,
      tasksPerTrial: 20,
      workflows: 25,
      timers: 10,
      disruptions: [{ atProgress: 0.2, worker: 0, signal: 'SIGTERM' }],
    });
    const why = summary(report);
    expect(report.lost, why).toBe(0);
    expect(report.duplicated, why).toBe(0);
    expect(report.done, why).toEqual(report.accepted);
    const [stop] = report.disruptions;
    expect(stop, why).toMatchObject({ signal: 'SIGTERM', ended: '0' });
    // After the signal the worker never says it is ready: draining until its probes close.
    expect(
      stop!.readiness.every((r) => r === '503 draining' || r === 'gone'),
      why,
    ).toBe(true);
    expect(stop!.readiness, why).toContain('503 draining');
  }, 360_000);

  it('runs 3 API and 3 worker processes through SIGKILLs and a SIGTERM, each item once, split across workers', async () => {
    const report = await runScaleOut({
      databaseUrl: await database(),
      redisUrl: redis!.url,
      busPrefix: `${redis!.prefix}scale:`,
      apis: 3,
      workers: 3,
      trials: 3,
      tasksPerTrial: 15,
      workflows: 40,
      timers: 15,
      disruptions: [
        { atProgress: 0.15, worker: 0, signal: 'SIGKILL' },
        { atProgress: 0.4, worker: 1, signal: 'SIGTERM' },
        { atProgress: 0.6, worker: 2, signal: 'SIGKILL' },
      ],
      log: (line) => console.log(`[scale-out] ${line}`),
    });
    const why = summary(report);
    console.log(`[scale-out] report ${why}`);
    expect(report.lost, why).toBe(0);
    expect(report.duplicated, why).toBe(0);
    expect(report.done, why).toEqual(report.accepted);
    expect(
      report.disruptions.map((d) => [d.signal, d.ended]),
      why,
    ).toEqual([
      ['SIGKILL', 'SIGKILL'],
      ['SIGTERM', '0'],
      ['SIGKILL', 'SIGKILL'],
    ]);
    const workers = ['worker-1', 'worker-2', 'worker-3'];
    for (const w of workers) {
      const s = report.share[w];
      expect(
        (s?.tasks ?? 0) + (s?.steps ?? 0) + (s?.timers ?? 0),
        `${w} did some work: ${why}`,
      ).toBeGreaterThan(0);
    }
    expect(Object.keys(report.share).sort(), why).toEqual(workers);
  }, 480_000);
});
