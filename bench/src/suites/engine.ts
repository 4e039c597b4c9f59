// The durable workflow engine: durable steps/s (10-step no-op workflows) on PostgreSQL next to DBOS
// on the same server and on embedded SQLite (WAL, synchronous=FULL); BPMN 10-task chains and 1+10
// fan-outs next to bpmn-engine (in memory) and BullMQ flows; sequential step overhead against the
// raw commit latency of the same store; a 100K-step workflow; resuming a 10K-step history.
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { workflow } from '@waooaw/server/engine';
import { Engine } from '@waooaw/server/engine';
import type { TaskHandler } from '@waooaw/server/engine';
import type { JsonValue } from '@waooaw/server/errors';
import { createSqlStore, type SqlStore } from '@waooaw/server/store';
import { runNodeJson } from '../child.js';
import type { BenchContext } from '../context.js';
import { createLatencyRecorder, type CellSpec, type Runner } from '../harness.js';
import { bpmnEngineInstancesPerSecond } from '../peers/bpmn-engine-peer.js';
import { expectedEnd, expressionNote, processXml, startVariables } from '../peers/bpmn-processes.js';
import { bullmqFlowsPerSecond } from '../peers/bullmq-flows.js';

type StoreKind = 'sqlite' | 'postgres';

async function openStore(
  ctx: BenchContext,
  kind: StoreKind,
  path?: string,
  synchronous: 'FULL' | 'NORMAL' = 'FULL',
): Promise<SqlStore> {
  const store =
    kind === 'sqlite'
      ? await createSqlStore({
          dialect: 'sqlite',
          path: path ?? join(ctx.tmpDir(), 'engine.db'),
          synchronous,
        })
      : await createSqlStore({ dialect: 'postgres', url: await ctx.freshDatabase(), poolSize: 16 });
  await store.migrate();
  return store;
}

async function openEngine(
  store: SqlStore,
  handlers: Record<string, TaskHandler>,
  workerId = `bench-${randomBytes(3).toString('hex')}`,
): Promise<Engine> {
  const engine = new Engine({ store: store.engine, workerId, publishTaskEvents: false });
  for (const [type, h] of Object.entries(handlers)) engine.registerHandler(type, h);
  await engine.open();
  return engine;
}

const noop: TaskHandler = () => undefined;

function tenSteps() {
  let b = workflow('ten-steps').start();
  for (let i = 1; i <= 10; i++) b = b.service(`s${i}`, 'noop');
  return b.end().build();
}

/**
 * Starts `instances` instances of `definitionId`, `concurrency` at a time, each awaited to its end; each
 * must end completed with the `expected` variables.
 */
