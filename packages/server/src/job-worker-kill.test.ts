// Issue 17's acceptance: an external worker that is not TypeScript (docs/examples/job-worker.py, Python
// standard library only) works a task type over HTTP while the platform is SIGKILLed and restarted
// mid-job, on one SQLite file: the job is completed exactly once. Steps are coordinated through the
// worker's output and a gate file, never through sleeps.
import { execFile, execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCi } from './testing/backend-selection.js';
import { eventually } from './testing/eventually.js';
import { compiledCli, startPlatformProcess, type PlatformProcess } from './testing/platform-process.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const example = join(root, 'docs', 'examples', 'job-worker.py');
const hasPython = spawnSync('python3', ['--version']).status === 0;
if (!hasPython && isCi())
  throw new Error('CI=true and python3 is missing: the job-worker acceptance test needs it');

const TYPE = 'python.charge';
const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://waooaw.test/jobs">
  <bpmn:process id="external-charge" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="toCharge" sourceRef="start" targetRef="charge" />
    <bpmn:serviceTask id="charge" name="Charge (Python worker)">
      <bpmn:extensionElements><zeebe:taskDefinition type="${TYPE}" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="toEnd" sourceRef="charge" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;
// The example's loop with the test's work: announce the job, wait for the gate file, record the effect.
const WORKER = `
import os, runpy, sys, time
example = runpy.run_path(sys.argv[1])
def work(job):
    print("activated " + job["id"], flush=True)
    while not os.path.exists(os.environ["GATE"]):
        time.sleep(0.05)
    with open(os.environ["LEDGER"], "a") as ledger:
        ledger.write(job["id"] + "\\n")
    return {"charged": job["variables"]["amount"], "handledBy": example["WORKER"]}
example["main"](sys.argv[2], work)
`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe.skipIf(!hasPython)('an external Python job worker across a platform kill and restart', () => {
  let dir: string;
  let port: number;
  let env: Record<string, string>;
  let platform: PlatformProcess | undefined;
  let worker: ChildProcess | undefined;
  let workerOut = '';

  beforeAll(async () => {
    // `npm test` builds first; a lone run of this file builds the server only when dist is stale.
    execFileSync(process.execPath, [join(root, 'scripts', 'build-if-stale.mjs'), 'server'], {
      cwd: root,
      stdio: 'inherit',
    });
    dir = mkdtempSync(join(tmpdir(), 'waooaw-job-kill-'));
    port = await freePort();
    env = {
      WAOOAW_SQLITE_PATH: join(dir, 'waooaw.db'),
      WAOOAW_KEY_DIR: join(dir, 'keys'),
      WAOOAW_ADMIN_EMAIL: 'ada@ops.test',
      WAOOAW_ADMIN_PASSWORD: 'Ada-Staff-Password-77',
      LOG_LEVEL: 'warn',
    };
  }, 300_000);
  afterAll(async () => {
    worker?.kill('SIGKILL');
    if (platform?.isRunning()) {
      platform.kill('SIGKILL');
      await platform.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const start = () =>
    startPlatformProcess({ name: 'job-kill', role: 'all', port, env, readyTimeoutMs: 120_000 });
  const api = async (token: string, method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const logIn = async (): Promise<string> => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: env.WAOOAW_ADMIN_EMAIL, password: env.WAOOAW_ADMIN_PASSWORD }),
    });
    return ((await res.json()) as { accessToken: string }).accessToken;
  };
  /** Waits until the worker printed a line matching `pattern`. */
  const saw = async (what: string, pattern: RegExp): Promise<RegExpExecArray> => {
    const out = await eventually(
      () => workerOut,
      (o) => pattern.test(o),
      { what, timeoutMs: 120_000 },
    );
    return pattern.exec(out)!;
  };

  it('completes the job exactly once although the platform died while the worker held it', async () => {
    platform = await start();
    let token = await logIn();
    const me = (await api(token, 'GET', '/me')) as { tenant: { id: string } };
    await api(token, 'POST', '/workflows/definitions', { source: BPMN });
    // The key is issued as an operator would, with the CLI on the platform's store; the instance has no
    // business key, so it is the platform's own and the internal organisation's key may work it.
    const created = await promisify(execFile)(
      process.execPath,
      [
        compiledCli,
        'api-keys',
        'create',
        '--tenant',
        me.tenant.id,
        '--name',
        'py',
        '--job-types',
        'python.*',
      ],
      { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } },
    );
    const key = /Key \(shown once\): (wak_\S+)/.exec(created.stdout)?.[1];
    expect(key, created.stdout + created.stderr).toBeDefined();

    const gate = join(dir, 'gate');
    const ledger = join(dir, 'ledger');
    worker = spawn('python3', ['-c', WORKER, example, TYPE], {
      env: {
        PATH: process.env.PATH ?? '',
        WAOOAW_URL: `http://127.0.0.1:${port}`,
        WAOOAW_API_KEY: key!,
        GATE: gate,
        LEDGER: ledger,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout!.on('data', (d: Buffer) => (workerOut += d.toString()));
    worker.stderr!.on('data', (d: Buffer) => (workerOut += d.toString()));

    const instance = (await api(token, 'POST', '/workflows/instances', {
      definitionId: 'external-charge',
      variables: { amount: 42 },
    })) as { instanceId: string };
    const jobId = (await saw('the worker activates the job', /activated (\S+)/))[1]!;

    platform.kill('SIGKILL');
    expect((await platform.exited).signal).toBe('SIGKILL');
    writeFileSync(gate, '');
    // The work is done while the platform is down; completing it fails until the platform is back.
    await saw('the worker retries its completion', /platform unreachable .*; retrying/);
    expect(existsSync(ledger)).toBe(true);
    expect(workerOut).not.toContain('completed');

    platform = await start();
    await saw(
      'the worker completes the job',
      new RegExp(`completed ${jobId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    token = await logIn();
    const done = await eventually(
      // Polled four times a second: the operator's own rate limit must not end the wait.
      async () => {
        await delay(250);
        return api(token, 'GET', `/workflows/instances/${instance.instanceId}`);
      },
      (i) => i.status === 'completed',
      { what: 'the instance completes', timeoutMs: 120_000 },
    );
    expect(done.variables, JSON.stringify(done)).toMatchObject({ charged: 42 });

    expect(readFileSync(ledger, 'utf8')).toBe(`${jobId}\n`);
    const jobs = (await api(token, 'GET', `/workflows/jobs?instanceId=${instance.instanceId}`)) as {
      items: Array<{ jobKey: string; state: string }>;
    };
    expect(jobs.items.map((j) => [j.jobKey, j.state])).toEqual([[jobId, 'completed']]);
    // The history is written behind the instance state (group commit): wait for its last step.
    const history = (await eventually(
      async () => {
        await delay(250);
        return api(token, 'GET', `/workflows/instances/${instance.instanceId}/history`);
      },
      (h) => (h.items as Array<{ type: string }>).some((e) => e.type === 'instance.completed'),
      { what: 'the history records the completion', timeoutMs: 120_000 },
    )) as {
      items: Array<{ type: string; jobKey?: string }>;
    };
    const types = history.items.map((e) => e.type);
    expect(history.items.filter((e) => e.type === 'activity.external').map((e) => e.jobKey)).toEqual([jobId]);
    expect(types.filter((t) => t === 'activity.completed')).toHaveLength(1);
    expect(workerOut.match(/^completed /gm)).toHaveLength(1);
    expect(workerOut).not.toContain('could not complete');
  }, 600_000);
});
