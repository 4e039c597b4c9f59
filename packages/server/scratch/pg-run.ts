import { startPostgres } from '../src/testing/local-services.js';
import { execFileSync } from 'node:child_process';
const pg = await startPostgres({ durable: true });
try {
  for (let i = 0; i < 2; i++) {
    const out = execFileSync('npx', ['tsx', 'scratch/engine-throughput.ts', 'postgres', pg.url, process.argv[2] ?? '3000'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    console.log(out.trim().split('\n').pop());
    execFileSync('psql', [pg.url, '-c', 'drop schema public cascade; create schema public;'], { stdio: 'ignore' });
  }
} finally { await pg.stop(); }
