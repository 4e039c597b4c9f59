import { createAgentRuntime } from '../../packages/server/src/agents/runtime/agent-runtime.js';
import { FakeModelProvider, decisionJson } from '../../packages/server/src/agents/runtime/testing/fake-model-provider.js';
import { createSqlStore } from '../../packages/server/src/store/sql-store.js';
import { systemClock } from '../../packages/server/src/clock.js';
import { createIds } from '../../packages/server/src/ids.js';
import { mkdtempSync } from 'node:fs'; import { tmpdir } from 'node:os'; import { join } from 'node:path';
for (const sync of ['NORMAL', 'FULL'] as const) {
  const store = await createSqlStore({ dialect: 'sqlite', path: join(mkdtempSync(join(tmpdir(), 'p-')), 'x.db'), synchronous: sync });
  await store.migrate();
  const models = new FakeModelProvider({ answer: () => decisionJson(true, 0.9) });
  const rt = createAgentRuntime({ store, clock: systemClock, ids: createIds(), models, modelConcurrency: 256 });
  rt.register({ specialisation: { agentType: 'bench-agent', role: 'Bench Agent', domain: 'platform', expertise: 'decides', version: '1.0.0', capabilities: ['decide'] } });
  await rt.start();
  const ids: string[] = [];
  let t = performance.now();
  for (let i = 0; i < 200; i++) ids.push((await rt.hire({ agentType: 'bench-agent', personality: { name: `A${i}` } })).id);
  console.log(sync, 'hire/s', 200 / ((performance.now() - t) / 1000));
  t = performance.now();
  for (let i = 0; i < 300; i++) await rt.decide(ids[i % 200]!, { kind: 'approve', subject: `case ${i}`, facts: { i }, fresh: true });
  console.log(sync, 'sequential decide ms', (performance.now() - t) / 300);
  t = performance.now();
  await Promise.all(Array.from({ length: 1000 }, (_, i) => rt.decide(ids[i % 200]!, { kind: 'approve', subject: `case x${i}`, facts: { i }, fresh: true })));
  console.log(sync, 'concurrent decide/s', 1000 / ((performance.now() - t) / 1000));
  await rt.stop(); await store.close();
}
process.exit(0);
