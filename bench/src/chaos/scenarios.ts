// Chaos scenarios. Each runs real workers against real servers, breaks something, then lets the
// system finish and hands the evidence to the verifier. Ours gate the run; the peers' rows (BullMQ)
// are context. Sizes scale with `kills` so the quick variant fits in the test suite.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import pg from 'pg';
import { RedisStreamsBus } from '@waooaw/server/bus';
import { createSqlStore } from '@waooaw/server/store';
import { FAULT_POINTS, pgEffectsSchema, sqliteEffectsFile } from './effects.js';
import { crashablePostgres, crashableRedis } from './services.js';
import { seededRandom, Supervisor } from './supervisor.js';
import {
  describeOutboxKeys,
  readPgEffects,
  readSqliteEffects,
  verify,
  type ChaosReport,
} from './verifier.js';

export interface ChaosEnv {
  /** URL of the run's Redis (scenarios use unique key prefixes). */
  redisUrl: string;
  /** A fresh empty database on the run's PostgreSQL. */
  freshDatabase(): Promise<string>;
  tmpDir(): string;
  log(line: string): void;
}

export interface ScenarioOptions {
  kills: number;
  seed: number;
  /** Outage lengths: quick keeps them short (seconds), full uses the figures. */
  quick: boolean;
}

const here = import.meta.dirname;
const worker = (name: string) => join(here, 'workers', `${name}.ts`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function pgSetup(env: ChaosEnv): Promise<string> {
  const url = await env.freshDatabase();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(pgEffectsSchema);
  await c.end();
  return url;
}

async function countEffects(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return Number((await c.query('select count(*) as n from chaos_effects')).rows[0].n);
  } finally {
    await c.end();
  }
}

/** Polls until `done()` or the timeout; returns whether it finished. */
async function until(done: () => Promise<boolean>, timeoutMs: number, everyMs = 200): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await done().catch(() => false)) return true;
    await sleep(everyMs);
  }
  return done().catch(() => false);
}

/** Publishes `key`s at a fixed rate until `stop()`; records the acknowledged ones. */
async function pacedPublisher(
  rate: number,
  publish: (key: string) => Promise<void>,
  stop: () => boolean,
  maxInFlight = 64,
) {
  const acked = new Set<string>();
  let failed = 0;
  let n = 0;
  let inFlight = 0;
  const started = performance.now();
  while (!stop()) {
    const key = `k${n++}`;
    if (inFlight >= maxInFlight) await sleep(5);
    inFlight++;
    publish(key)
      .then(
        () => acked.add(key),
        () => failed++,
      )
      .finally(() => inFlight--);
    const ahead = started + (n * 1000) / rate - performance.now();
    if (ahead > 1) await sleep(ahead);
  }
  await until(async () => inFlight === 0, 10_000, 20);
  return { acked, failed, sent: n };
}

/** Follows a supervisor's kill budget: `done` once spent (or timed out), `failed` holds the timeout. */
function watchKills(sup: Supervisor): { done: boolean; failed: Error | undefined } {
  const state: { done: boolean; failed: Error | undefined } = { done: false, failed: undefined };
  sup.waitForKills(180_000).then(
    () => (state.done = true),
    (err: Error) => {
      state.failed = err;
      state.done = true;
    },
  );
  return state;
}

/**
 * Our Redis Streams bus, PostgreSQL effects, workers killed at random and at fault points. With
 * `dedupe: 'bus'` the handler first asks `ctx.isDuplicate()` (context row: what the bus's own
 * dedupe mark does when a worker dies between the mark and the effect).
 */
