// A scale-out run: API and worker processes (compiled `waooaw start --role api|worker`) on one
// PostgreSQL and Redis, a mixed workload — trials started through the APIs, marketplace tasks run by
// the workforce, workflows whose steps run agent skills, durable timers — while workers are killed
// (SIGKILL) or stopped (SIGTERM) and started again. It reports whether every accepted item was done
// exactly once, how the work split across workers and how long recovery took. scale-out.test.ts
// asserts on the report; the bench's scale-out cell publishes it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishTaskRequests, type TaskRequest } from '../agents/workforce/task-queue.js';
import { WORK_RUNS, type WorkRecord } from '../agents/workforce/work-ledger.js';
import { RedisStreamsBus } from '../bus/redis-streams-bus.js';
import type { Session } from '../contracts/contracts.js';
import { Engine } from '../engine/engine.js';
import { createSqlStore, type SqlStore } from '../store/sql-store.js';
import type { Entity, EntityListOptions } from '../store/entity-repository.js';
import type { Page, StoredDocument } from '../store/store.js';
import { SKILL_RUNS, type SkillRun } from '../workflows/skill-service-task.js';
import { startPlatformProcess, type PlatformProcess } from './platform-process.js';

export interface ScaleOutOptions {
  databaseUrl: string;
  redisUrl: string;
  /** Bus key prefix of this run (the processes' WAOOAW_BUS_PREFIX). */
  busPrefix: string;
  apis: number;
  workers: number;
  trials: number;
  tasksPerTrial: number;
  /** Workflows of three agent-skill steps. */
  workflows: number;
  /** Workflows that wait on a durable 2 s timer, then run one agent-skill step. */
  timers: number;
  /**
   * In order: once this share of the steps and tasks is done, worker `worker` gets `signal`; when
   * it is gone it is started again under the same name.
   */
  disruptions: Array<{ atProgress: number; worker: number; signal: 'SIGKILL' | 'SIGTERM' }>;
  /** Extra settings for every process. */
  env?: Record<string, string>;
  /** Longest wait for all the work (default 180 s). */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface DisruptionReport {
  worker: string;
  signal: 'SIGKILL' | 'SIGTERM';
  /** Epoch ms of the signal. */
  at: number;
  /** How the process ended (SIGTERM: `0` after its drain). */
  ended: string;
  /** Signal → exit, ms. */
  exitMs: number;
  /** Readiness answers seen after the signal (SIGTERM): `draining`, or `gone` once it stopped listening. */
  readiness: string[];
  /** Start again → ready, ms. */
  restartMs: number;
}

export interface ScaleOutReport {
  accepted: { trials: number; tasks: number; workflowSteps: number; timers: number };
  done: { trials: number; tasks: number; workflowSteps: number; timers: number };
  /** Items done more than once (a second deliverable for a task, a skill step recorded twice). */
  duplicated: number;
  /** Accepted items never done. */
  lost: number;
  /** Work done per worker. */
  share: Record<string, { tasks: number; steps: number; timers: number }>;
  disruptions: DisruptionReport[];
  /** Tasks a stopped or killed worker held, taken over by another worker: ms after the signal. */
  resumeMs: number[];
  seconds: number;
}

const THREE_SKILLS = `
workflow:
  id: scale-three-skills
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
const TIMED = `
workflow:
  id: scale-timed
  tasks:
    - { id: wait, type: timer, duration: PT2S }
    - { id: after, type: service_task, task_type: agent.skill, config: { skill: text.readability } }
  flow:
    - start -> wait
    - wait -> after
    - after -> end
`;
const TEXT = {
  text: 'Agents earn your business. Short sentences read well. This one is a little longer than the others.',
};
const SETUP = {
  instanceName: 'Inbox desk',
  business: {
    companyName: 'Acme Clinics',
    industry: 'healthcare',
    audience: 'patients with diabetes',
    topics: ['Diabetes diet tips', 'low sugar recipes'],
  },
  approvalMode: 'auto_publish',
  notificationChannel: 'in_app',
};
const TASK_SKILL = 'email.subject-check';

async function all<T>(store: SqlStore, collection: string, where?: Record<string, string>) {
  const items: Array<StoredDocument<T>> = [];
  let cursor: string | undefined;
  do {
    const page = await store.documents.list<T>(collection, {
      limit: 500,
      ...(where ? { where } : {}),
      ...(cursor ? { cursor } : {}),
    });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** Every row of a typed listing, page by page. */
async function allRows<R, F>(
  list: (options: EntityListOptions<F>) => Promise<Page<Entity<R>>>,
  where: EntityListOptions<F>['where'],
): Promise<Array<Entity<R>>> {
  const items: Array<Entity<R>> = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: 500, ...(where ? { where } : {}), ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/**
 * How many deliverables each task of a trial produced, found by the task's own subject line (`Idea i-j:`)
 * — the agent's own work on the trial (its first deliverable may land at any time) is not counted.
 */
async function taskDeliverables(store: SqlStore, trialId: string, markers: string[]): Promise<number[]> {
  const rows = (await allRows((o) => store.deliverables.list(o), { trialId })).filter(
    (d) => d.data.skillId === TASK_SKILL,
  );
  return markers.map((m) => rows.filter((d) => JSON.stringify(d.data).includes(m)).length);
}

const taskMarker = (i: number, j: number) => `Idea ${i}-${j}:`;

async function call<T>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  ip?: string,
) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(ip ? { 'x-forwarded-for': ip } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} on ${base}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Signs a customer up on one API, verifies the email (read from the outbox) on another, starts a trial on a third. */
async function startTrial(
  apis: PlatformProcess[],
  store: SqlStore,
  i: number,
): Promise<{ trialId: string; tenantId: string }> {
  const api = (k: number) => apis[(i + k) % apis.length]!.url;
  const ip = `10.9.${Math.floor(i / 200)}.${(i % 200) + 1}`;
  const email = `owner${i}-${randomBytes(3).toString('hex')}@acme-clinics.example`;
  const password = 'correct horse battery staple';
  await call(
    api(0),
    'POST',
    '/api/v1/auth/signup',
    {
      email,
      password,
      name: `Owner ${i}`,
      organisationName: `Acme Clinics ${i}`,
    },
    undefined,
    ip,
  );
  // Sign-up answers the same for known and new emails; the new account logs in to learn its id.
  const session = await call<Session>(
    api(0),
    'POST',
    '/api/v1/auth/login',
    { email, password },
    undefined,
    ip,
  );
  const [mail] = await allRows((o) => store.mail.list(o), {
    userId: session.user.id,
    kind: 'verify-email' as const,
  });
  const token = new URL(mail!.data.actionUrl!, 'http://x').searchParams.get('token')!;
  await call(api(1), 'POST', '/api/v1/auth/verify-email', { token }, undefined, ip);
  const login = await call<Session>(api(1), 'POST', '/api/v1/auth/login', { email, password }, undefined, ip);
  const trial = await call<{ id: string }>(
    api(2),
    'POST',
    '/api/v1/trials',
    { agentId: 'email-marketing', setup: SETUP },
    login.accessToken,
    ip,
  );
  return { trialId: trial.id, tenantId: login.tenant.id };
}

function pct(values: number[], p: number): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
}

/** p50 and max of a list of ms (0 when empty). */
export function spread(values: number[]): { p50: number; max: number } {
  return { p50: pct(values, 0.5), max: pct(values, 1) };
}

export async function runScaleOut(o: ScaleOutOptions): Promise<ScaleOutReport> {
  const log = o.log ?? (() => undefined);
  const began = Date.now();
  const store = await createSqlStore({ dialect: 'postgres', url: o.databaseUrl, poolSize: 4 });
  await store.migrate();
  const env = {
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: o.redisUrl,
    WAOOAW_BUS_PREFIX: o.busPrefix,
    // One signing key, so that a token from one API process is good on the others.
    // Processes sharing a database share its keys (audit signing, secrets master key).
    WAOOAW_KEY_DIR: join(mkdtempSync(join(tmpdir(), 'scale-out-keys-')), 'keys'),
    LOG_LEVEL: 'warn',
    ...o.env,
  };
  const processes: PlatformProcess[] = [];
  const start = async (name: string, role: 'api' | 'worker') => {
    const p = await startPlatformProcess({ name, role, env, readyTimeoutMs: 90_000 });
    processes.push(p);
    log(`${name} ready in ${Math.round(p.startMs)} ms (${p.url})`);
    return p;
  };
  const bus = await RedisStreamsBus.connect({ url: o.redisUrl, prefix: o.busPrefix });
  const client = new Engine({ store: store.engine });
  try {
    const [apis, workers] = await Promise.all([
      Promise.all(Array.from({ length: o.apis }, (_, i) => start(`api-${i + 1}`, 'api'))),
      Promise.all(Array.from({ length: o.workers }, (_, i) => start(`worker-${i + 1}`, 'worker'))),
    ]);
    await client.deploy({ format: 'yaml', source: THREE_SKILLS });
    await client.deploy({ format: 'yaml', source: TIMED });

    // Accepted work: trials through the APIs, then tasks (one batch publish), workflows and timers.
    const trials: Array<{ trialId: string; tenantId: string }> = [];
    for (let i = 0; i < o.trials; i++) trials.push(await startTrial(apis, store, i));
    log(`${trials.length} trials started through ${apis.length} API processes`);
    const requests: TaskRequest[] = trials.flatMap((t, i) =>
      Array.from({ length: o.tasksPerTrial }, (_, j) => ({
        tenantId: t.tenantId,
        instanceId: t.trialId,
        skillId: TASK_SKILL,
        input: { subjects: [`${taskMarker(i, j)} three low-sugar breakfasts`] },
        taskId: `task-${i}-${j}`,
      })),
    );
    await publishTaskRequests(bus, requests);
    const kind = new Map<string, 'steps' | 'timers'>();
    for (let i = 0; i < o.workflows; i++)
      kind.set(
        (
          await client.startInstance('scale-three-skills', {
            businessKey: `wf-${i}`,
            variables: { input: TEXT },
          })
        ).instanceId,
        'steps',
      );
    for (let i = 0; i < o.timers; i++)
      kind.set(
        (await client.startInstance('scale-timed', { businessKey: `tm-${i}`, variables: { input: TEXT } }))
          .instanceId,
        'timers',
      );
    const accepted = {
      trials: trials.length,
      tasks: requests.length,
      workflowSteps: o.workflows * 3,
      timers: o.timers,
    };
    log(
      `accepted ${accepted.tasks} tasks, ${o.workflows} workflows (${accepted.workflowSteps} steps), ${o.timers} timers`,
    );

    const progress = async () => {
      const runs = await all<SkillRun>(store, SKILL_RUNS);
      const tasks = (await all<WorkRecord>(store, WORK_RUNS, { status: 'done', source: 'task' })).length;
      const steps = runs.filter((r) => kind.get(r.data.instanceId) === 'steps').length;
      const timers = runs.filter((r) => kind.get(r.data.instanceId) === 'timers').length;
      return {
        tasks,
        steps,
        timers,
        share: (tasks + steps + timers) / (accepted.tasks + accepted.workflowSteps + accepted.timers),
      };
    };

    const disruptions: DisruptionReport[] = [];
    const deadline = Date.now() + (o.timeoutMs ?? 180_000);
    for (const d of o.disruptions) {
      while ((await progress()).share < d.atProgress && Date.now() < deadline) await sleep(100);
      const victim = workers[d.worker]!;
      const at = Date.now();
      victim.kill(d.signal);
      const readiness: string[] = [];
      while (victim.isRunning()) {
        if (d.signal === 'SIGTERM') readiness.push(await readinessOf(victim.url));
        else await sleep(20);
      }
      const ended = await victim.exited;
      const exitMs = Date.now() - at;
      const again = await start(victim.name, 'worker');
      workers[d.worker] = again;
      disruptions.push({
        worker: victim.name,
        signal: d.signal,
        at,
        ended: ended.code === null ? String(ended.signal) : String(ended.code),
        exitMs,
        readiness: [...new Set(readiness)],
        restartMs: Math.round(again.startMs),
      });
      log(
        `${d.signal} ${victim.name}: ended ${disruptions.at(-1)!.ended} after ${exitMs} ms, ready again in ${Math.round(again.startMs)} ms`,
      );
    }

    for (;;) {
      const p = await progress();
      if (p.tasks >= accepted.tasks && p.steps >= accepted.workflowSteps && p.timers >= accepted.timers)
        break;
      if (Date.now() > deadline) {
        log(`timed out: ${JSON.stringify(p)}`);
        break;
      }
      await sleep(200);
    }
    return await verify({
      store,
      client,
      trials,
      kind,
      accepted,
      disruptions,
      tasksPerTrial: o.tasksPerTrial,
      began,
    });
  } finally {
    await bus.close();
    await Promise.all(processes.filter((p) => p.isRunning()).map(stopProcess));
    await store.close();
  }
}

async function verify(r: {
  store: SqlStore;
  client: Engine;
  trials: Array<{ trialId: string }>;
  kind: Map<string, 'steps' | 'timers'>;
  accepted: ScaleOutReport['accepted'];
  disruptions: DisruptionReport[];
  tasksPerTrial: number;
  began: number;
}): Promise<ScaleOutReport> {
  const { store } = r;
  let duplicated = 0;
  let lost = 0;
  const share: ScaleOutReport['share'] = {};
  const of = (worker: string | undefined) =>
    (share[worker ?? '(unknown)'] ??= { tasks: 0, steps: 0, timers: 0 });

  // Tasks: one deliverable each, and the ledger says done.
  let missing = 0;
  for (const [i, t] of r.trials.entries()) {
    const markers = Array.from({ length: r.tasksPerTrial }, (_, j) => taskMarker(i, j));
    for (const n of await taskDeliverables(store, t.trialId, markers)) {
      duplicated += Math.max(0, n - 1);
      if (n === 0) missing += 1;
    }
  }
  const ledger = await all<WorkRecord>(store, WORK_RUNS, { source: 'task' });
  const doneTasks = ledger.filter((d) => d.data.status === 'done');
  lost += Math.max(missing, r.accepted.tasks - doneTasks.length);
  for (const d of doneTasks) of(d.data.worker).tasks++;
  // A task whose claim a stopped or killed worker held was taken over later by another worker.
  const resumeMs: number[] = [];
  for (const d of ledger) {
    if (d.data.attempts < 2) continue;
    const cause = [...r.disruptions].reverse().find((x) => x.at <= d.data.claimedAt);
    if (cause && d.data.worker !== cause.worker) resumeMs.push(d.data.claimedAt - cause.at);
  }

  // Workflow steps and timers: each skill step recorded once, every instance completed.
  const runs = await all<SkillRun>(store, SKILL_RUNS);
  const perStep = new Map<string, number>();
  for (const run of runs) {
    const k = r.kind.get(run.data.instanceId);
    if (!k) continue;
    const key = `${run.data.instanceId}:${run.data.elementId}`;
    perStep.set(key, (perStep.get(key) ?? 0) + 1);
    of(run.data.worker)[k]++;
  }
  for (const n of perStep.values()) duplicated += n - 1;
  let steps = 0;
  let timers = 0;
  for (const [id, k] of r.kind) {
    const view = await r.client.getInstance(id);
    if (view.status !== 'completed') continue;
    if (k === 'steps') steps += 3;
    else timers++;
  }
  lost += r.accepted.workflowSteps - steps + (r.accepted.timers - timers);

  // Trials: each has its trial workflow (started once, whichever API process took the request).
  let trialsDone = 0;
  for (const t of r.trials) {
    const flows = await r.client.listInstances({ definitionId: 'trial', businessKey: t.trialId, limit: 10 });
    if (flows.items.length === 1) trialsDone++;
  }
  lost += r.trials.length - trialsDone;

  return {
    accepted: r.accepted,
    done: { trials: trialsDone, tasks: doneTasks.length, workflowSteps: steps, timers },
    duplicated,
    lost,
    share,
    disruptions: r.disruptions,
    resumeMs,
    seconds: (Date.now() - r.began) / 1000,
  };
}

async function readinessOf(url: string): Promise<string> {
  try {
    const res = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) });
    const body = (await res.json()) as { status?: string };
    return `${res.status} ${body.status ?? ''}`.trim();
  } catch {
    return 'gone';
  }
}

/** SIGTERM (a drain), then SIGKILL if it has not ended within 30 s. */
async function stopProcess(p: PlatformProcess): Promise<void> {
  p.kill('SIGTERM');
  const timer = setTimeout(() => p.kill('SIGKILL'), 30_000);
  await p.exited;
  clearTimeout(timer);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
