// Chaos worker for the workflow engine on PostgreSQL: starts its share of the instances (ids from a
// shared sequence, so a start is acknowledged once the instance row exists) and runs whatever work
// it can claim. Service tasks apply a PostgreSQL effect under the engine's idempotency key. Named
// fault points hook into the engine's fault options; a restarted slot keeps its worker id and so
// resumes its own instances at once.
import pg from 'pg';
import { timers, workflow } from '@waooaw/server/engine';
import { Engine } from '@waooaw/server/engine';
import { createSqlStore } from '@waooaw/server/store';
import { applyPgEffect } from '../effects.js';
import { crashNow, faultDue, faultPoint } from '../fault-point.js';

// Without its supervisor (the IPC channel closed) a worker must not linger.
process.on('disconnect', () => process.exit(0));

export const ENGINE_FAULTS = {
  afterEffect: 'after-effect-before-checkpoint',
  duringCommit: 'during-checkpoint-commit',
  timerFire: 'during-timer-fire',
  join: 'during-join',
} as const;

const url = process.env.CHAOS_PG_URL!;
const total = Number(process.env.CHAOS_TOTAL ?? 100);
const shape = process.env.CHAOS_SHAPE ?? 'flow';
const pool = new pg.Pool({ connectionString: url, max: 8 });
pool.on('error', () => undefined);
const store = await createSqlStore({ dialect: 'postgres', url, poolSize: 8 });

// flow: effect, parallel fork of two effects, join, short timer, effect. timer: one timer, then an effect.
const model =
  shape === 'timer'
    ? workflow('chaos-timer')
        .start()
        .timerCatch('wait', timers.duration(process.env.CHAOS_TIMER ?? 'PT2S'))
        .service('fire', 'effect')
        .end()
        .build()
    : workflow('chaos-flow')
        .start()
        .service('s1', 'effect')
        .parallel('fork')
        .service('b1', 'effect')
        .parallel('join')
        .from('fork')
        .service('b2', 'effect')
        .to('join')
        .timerCatch('pause', timers.duration('PT0.3S'))
        .service('s3', 'effect')
        .end()
        .build();

const engine = new Engine({
  store: store.engine,
  workerId: process.env.CHAOS_WORKER_ID!,
  leaseMs: 3000,
  pollIntervalMs: 200,
  publishTaskEvents: false,
  faults: {
    afterEffect: () => faultPoint(ENGINE_FAULTS.afterEffect),
    beforeCommit: (writes) => {
      if (writes.some((w) => w.events.some((e) => e.type === 'join.fired'))) faultPoint(ENGINE_FAULTS.join);
      // Let the transaction get under way, then die inside it.
      if (faultDue(ENGINE_FAULTS.duringCommit)) setTimeout(crashNow, 1);
    },
    afterClaim: (job) => {
      if (job.kind === 'timer') faultPoint(ENGINE_FAULTS.timerFire);
    },
  },
});
engine.registerHandler('effect', async (t) => {
  await applyPgEffect(pool, t.idempotencyKey, `${t.instanceId}/${t.elementId}`);
});
await engine.deploy({ format: 'json', model });
await engine.open();
process.send?.({ t: 'ready' });

const definitionId = shape === 'timer' ? 'chaos-timer' : 'chaos-flow';
await Promise.all(
  Array.from({ length: 8 }, async () => {
    for (;;) {
      const n = Number((await pool.query("select nextval('chaos_seq') as n")).rows[0].n);
      if (n > total) return;
      await engine.startInstance(definitionId, { instanceId: `wf-${n}` });
    }
  }),
);
setInterval(() => undefined, 60_000);
