// Child process for the memory cell: hires N agents into a runtime and prints its memory after GC.
// Run with --expose-gc. Prints one JSON line.
import { createAgentRuntime } from '@waooaw/server/runtime';
import { systemClock } from '@waooaw/server/clock';
import { createIds } from '@waooaw/server/ids';
import { createSqlStore } from '@waooaw/server/store';
import { join } from 'node:path';
import { BENCH_AGENT, benchSpecialisation } from './bench-agents.js';

const [dir, countArg] = process.argv.slice(2);
const count = Number(countArg ?? 10_000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mib = (n: number) => n / 2 ** 20;

const store = await createSqlStore({ dialect: 'sqlite', path: join(dir!, 'idle.db'), synchronous: 'NORMAL' });
await store.migrate();
const runtime = createAgentRuntime({ store, clock: systemClock, ids: createIds() });
runtime.register({
  specialisation: benchSpecialisation,
  triggers: [{ kind: 'event', pattern: 'bench.idle', name: 'idle' }],
});
await runtime.start();
gc();
const baseline = process.memoryUsage();
for (let i = 0; i < count; i++)
  await runtime.hire({ agentType: BENCH_AGENT, personality: { name: `Idle ${i}` } });
for (let i = 0; i < 3; i++) gc();
const after = process.memoryUsage();
process.stdout.write(
  JSON.stringify({
    rssMiB: mib(after.rss),
    heapMiB: mib(after.heapUsed),
    baselineRssMiB: mib(baseline.rss),
    perAgentKiB: (after.rss - baseline.rss) / 1024 / count,
  }) + '\n',
);
await runtime.stop();
await store.close();
process.exit(0);
