import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqlStore } from '../src/store/sql-store.js';
import { Engine } from '../src/engine/engine.js';
import { workflow } from '../src/engine/definitions/builder.js';

const kind = process.argv[2] ?? 'sqlite';
const url = process.argv[3];
const store = kind === 'sqlite'
  ? await createSqlStore({ dialect: 'sqlite', path: join(mkdtempSync(join(tmpdir(), 'tp-')), 'e.db'), synchronous: (process.env.SYNC ?? 'FULL') as 'FULL' })
  : await createSqlStore({ dialect: 'postgres', url: url!, poolSize: 16 });
await store.migrate();
const engine = new Engine({ store: store.engine, publishTaskEvents: false, workerId: 'bench' });
let b = workflow('noop10').start();
for (let i = 0; i < 10; i++) b = b.service(`s${i}`, 'noop');
await engine.deploy({ format: 'json', model: b.end().build() });
engine.registerHandler('noop', () => undefined);
await engine.open();
const total = Number(process.argv[4] ?? 2000);
const concurrency = 64;
const t0 = performance.now();
let started = 0;
const done: Promise<void>[] = [];
async function lane() {
  while (started < total) {
    started++;
    const { instanceId } = await engine.startInstance('noop10');
    await engine.waitForEnd(instanceId);
  }
}
for (let i = 0; i < concurrency; i++) done.push(lane());
await Promise.all(done);
await engine.idle();
const ms = performance.now() - t0;
const counts = await store.engine.instances.countByState('noop10');
console.log(kind, JSON.stringify(counts), `instances=${total} steps=${total * 10} ms=${ms.toFixed(0)} steps/s=${((total * 10) / (ms / 1000)).toFixed(0)}`, engine.commitStats);
await engine.close();
await store.close();
