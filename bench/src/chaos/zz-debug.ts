import { startPostgres, startRedis } from '../../../packages/server/src/testing/local-services.js';
import { busKillScenario } from './scenarios.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
const [postgres, redis] = await Promise.all([startPostgres({ durable: true }), startRedis({ durable: true })]);
let n = 0;
const r = await busKillScenario({
  redisUrl: redis.url,
  async freshDatabase() { const c = new pg.Client({ connectionString: postgres.url }); await c.connect(); await c.query(`create database d${++n}`); await c.end(); return postgres.url.replace(/\/postgres$/, `/d${n}`); },
  tmpDir: () => mkdtempSync(join(tmpdir(), 'x-')),
  log: (l) => console.log(l),
}, { kills: 8, seed: 3, quick: true });
console.log(JSON.stringify(r));
const c = new pg.Client({ connectionString: postgres.url.replace(/\/postgres$/, '/d1') });
await c.connect();
const rows = (await c.query(`select a.key, a.pid, a.at - (select min(at) from chaos_attempts) as t, (select e.at - (select min(at) from chaos_attempts) from chaos_effects e where e.key = a.key) as done, (select pid from chaos_effects e where e.key=a.key) as by from chaos_attempts a where a.key in (select key from chaos_attempts group by key having count(*) > 1) order by a.key, a.at limit 60`)).rows;
console.table(rows);
await c.end();
await postgres.stop(); await redis.stop();
process.exit(0);
