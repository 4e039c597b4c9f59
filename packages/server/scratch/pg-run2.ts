import { startPostgres } from '../src/testing/local-services.js';
import { execFileSync } from 'node:child_process';
const pg = await startPostgres({ durable: process.env.DURABLE !== '0' });
try {
  const out = execFileSync('npx', ['tsx', 'scratch/pgtime.ts', 'postgres', pg.url, process.argv[2] ?? '2000'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  console.log(out.trim());
} finally { await pg.stop(); }
