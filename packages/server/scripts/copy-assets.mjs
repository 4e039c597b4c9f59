// Copies the non-TypeScript files the server reads at run time (workflow definitions, agent specs,
// skill data) from src/ to dist/, keeping their paths, so the compiled build finds them. Last step of
// the build: it then writes dist/.build-complete, the stamp freshness.mjs compares with the sources.
import { cpSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const src = new URL('../src/', import.meta.url).pathname;
const dist = new URL('../dist/', import.meta.url).pathname;
const assets = /\.(ya?ml|bpmn|json|csv|txt|md)$/i;
let copied = 0;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'testing' && name !== 'histories') walk(path);
    } else if (assets.test(name)) {
      cpSync(path, join(dist, relative(src, path)));
      copied++;
    }
  }
}

walk(src);
writeFileSync(join(dist, '.build-complete'), `${new Date().toISOString()}\n`);
console.log(`copied ${copied} asset file(s) to dist/`);