export async function busKillScenario(
  env: ChaosEnv,
  o: ScenarioOptions & { dedupe?: 'bus' },
): Promise<ChaosReport> {
  const t0 = Date.now();
  const pgUrl = await pgSetup(env);
  const prefix = `chaos${Date.now().toString(36)}`;
  const topic = 'chaos.work';
  const bus = await RedisStreamsBus.connect({ url: env.redisUrl, prefix });
  // The group must exist before the first publish, or messages published before a worker subscribes are dropped.
  await (await bus.subscribe({ pattern: topic, group: 'chaos', handler: async () => {} })).close();
  const sup = new Supervisor({
    entry: worker('bus-worker'),
    env: () => ({
      CHAOS_PG_URL: pgUrl,
      CHAOS_REDIS_URL: env.redisUrl,
      CHAOS_PREFIX: prefix,
      CHAOS_TOPIC: topic,
      ...(o.dedupe ? { CHAOS_DEDUPE: o.dedupe } : {}),
    }),
    slots: 3,
    kills: o.kills,
    faultPoints: Object.values(FAULT_POINTS),
    killGapMs: [200, 700],
    keepReady: 1,
    faultAfterMax: 30,
    random: seededRandom(o.seed),
    log: env.log,
  });
  sup.start();
  const kills = watchKills(sup);
  const pub = await pacedPublisher(
    100,
    async (key) => void (await bus.publish({ topic, payload: { key }, idempotencyKey: key })),
    () => kills.done,
  );
  if (kills.failed) {
    await sup.stop();
    await bus.close();
    throw kills.failed;
  }
  const drained = await until(async () => (await countEffects(pgUrl)) >= pub.acked.size, 30_000);
  const stats = await bus.stats();
  const g = stats.groups.find((x) => x.group === 'chaos');
  await sup.stop();
  await bus.close();
  return verify({
    scenario: o.dedupe ? 'kill -9 workers (bus), dedupe by ctx.isDuplicate()' : 'kill -9 workers (bus)',
    system: 'ours: Redis Streams bus + PostgreSQL effects',
    expected: pub.acked,
    rows: await readPgEffects(pgUrl),
    kills: sup.kills,
    readyMs: sup.readyMs,
    unexpectedExits: sup.unexpectedExits.length,
    stuck: (g?.depth ?? 0) + (g?.pending ?? 0),
    seconds: (Date.now() - t0) / 1000,
    gate: !o.dedupe,
    ...(o.dedupe ? {} : { resumeP50GoalMs: 1000 }),
    notes: [
      `${pub.acked.size} publishes acknowledged; bus defaults (heartbeat 200 ms, a consumer presumed dead after 600 ms, visibility timeout 30 s) except maxDeliveries 1000`,
      ...(o.dedupe
        ? [
            'handler skips what ctx.isDuplicate() reports as seen: the mark is set before the effect and outlives the kill',
          ]
        : []),
      ...(drained ? [] : ['did not drain within 30 s']),
    ],
  });
}

/** The same kill schedule applied to BullMQ workers (context: its stall recovery and duplicates). */
export async function bullmqKillScenario(env: ChaosEnv, o: ScenarioOptions): Promise<ChaosReport> {
  const t0 = Date.now();
  const pgUrl = await pgSetup(env);
  const name = `chaos-${Date.now().toString(36)}`;
  const u = new URL(env.redisUrl);
  const queue = new Queue(name, {
    connection: { host: u.hostname, port: Number(u.port), maxRetriesPerRequest: null },
  });
  const sup = new Supervisor({
    entry: worker('bullmq-worker'),
    env: () => ({ CHAOS_PG_URL: pgUrl, CHAOS_REDIS_URL: env.redisUrl, CHAOS_QUEUE: name }),
    slots: 3,
    kills: o.kills,
    faultPoints: Object.values(FAULT_POINTS),
    killGapMs: [200, 700],
    keepReady: 1,
    faultAfterMax: 30,
    random: seededRandom(o.seed),
    log: env.log,
  });
  sup.start();
  const kills = watchKills(sup);
  const pub = await pacedPublisher(
    100,
    async (key) => void (await queue.add('w', { key }, { jobId: key, removeOnComplete: true })),
    () => kills.done,
  );
  if (kills.failed) {
    await sup.stop();
    await queue.close();
    throw kills.failed;
  }
  const drained = await until(async () => (await countEffects(pgUrl)) >= pub.acked.size, 30_000);
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
  await sup.stop();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  return verify({
    scenario: 'kill -9 workers (bus)',
    system: 'peer: BullMQ + PostgreSQL effects',
    expected: pub.acked,
    rows: await readPgEffects(pgUrl),
    kills: sup.kills,
    readyMs: sup.readyMs,
    unexpectedExits: sup.unexpectedExits.length,
    stuck: (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0),
    seconds: (Date.now() - t0) / 1000,
    gate: false,
    notes: [
      `${pub.acked.size} jobs added; lockDuration/stalledInterval 1 s, maxStalledCount 1 (default)`,
      `${counts.failed ?? 0} jobs failed (stalled more than allowed)`,
      ...(drained ? [] : ['did not drain within 30 s']),
    ],
  });
}