async function runInstances(
  engine: Engine,
  definitionId: string,
  instances: number,
  concurrency: number,
  start: { variables?: Record<string, JsonValue>; expected?: Record<string, JsonValue> } = {},
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < instances) {
        next++;
        const { instanceId } = await engine.startInstance(
          definitionId,
          start.variables ? { variables: start.variables } : {},
        );
        const end = await engine.waitForEnd(instanceId, { timeoutMs: 120_000 });
        if (end.status !== 'completed') throw new Error(`instance ${instanceId} ended ${end.status}`);
        for (const [k, v] of Object.entries(start.expected ?? {}))
          if (end.variables[k] !== v)
            throw new Error(`instance ${instanceId}: ${k} = ${String(end.variables[k])}, not ${String(v)}`);
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

function stepsRunner(ctx: BenchContext, kind: StoreKind, concurrency: number, workflows: number): Runner {
  return async () => {
    const store = await openStore(ctx, kind);
    const engine = await openEngine(store, { noop });
    try {
      await engine.deploy({ format: 'json', model: tenSteps() });
      await runInstances(engine, 'ten-steps', Math.min(concurrency, 8), Math.min(concurrency, 8)); // warm
      const before = engine.commitStats;
      const seconds = await runInstances(engine, 'ten-steps', workflows, concurrency);
      const after = engine.commitStats;
      return {
        value: (workflows * 10) / seconds,
        extra: {
          workflows,
          transactions: after.transactions - before.transactions,
          writesPerTransaction:
            (after.writes - before.writes) / Math.max(1, after.transactions - before.transactions),
        },
      };
    } finally {
      await engine.close();
      await store.close();
    }
  };
}

function dbosRunner(ctx: BenchContext, concurrency: number, workflows: number): Runner {
  return async () => {
    const r = await runNodeJson<{ stepsPerSecond: number }>(
      join(import.meta.dirname, '..', 'peers', 'dbos-steps.ts'),
      [await ctx.freshDatabase(), String(concurrency), String(workflows)],
      { timeoutMs: 300_000 },
    );
    return { value: r.stepsPerSecond };
  };
}

function bpmnRunner(
  ctx: BenchContext,
  shape: 'chain' | 'fanout',
  instances: number,
  concurrency: number,
): Runner {
  return async () => {
    const store = await openStore(ctx, 'sqlite');
    const engine = await openEngine(store, { noop });
    try {
      const source = processXml(shape, 'feel');
      const { definitionId } = await engine.deploy({ format: 'bpmn', source });
      const start = { variables: startVariables, expected: expectedEnd(shape) };
      await runInstances(engine, definitionId, 8, 8, start);
      const seconds = await runInstances(engine, definitionId, instances, concurrency, start);
      return { value: instances / seconds };
    } finally {
      await engine.close();
      await store.close();
    }
  };
}

/** Raw single-row commit latency of `store` (same table kind the platform writes), p50/p99 in ms. */
async function commitLatency(store: SqlStore, n: number) {
  const rec = createLatencyRecorder();
  const collection = `__bench_${randomBytes(4).toString('hex')}`;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await store.transaction((tx) => tx.documents.insert({ collection, id: String(i), data: { i } }));
    rec.recordMs(performance.now() - t);
  }
  return rec.summaryMs();
}

function loopModel(id: string, thenWait: boolean) {
  const b = workflow(id)
    .start()
    .service('step', 'count')
    .exclusive('more')
    .when('n < target')
    .to('step')
    .from('more')
    .otherwise();
  return (thenWait ? b.messageCatch('wait', 'bench.resume') : b).end().build();
}

const count: TaskHandler = (t) => ({ n: Number(t.variables.n ?? 0) + 1 });

function stepOverheadRunner(ctx: BenchContext, kind: StoreKind, steps: number): Runner {
  return async () => {
    const store = await openStore(ctx, kind);
    const gaps = createLatencyRecorder();
    let last = 0;
    const engine = await openEngine(store, {
      count: (t) => {
        const now = performance.now();
        if (last) gaps.recordMs(now - last); // handler → next handler: commit + interpret + dispatch
        last = now;
        return count(t);
      },
    });
    try {
      await engine.deploy({ format: 'json', model: loopModel('seq', false) });
      const { instanceId } = await engine.startInstance('seq', { variables: { n: 0, target: steps } });
      await engine.waitForEnd(instanceId, { timeoutMs: 300_000 });
      const step = gaps.summaryMs();
      const commit = await commitLatency(store, Math.min(steps, 300));
      return {
        value: step.p50,
        extra: {
          stepP50: step.p50,
          stepP99: step.p99,
          commitP50: commit.p50,
          commitP99: commit.p99,
          p50OverCommit: step.p50 / commit.p50,
        },
      };
    } finally {
      await engine.close();
      await store.close();
    }
  };
}

