// Peer: DBOS durable workflows (10 no-op steps each) on PostgreSQL. Run as a child process because
// DBOS keeps global state; prints one JSON line {stepsPerSecond, workflows, seconds}.
import { DBOS } from '@dbos-inc/dbos-sdk';

const [url, concurrencyArg, workflowsArg] = process.argv.slice(2);
if (!url) throw new Error('usage: dbos-steps <systemDatabaseUrl> <concurrency> <workflows>');
const concurrency = Number(concurrencyArg ?? 64);
const workflows = Number(workflowsArg ?? 640);

DBOS.setConfig({ name: 'waooaw-bench', systemDatabaseUrl: url, logLevel: 'error' } as Parameters<
  typeof DBOS.setConfig
>[0]);
const noop = DBOS.registerStep(async (i: number) => i, { name: 'noop' });
const tenSteps = DBOS.registerWorkflow(
  async (n: number) => {
    let acc = 0;
    for (let i = 0; i < 10; i++) acc += await noop(n + i);
    return acc;
  },
  { name: 'tenSteps' },
);
await DBOS.launch();
// Warm the pool and the code paths before timing.
await tenSteps(0);
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < workflows) {
      const i = next++;
      await tenSteps(i);
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
await DBOS.shutdown();
process.stdout.write(
  JSON.stringify({ stepsPerSecond: (workflows * 10) / seconds, workflows, seconds }) + '\n',
);
process.exit(0);