/** The embedded platform (durable in-process bus on SQLite) killed and restarted; two independent instances. */
export async function embeddedKillScenario(env: ChaosEnv, o: ScenarioOptions): Promise<ChaosReport> {
  const t0 = Date.now();
  const slots = 2;
  const dirs = Array.from({ length: slots }, () => env.tmpDir());
  const dbs = dirs.map((d) => join(d, 'embedded.db'));
  const sup = new Supervisor({
    entry: worker('embedded-worker'),
    env: (slot) => ({
      CHAOS_DB: dbs[slot]!,
      CHAOS_TARGET: '1000000',
      CHAOS_RATE: '150',
      CHAOS_STOP_FILE: join(dirs[slot]!, 'stop'),
    }),
    slots,
    kills: o.kills,
    faultPoints: [FAULT_POINTS.beforeEffect, FAULT_POINTS.afterEffect, 'after-publish-before-record'],
    killGapMs: [300, 900],
    faultAfterMax: 30,
    random: seededRandom(o.seed),
    log: env.log,
  });
  sup.start();
  await sup.waitForKills(180_000).catch(async (err: unknown) => {
    await sup.stop();
    throw err;
  });
  for (const d of dirs) writeFileSync(join(d, 'stop'), '');
  const settled = async () =>
    dbs.every((db) => {
      if (!existsSync(sqliteEffectsFile(db))) return false;
      const r = readSqliteEffects(db);
      const done = new Set(r.effects.map((e) => e.key));
      return r.published.every((k) => done.has(k));
    });
  // An upper bound, left as soon as everything is applied: restarts are slow on a busy machine.
  const drained = await until(settled, 90_000, 300);
  await sup.stop();
  const reports = dbs.map((db) => readSqliteEffects(db));
  const missing = reports.flatMap((r, i) => {
    const done = new Set(r.effects.map((e) => e.key));
    return describeOutboxKeys(
      dbs[i]!,
      r.published.filter((k) => !done.has(k)),
    ).map((line) => `slot ${i} ${line}`);
  });
  return verify({
    scenario: 'kill -9 embedded process',
    system: 'ours: durable in-process bus on SQLite (FULL)',
    expected: reports.flatMap((r, i) => r.published.map((k) => `${i}:${k}`)),
    rows: {
      effects: reports.flatMap((r, i) => r.effects.map((e) => ({ ...e, key: `${i}:${e.key}` }))),
      log: reports.flatMap((r, i) => r.log.map((e) => ({ key: `${i}:${e.key}` }))),
      attempts: reports.flatMap((r, i) => r.attempts.map((e) => ({ ...e, key: `${i}:${e.key}` }))),
    },
    kills: sup.kills,
    readyMs: sup.readyMs,
    unexpectedExits: sup.unexpectedExits.length,
    seconds: (Date.now() - t0) / 1000,
    gate: true,
    notes: [
      `${slots} independent embedded instances, each one process on its own SQLite file; visibility timeout 1 s`,
      ...(drained ? [] : ['did not drain within 90 s']),
      ...missing.slice(0, 20).map((m) => `unapplied ${m}`),
    ],
  });
}

