// Builds the web UI and the server when their compiled output is missing or older than their sources
// (`node scripts/build-if-stale.mjs [web] [server]`; both when none is named). `npm start`, `npm test`
// and the compiled-start test call it, so they run fresh output without rebuilding every time.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isStale, serverBuild } from '../packages/server/scripts/freshness.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'packages', 'web');

export const targets = {
  web: {
    workspace: 'packages/web',
    output: join(web, 'dist', 'index.html'),
    inputs: ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(web, p)),
  },
  server: { workspace: 'packages/server', ...serverBuild(join(root, 'packages', 'server')) },
};

/** Builds each named target that is stale; throws when a build fails. Returns the names it built. */
export function buildIfStale(names = Object.keys(targets)) {
  const built = [];
  for (const name of names) {
    const target = targets[name];
    if (!target) throw new Error(`unknown build target ${name} (known: ${Object.keys(targets).join(', ')})`);
    if (!isStale(target.output, target.inputs)) continue;
    process.stderr.write(`building ${name} (${target.workspace}) …\n`);
    const r = spawnSync('npm', ['run', 'build', '-w', target.workspace], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`npm run build -w ${target.workspace} failed (exit ${r.status})`);
    built.push(name);
  }
  return built;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const names = process.argv.slice(2);
  buildIfStale(names.length ? names : undefined);
}
