// Scale-out mode: two `waooaw start --role worker` processes share PostgreSQL and Redis. Work (workflow
// instances whose steps run agent skills) is split across them, and when one is killed with SIGKILL
// mid-run the other finishes everything: no instance lost, no step's effect recorded twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SKILL_RUNS, type SkillRun } from './workflows/skill-service-task.js';
import { Engine } from './engine/engine.js';
import { createSqlStore, type SqlStore } from './store/sql-store.js';
import { eventually } from './testing/eventually.js';
import { testPostgres, testRedis } from './testing/services.js';

const pg = await testPostgres();
const redis = await testRedis();
/** Processes sharing a database share its keys (audit signing, secrets master): one directory for both. */
const keyDir = join(mkdtempSync(join(tmpdir(), 'scale-out-keys-')), 'keys');
const tsx = createRequire(import.meta.url).resolve('tsx');
const main = new URL('./cli/main.ts', import.meta.url).pathname;
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await pg?.drop();
  await redis?.flush();
});

function startWorker(name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', tsx, main, 'start', '--role', 'worker'], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: pg!.url,
      REDIS_URL: redis!.url,
      WAOOAW_BUS_PREFIX: `${redis!.prefix}bus`,
      WAOOAW_WORKER_ID: name,
      WAOOAW_KEY_DIR: keyDir,
      WAOOAW_ENGINE_LEASE_MS: '1500',
      WAOOAW_ENGINE_POLL_MS: '50',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('worker running')) resolve(child);
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`worker ${name} exited with ${code}: ${out}`)));
  });
}

const flow = `
workflow:
  id: three-skills
  tasks:
    - { id: a, type: service_task, task_type: agent.skill, config: { skill: text.readability } }
    - { id: b, type: service_task, task_type: agent.skill, config: { skill: text.readability } }
    - { id: c, type: service_task, task_type: agent.skill, config: { skill: text.readability } }
  flow:
    - start -> a
    - a -> b
    - b -> c
    - c -> end
`;

async function runs(store: SqlStore): Promise<SkillRun[]> {
  const all: SkillRun[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.documents.list<SkillRun>(SKILL_RUNS, {
      limit: 500,
      ...(cursor ? { cursor } : {}),
    });
    all.push(...page.items.map((d) => d.data));
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

describe.skipIf(!pg || !redis)('scale-out: two worker processes on PostgreSQL + Redis', () => {
  it('splits work across workers and loses nothing when one is killed with SIGKILL', async () => {
    const store = await createSqlStore({ dialect: 'postgres', url: pg!.url });
    await store.migrate();
    const [workerA] = await Promise.all([startWorker('worker-a'), startWorker('worker-b')]);
    const client = new Engine({ store: store.engine });
    await client.deploy({ format: 'yaml', source: flow });
    const total = 40;
    const text = {
      text: 'Agents earn your business. Short sentences read well. This one is a little longer than the others.',
    };
    for (let i = 0; i < total; i++)
      await client.startInstance('three-skills', { businessKey: `job-${i}`, variables: { input: text } });

    // Kill worker A with SIGKILL as soon as it has done some of the work, while work remains.
    const before = await eventually(
      () => runs(store),
      (r) => r.some((x) => x.worker === 'worker-a'),
      { timeoutMs: 60_000, what: 'worker-a doing work' },
    );
    workerA.kill('SIGKILL');
    expect(before.length).toBeLessThan(total * 3);

    const finished = await eventually(
      async () =>
        (await client.listInstances({ definitionId: 'three-skills', state: 'completed', limit: 500 })).items
          .length,
      (n) => n === total,
      { timeoutMs: 90_000, what: 'every instance completed by the surviving worker' },
    );
    expect(finished).toBe(total);
    const all = await runs(store);
    // Exactly one recorded effect per step: 3 per instance, none missing, none twice.
    expect(all).toHaveLength(total * 3);
    expect(new Set(all.map((r) => `${r.instanceId}:${r.elementId}`)).size).toBe(total * 3);
    const byWorker = {
      a: all.filter((r) => r.worker === 'worker-a').length,
      b: all.filter((r) => r.worker === 'worker-b').length,
    };
    expect(byWorker.a).toBeGreaterThan(0);
    expect(byWorker.b).toBeGreaterThan(0);
    expect(byWorker.a + byWorker.b).toBe(total * 3);
    await store.close();
  }, 180_000);
});