export interface OutageReport extends ChaosReport {
  /** Publishes rejected while the backend was down (failed loudly, not acknowledged). */
  failedLoudly: number;
  /** Restart → effects back at ≥ 50 % of the pre-outage rate (PostgreSQL) / → backlog drained (Redis). */
  backMs: number;
}

/** PostgreSQL stopped with `-m immediate` under load and restarted. */
export async function pgOutageScenario(env: ChaosEnv, o: ScenarioOptions): Promise<OutageReport> {
  const t0 = Date.now();
  const server = await crashablePostgres();
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('create database chaos');
    await admin.end();
    const pgUrl = server.url.replace(/\/postgres$/, '/chaos');
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(pgEffectsSchema);
    await c.end();
    const prefix = `chaospg${Date.now().toString(36)}`;
    const topic = 'chaos.work';
    const bus = await RedisStreamsBus.connect({ url: env.redisUrl, prefix });
    await (await bus.subscribe({ pattern: topic, group: 'chaos', handler: async () => {} })).close();
    const committed = new Set<string>();
    const appliedAt: number[] = [];
    const sup = new Supervisor({
      entry: worker('bus-worker'),
      env: () => ({
        CHAOS_PG_URL: pgUrl,
        CHAOS_REDIS_URL: env.redisUrl,
        CHAOS_PREFIX: prefix,
        CHAOS_TOPIC: topic,
        CHAOS_MAX_DELIVERIES: '1000',
      }),
      slots: 2,
      kills: 0,
      faultPoints: [],
      killGapMs: [0, 0],
      faultAfterMax: 1,
      onMessage: (_slot, m) => {
        const msg = m as { t: string; key: string; applied: boolean };
        if (msg.t === 'effect' && msg.applied) {
          committed.add(msg.key);
          appliedAt.push(Date.now());
        }
      },
      log: env.log,
    });
    sup.start();
    await until(async () => sup.readyMs.length >= 2, 30_000, 50);
    const rate = 200;
    let stop = false;
    const publishing = pacedPublisher(
      rate,
      async (key) => void (await bus.publish({ topic, payload: { key }, idempotencyKey: key })),
      () => stop,
    );
    await sleep(2000);
    const committedBeforeCrash = new Set(committed);
    const crashAt = Date.now();
    await server.crash();
    env.log(
      `    PostgreSQL stopped with -m immediate (${committedBeforeCrash.size} effects committed so far)`,
    );
    await sleep(o.quick ? 2000 : 5000);
    await server.restart();
    const back = Date.now();
    env.log(`    PostgreSQL restarted after ${back - crashAt} ms`);
    await sleep(4000);
    stop = true;
    const pub = await publishing;
    const drained = await until(async () => (await countEffects(pgUrl)) >= pub.acked.size, 30_000);
    await sup.stop();
    await bus.close();
    // Throughput back: first 500 ms window after the restart with ≥ 50 % of the publish rate.
    let backMs = Infinity;
    for (let w = back; w < back + 10_000; w += 100) {
      const n = appliedAt.filter((t) => t >= w && t < w + 500).length;
      if (n >= (rate / 2) * 0.5) {
        backMs = w + 500 - back;
        break;
      }
    }
    const rows = await readPgEffects(pgUrl);
    const durable = new Set(rows.effects.map((e) => e.key));
    const lostCommitted = [...committedBeforeCrash].filter((k) => !durable.has(k)).length;
    const report = verify({
      scenario: 'PostgreSQL -m immediate under load',
      system: 'ours: Redis Streams bus + PostgreSQL effects',
      expected: pub.acked,
      rows,
      kills: [],
      readyMs: sup.readyMs,
      unexpectedExits: sup.unexpectedExits.length,
      seconds: (Date.now() - t0) / 1000,
      gate: true,
      notes: [
        `${pub.acked.size} publishes acknowledged; ${committedBeforeCrash.size} effects committed before the crash, ${lostCommitted} of them missing after restart`,
        `outage ${back - crashAt} ms; throughput back ${backMs} ms after restart (goal ≤ 5000)`,
        ...(drained ? [] : ['did not drain within 30 s']),
      ],
    });
    report.lost += lostCommitted;
    report.pass = report.pass && lostCommitted === 0 && backMs <= 5000;
    return { ...report, failedLoudly: pub.failed, backMs };
  } finally {
    await server.stop();
  }
}

