// Whether compiled output is older than its sources. `npm start` and `npm test` rebuild only then, and
// bin/waooaw.js runs the TypeScript source instead of a stale build in a development checkout.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const skipped = /^(node_modules|dist)$|\.test\.tsx?$/;

/** Newest modification time (ms) of the files under `paths` (files or directories); 0 when none exist. */
export function newestMtime(paths) {
  let newest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    if (!stat.isDirectory()) newest = Math.max(newest, stat.mtimeMs);
    else
      for (const name of readdirSync(path))
        if (!skipped.test(name)) newest = Math.max(newest, newestMtime([join(path, name)]));
  }
  return newest;
}

/** True when `output` is missing or older than the newest of `inputs`. */
export function isStale(output, inputs) {
  return !existsSync(output) || statSync(output).mtimeMs < newestMtime(inputs);
}

/** The server build: its completion stamp (written last by copy-assets.mjs) and what it is made from. */
export function serverBuild(serverDir) {
  const inputs = ['src', 'scripts', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];
  return {
    output: join(serverDir, 'dist', '.build-complete'),
    inputs: [...inputs.map((p) => join(serverDir, p)), join(serverDir, '..', '..', 'tsconfig.base.json')],
  };
}
