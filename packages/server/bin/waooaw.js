#!/usr/bin/env node
// Runs the compiled CLI when it is built and not older than the sources beside it; else (a development
// checkout with edits since the last `npm run build`) the TypeScript source through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { isStale, serverBuild } from '../scripts/freshness.mjs';

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(serverDir, 'dist', 'cli', 'main.js');
const build = serverBuild(serverDir);
if (existsSync(built) && !isStale(build.output, build.inputs)) {
  const { main } = await import(pathToFileURL(built).href);
  await main(process.argv.slice(2));
} else {
  const src = join(serverDir, 'src', 'cli', 'main.ts');
  const r = spawnSync(process.execPath, ['--import', 'tsx', src, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}