/** Redis killed (SIGKILL) for a while under load: publishes land durably or fail loudly; the backlog drains. */
export async function redisOutageScenario(env: ChaosEnv, o: ScenarioOptions): Promise<OutageReport> {
  const t0 = Date.now();
  const redis = await crashableRedis();
  try {
    const pgUrl = await pgSetup(env);
    const prefix = `chaosr${Date.now().toString(36)}`;
    const topic = 'chaos.work';
    const bus = await RedisStreamsBus.connect({ url: redis.url, prefix });
    await (await bus.subscribe({ pattern: topic, group: 'chaos', handler: async () => {} })).close();
    const sup = new Supervisor({
      entry: worker('bus-worker'),
      env: () => ({
        CHAOS_PG_URL: pgUrl,
        CHAOS_REDIS_URL: redis.url,
        CHAOS_PREFIX: prefix,
        CHAOS_TOPIC: topic,
      }),
      slots: 2,
      kills: 0,
      faultPoints: [],
      killGapMs: [0, 0],
      faultAfterMax: 1,
      log: env.log,
    });
    sup.start();
    await until(async () => sup.readyMs.length >= 2, 30_000, 50);
    let stop = false;
    const publishing = pacedPublisher(
      200,
      async (key) => void (await bus.publish({ topic, payload: { key }, idempotencyKey: key })),
      () => stop,
    );
    await sleep(2000);
    await redis.crash();
    const outage = o.quick ? 3000 : 30_000;
    env.log(`    Redis killed (SIGKILL) for ${outage / 1000} s`);
    await sleep(outage);
    await redis.restart();
    const back = Date.now();
    await sleep(2000);
    stop = true;
    const pub = await publishing;
    const drained = await until(async () => (await countEffects(pgUrl)) >= pub.acked.size, 60_000);
    const backMs = Date.now() - back;
    await sup.stop();
    await bus.close();
    const report = verify({
      scenario: `Redis killed for ${outage / 1000} s under load`,
      system: 'ours: Redis Streams bus (AOF everysec) + PostgreSQL effects',
      expected: pub.acked,
      rows: await readPgEffects(pgUrl),
      kills: [],
      readyMs: sup.readyMs,
      unexpectedExits: sup.unexpectedExits.length,
      seconds: (Date.now() - t0) / 1000,
      gate: true,
      notes: [
        `${pub.sent} publishes: ${pub.acked.size} acknowledged, ${pub.failed} failed loudly (UNAVAILABLE) while Redis was down, 0 silent`,
        drained ? `backlog drained ${backMs} ms after Redis returned` : 'backlog did not drain within 60 s',
      ],
    });
    report.pass = report.pass && drained && pub.failed + pub.acked.size === pub.sent;
    return { ...report, failedLoudly: pub.failed, backMs };
  } finally {
    await redis.stop();
  }
}

const ENGINE_POINTS = [
  'before-effect',
  'after-effect-before-checkpoint',
  'during-checkpoint-commit',
  'during-timer-fire',
  'during-join',
];

/**
 * The workflow engine on PostgreSQL, three workers killed at random and at the engine's fault points.
 * `flow`: effect → parallel fork of two effects → join → 0.3 s timer → effect. `timer`: many
 * instances each waiting on one durable timer, then an effect: every timer must fire exactly once.
 */
