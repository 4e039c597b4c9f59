import { MemoryBus } from '@waooaw/server/bus';
import { createSqlStore } from '@waooaw/server/store';
for (let r=0;r<5;r++){
const store = await createSqlStore({ dialect: 'sqlite', path: `/tmp/bus18/p${process.pid}-${r}.db`, synchronous: 'FULL' });
await store.migrate();
const bus = await MemoryBus.open({ outbox: store.busOutbox });
const topic='bench.q1';
const s = await bus.subscribe({ pattern: topic, group: 'g', handler: async () => {} }); await s.close();
const t0=performance.now();
for (let k=0;k<5;k++) { const t=performance.now(); await bus.publishBatch(Array.from({length:1000},(_,j)=>({topic,payload:{i:j}}))); process.stdout.write((performance.now()-t).toFixed(1)+' '); }
console.log('5000 in', (performance.now()-t0).toFixed(1),'ms');
let n=0; const t1=performance.now();
await new Promise<void>(res=>{ void bus.subscribe({ pattern: topic, group: 'g', concurrency:100, handler: async () => { if(++n===5000) res(); } }); });
console.log('drain', (performance.now()-t1).toFixed(1));
await bus.close(); await store.close();
}
