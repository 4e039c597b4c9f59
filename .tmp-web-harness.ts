// throwaway harness (not committed): platform + marketplace routes on a fixed port
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './packages/server/src/config.js';
import { createPlatform } from './packages/server/src/platform.js';
import { registerMarketplace } from './packages/server/src/marketplace/index.js';
import { testCatalogue } from './packages/server/src/marketplace/test-harness.js';
import { writeFileSync } from 'node:fs';
writeFileSync('/tmp/webstub/node.pid', String(process.pid));
const dir = mkdtempSync(join(tmpdir(), 'webh-'));
const config = loadConfig({ env: { NODE_ENV: 'test', LOG_LEVEL: 'warn' }, overrides: { http: { port: Number(process.env.PORT ?? 4174) }, store: { sqlitePath: join(dir, 'db.sqlite') } } });
const p = await createPlatform(config);
const m = await registerMarketplace(p.app, { store: p.store, bus: p.bus, clock: p.clock, ids: p.ids, config, logger: p.logger, options: { catalogue: testCatalogue, passwordHashCost: { N: 1024, r: 8, p: 1 } } });
await m.start();
console.log(await p.start());