function longWorkflowRunner(ctx: BenchContext, steps: number): Runner {
  return async () => {
    const store = await openStore(ctx, 'sqlite');
    const engine = await openEngine(store, { count });
    try {
      await engine.deploy({ format: 'json', model: loopModel('long', false) });
      const t0 = performance.now();
      const { instanceId } = await engine.startInstance('long', { variables: { n: 0, target: steps } });
      const end = await engine.waitForEnd(instanceId, { timeoutMs: 3_600_000 });
      if (end.status !== 'completed' || end.variables.n !== steps)
        throw new Error(`ended ${end.status} at n=${String(end.variables.n)}`);
      const seconds = (performance.now() - t0) / 1000;
      return {
        value: seconds,
        extra: { steps, stepsPerSecond: steps / seconds, historyLength: end.historyLength },
      };
    } finally {
      await engine.close();
      await store.close();
    }
  };
}

function resumeRunner(ctx: BenchContext, steps: number): Runner {
  return async () => {
    // Build the history fast (synchronous=NORMAL), then reopen the same file durable and resume it cold.
    const path = join(ctx.tmpDir(), 'resume.db');
    let instanceId: string;
    let historyLength: number;
    {
      const store = await openStore(ctx, 'sqlite', path, 'NORMAL');
      const engine = await openEngine(store, { count }, 'builder');
      await engine.deploy({ format: 'json', model: loopModel('resume', true) });
      ({ instanceId } = await engine.startInstance('resume', {
        variables: { n: 0, target: steps },
        businessKey: 'r-1',
      }));
      for (;;) {
        const v = await engine.getInstance(instanceId);
        if (v.activeElements.includes('wait')) {
          historyLength = v.historyLength;
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      await engine.close();
      await store.close();
    }
    const store = await openStore(ctx, 'sqlite', path, 'FULL');
    try {
      const t0 = performance.now();
      const engine = await openEngine(store, { count }, 'resumer');
      await engine.correlate('bench.resume', { businessKey: 'r-1' });
      const end = await engine.waitForEnd(instanceId, { timeoutMs: 60_000 });
      const seconds = (performance.now() - t0) / 1000;
      await engine.close();
      if (end.status !== 'completed') throw new Error(`resumed instance ended ${end.status}`);
      return { value: seconds, extra: { steps, historyLength } };
    } finally {
      await store.close();
    }
  };
}

export function engineCells(ctx: BenchContext): CellSpec[] {
  const q = ctx.quick;
  const w64 = q ? 300 : 1000;
  const w1 = q ? 30 : 100;
  const bpmnInstances = q ? 200 : 1000;
  const longSteps = q ? 10_000 : 100_000;
  return [
    {
      id: 'engine.steps-pg-64',
      suite: 'engine',
      metric: `Durable steps/s, 10-step no-op workflows, 64 concurrent, PostgreSQL: ours vs DBOS`,
      unit: 'steps/s',
      higherIsBetter: true,
      ours: stepsRunner(ctx, 'postgres', 64, w64),
      peers: { dbos: dbosRunner(ctx, 64, w64) },
      goal: { ratio: 3, text: '≥ 3× DBOS' },
      notes: `${w64} workflows per repeat, same PostgreSQL server (fsync on), fresh database each; DBOS 5.3 in a child process.`,
    },
    {
      id: 'engine.steps-pg-1',
      suite: 'engine',
      metric: `Durable steps/s, 10-step no-op workflows, 1 at a time, PostgreSQL: ours vs DBOS`,
      unit: 'steps/s',
      higherIsBetter: true,
      ours: stepsRunner(ctx, 'postgres', 1, w1),
      peers: { dbos: dbosRunner(ctx, 1, w1) },
      notes: `${w1} workflows per repeat.`,
    },
    {
      id: 'engine.steps-sqlite-64',
      suite: 'engine',
      metric:
        'Durable steps/s, 10-step no-op workflows, 64 concurrent, embedded SQLite (WAL, synchronous=FULL)',
      unit: 'steps/s',
      higherIsBetter: true,
      ours: stepsRunner(ctx, 'sqlite', 64, w64),
      goal: { absolute: 5000, text: '≥ 5K steps/s' },
    },
    {
      id: 'engine.bpmn-chain',
      suite: 'engine',
      metric:
        'BPMN 10-service-task process with I/O mappings and a conditional gateway, instances/s, 64 concurrent: ours (durable, SQLite FULL, FEEL) vs bpmn-engine (in memory), BullMQ flows',
      unit: 'instances/s',
      higherIsBetter: true,
      ours: bpmnRunner(ctx, 'chain', bpmnInstances, 64),
      peers: {
        'bpmn-engine': async () => ({
          value: await bpmnEngineInstancesPerSecond(Math.ceil(bpmnInstances / 2), 64, 'chain'),
        }),
        'bullmq flows': async () => ({
          value: await bullmqFlowsPerSecond(ctx.redisUrl, 'chain', bpmnInstances, 64),
        }),
      },
      goal: { ratio: 10, versus: 'bpmn-engine', text: '≥ 10× bpmn-engine' },
      notes: `ours deploys a Camunda 8 file (zeebe:taskDefinition type="noop"); the ratio is against the best peer; the BullMQ flow evaluates no expressions. ${expressionNote('chain')}`,
    },
    {
      id: 'engine.bpmn-fanout',
      suite: 'engine',
      metric:
        'BPMN 1+10 fan-out (task, parallel fork to 10 tasks, join, conditional gateway; I/O mappings), instances/s, 64 concurrent: ours (durable, SQLite FULL, FEEL) vs bpmn-engine, BullMQ flows',
      unit: 'instances/s',
      higherIsBetter: true,
      ours: bpmnRunner(ctx, 'fanout', bpmnInstances, 64),
      peers: {
        'bpmn-engine': async () => ({
          value: await bpmnEngineInstancesPerSecond(Math.ceil(bpmnInstances / 2), 64, 'fanout'),
        }),
        'bullmq flows': async () => ({
          value: await bullmqFlowsPerSecond(ctx.redisUrl, 'fanout', bpmnInstances, 64),
        }),
      },
      goal: { ratio: 10, versus: 'bpmn-engine', text: '≥ 10× bpmn-engine' },
      notes: `BullMQ flow: a parent with 10 children (the parent is the join), no expressions. ${expressionNote('fanout')}`,
    },
    {
      id: 'engine.step-overhead-sqlite',
      suite: 'engine',
      metric:
        'Sequential step overhead p50 (handler → next handler), one instance, SQLite FULL; raw commit latency in details',
      unit: 'ms',
      higherIsBetter: false,
      ours: stepOverheadRunner(ctx, 'sqlite', q ? 300 : 1000),
    },
    {
      id: 'engine.step-overhead-pg',
      suite: 'engine',
      metric:
        'Sequential step overhead p50 (handler → next handler), one instance, PostgreSQL; raw commit latency in details',
      unit: 'ms',
      higherIsBetter: false,
      ours: stepOverheadRunner(ctx, 'postgres', q ? 300 : 1000),
    },
    {
      id: 'engine.long-workflow',
      suite: 'engine',
      metric: `A ${longSteps.toLocaleString('en-US')}-step workflow (loop of service task + gateway) completes, SQLite FULL`,
      unit: 's',
      higherIsBetter: false,
      ours: longWorkflowRunner(ctx, longSteps),
      goal: { absolute: 3600, text: 'completes' },
      repeats: 1,
      noWarmup: true,
      notes: q ? 'quick mode runs 10,000 steps; the full run 100,000.' : '',
    },
    {
      id: 'engine.resume-10k',
      suite: 'engine',
      metric: 'Resume a 10,000-step history cold (new engine, open → correlate → completed), SQLite FULL',
      unit: 's',
      higherIsBetter: false,
      ours: resumeRunner(ctx, 10_000),
      goal: { absolute: 1, text: '≤ 1 s' },
      repeats: q ? 1 : 3,
      noWarmup: true,
    },
  ];
}
