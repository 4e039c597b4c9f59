// The folder boundaries of docs/architecture.md are enforced by dependency-cruiser in `npm run lint`
// (.dependency-cruiser.cjs). This test proves each rule fires on a tree that breaks it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
// The package's exports map hides its bin, so it is found where npm installs it.
const depcruise = join(repoRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

function cruise(cwd: string): Violation[] {
  const run = spawnSync(
    process.execPath,
    [
      depcruise,
      'packages/server/src',
      '--config',
      join(repoRoot, '.dependency-cruiser.cjs'),
      '--output-type',
      'json',
    ],
    { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
  );
  if (!run.stdout) throw new Error(`dependency-cruiser produced no report: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const scratch = mkdtempSync(join(tmpdir(), 'waooaw-boundaries-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A tiny server tree where each file breaks exactly one rule. */
const files: Record<string, string> = {
  'errors.ts': `import { x } from './engine/pure.js';\nexport const e = x;\n`,
  'engine/pure.ts': `export const x = 1;\n`,
  'engine/uses-feature.ts': `import { m } from '../marketplace/service.js';\nexport const y = m;\n`,
  'engine/reads-files.ts': `import { readFileSync } from 'node:fs';\nexport const z = readFileSync;\n`,
  'marketplace/service.ts': `export const m = 1;\n`,
  'marketplace/reaches-agents.ts': `import { w } from '../agents/workforce/w.js';\nexport const n = w;\n`,
  'marketplace/builds-store.ts': `import { s } from '../store/sql-store.js';\nexport const o = s;\n`,
  'marketplace/uses-api.ts': `import { r } from '../api/route.js';\nexport const p = r;\n`,
  'agents/workforce/w.ts': `export const w = 1;\n`,
  'agents/uses-workflows.ts': `import { f } from '../workflows/flow.js';\nexport const q = f;\n`,
  'workflows/flow.ts': `export const f = 1;\n`,
  'store/sql-store.ts': `export const s = 1;\n`,
  'store/uses-feature.ts': `import { m } from '../marketplace/service.js';\nexport const t = m;\n`,
  'skills/impure.ts': `import { s } from '../store/sql-store.js';\nexport const u = s;\n`,
  'api/route.ts': `export const r = 1;\n`,
  'cycle/a.ts': `import { b } from './b.js';\nexport const a = () => b;\n`,
  'cycle/b.ts': `import { a } from './a.js';\nexport const b = () => a;\n`,
};

describe('folder boundaries (dependency-cruiser)', () => {
  it('fire on every kind of forbidden import', () => {
    for (const [path, text] of Object.entries(files)) {
      const full = join(scratch, 'packages', 'server', 'src', path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text);
    }
    cpSync(join(repoRoot, 'tsconfig.base.json'), join(scratch, 'tsconfig.base.json'));
    const found = cruise(scratch).map((v) => `${v.rule.name}: ${v.from.replace('packages/server/src/', '')}`);
    // A cycle is reported once, from whichever of its modules the cruiser meets first.
    const cycles = found.filter((f) => f.startsWith('no-circular: '));
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toMatch(/^no-circular: cycle\/[ab]\.ts$/);
    expect(new Set(found.filter((f) => !cycles.includes(f)))).toEqual(
      new Set([
        'primitives-are-leaves: errors.ts',
        'core-stays-below-features: engine/uses-feature.ts',
        'features-and-core-do-no-io: engine/reads-files.ts',
        'marketplace-does-not-reach-into-agents-or-workflows: marketplace/reaches-agents.ts',
        'features-and-core-use-ports-not-adapters: marketplace/builds-store.ts',
        'only-the-edge-imports-the-edge: marketplace/uses-api.ts',
        'agents-do-not-reach-into-workflows: agents/uses-workflows.ts',
        'ports-stay-below-features: store/uses-feature.ts',
        'skills-are-pure: skills/impure.ts',
        'features-and-core-use-ports-not-adapters: skills/impure.ts',
      ]),
    );
  });
});
