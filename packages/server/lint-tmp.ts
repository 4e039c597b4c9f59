import { writeFileSync } from 'node:fs';
import { loadConfig } from './src/config.js';
import { silentLogger } from './src/components/observability/logger.js';
import { createPlatform } from './src/platform.js';
const p = await createPlatform(loadConfig({ env: {}, overrides: { store: { sqlitePath: ':memory:' }, http: { port: 0 }, github: { webhookSecret: 'x' } } }), { logger: silentLogger });
await p.app.ready();
writeFileSync('/tmp/apih/openapi.json', JSON.stringify((await p.app.inject({ method: 'GET', url: '/openapi.json' })).json(), null, 2));
await p.stop();
