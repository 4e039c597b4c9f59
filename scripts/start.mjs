// `npm start`: builds the web UI and the server if their compiled output is missing or stale, then runs
// the compiled CLI (`waooaw start …`) in this process with plain Node — no TypeScript loader at run time.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
buildIfStale();
const { main } = await import(pathToFileURL(join(root, 'packages', 'server', 'dist', 'cli', 'main.js')).href);
await main(['start', ...process.argv.slice(2)]);