export async function engineKillScenario(
  env: ChaosEnv,
  o: ScenarioOptions & { shape: 'flow' | 'timer'; instances: number },
): Promise<ChaosReport> {
  const t0 = Date.now();
  const pgUrl = await pgSetup(env);
  const store = await createSqlStore({ dialect: 'postgres', url: pgUrl, poolSize: 2 });
  await store.migrate();
  await store.close();
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  await c.query('create sequence chaos_seq');
  const elements = o.shape === 'flow' ? ['s1', 'b1', 'b2', 's3'] : ['fire'];
  const sup = new Supervisor({
    entry: worker('engine-worker'),
    env: (slot) => ({
      CHAOS_PG_URL: pgUrl,
      CHAOS_TOTAL: String(o.instances),
      CHAOS_SHAPE: o.shape,
      CHAOS_WORKER_ID: `engine-slot-${slot}`,
    }),
    slots: 3,
    kills: o.kills,
    faultPoints: o.shape === 'flow' ? ENGINE_POINTS : ENGINE_POINTS.filter((p) => p !== 'during-join'),
    killGapMs: [300, 900],
    keepReady: 1,
    faultAfterMax: 20,
    random: seededRandom(o.seed),
    log: env.log,
  });
  sup.start();
  await sup.waitForKills(180_000).catch(async (err: unknown) => {
    await sup.stop();
    await c.end();
    throw err;
  });
  const unfinished = async () =>
    Number(
      (await c.query("select count(*) as n from engine_instances where state <> 'completed'")).rows[0].n,
    );
  // Done when every id has been handed out and every started instance completed (twice in a row: a
  // worker may still be committing a start). Ids handed to a worker killed before its start was
  // durable are never started: those starts were not acknowledged.
  const handedOut = async () => {
    const r = (await c.query('select last_value, is_called from chaos_seq')).rows[0] as {
      last_value: string;
      is_called: boolean;
    };
    return r.is_called ? Number(r.last_value) : 0;
  };
  let quiet = 0;
  const finished = await until(
    async () => {
      quiet = (await handedOut()) >= o.instances && (await unfinished()) === 0 ? quiet + 1 : 0;
      return quiet >= 2;
    },
    120_000,
    300,
  );
  const stuck = await unfinished();
  await sup.stop();
  const ids = (await c.query('select instance_id from engine_instances')).rows.map(
    (r: { instance_id: string }) => r.instance_id,
  );
  const timersTwice =
    o.shape === 'timer'
      ? Number(
          (
            await c.query(
              "select count(*) as n from (select instance_id from engine_history where type = 'timer.fired' group by instance_id having count(*) > 1) x",
            )
          ).rows[0].n,
        )
      : 0;
  await c.end();
  const report = verify({
    scenario:
      o.shape === 'flow'
        ? 'kill -9 engine workers (workflows)'
        : `kill -9 engine workers (${o.instances} durable timers)`,
    system: 'ours: workflow engine on PostgreSQL',
    expected: ids.flatMap((id: string) => elements.map((e) => `${id}/${e}`)),
    rows: await readPgEffects(pgUrl),
    kills: sup.kills,
    readyMs: sup.readyMs,
    unexpectedExits: sup.unexpectedExits.length,
    stuck,
    seconds: (Date.now() - t0) / 1000,
    gate: true,
    notes: [
      `${ids.length} instances started, ${ids.length - stuck} completed (${o.instances - ids.length} start requests died with their worker before the start was durable, so were never acknowledged); 3 workers, lease 3 s, restarted slots keep their worker id`,
      ...(o.shape === 'timer' ? [`${timersTwice} timers fired more than once`] : []),
      ...(finished ? [] : ['did not finish within 120 s']),
    ],
  });
  report.pass = report.pass && finished && stuck === 0 && timersTwice === 0;
  return report;
}
