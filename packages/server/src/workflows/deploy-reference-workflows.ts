// Deploys the engine's reference workflow files (read from their `url`): unchanged files deploy no new
// version, so every process may call this at start-up.
import { readFile } from 'node:fs/promises';
import type { Engine } from '../engine/engine.js';
import type { DeployResult } from '../engine/engine-types.js';
import { referenceWorkflows } from './reference-workflows.js';

/** Deploys the reference workflows (all, or those whose id is in `only`), in the listed order. */
export async function deployReferenceWorkflows(
  engine: Pick<Engine, 'deploy'>,
  only?: readonly string[],
): Promise<DeployResult[]> {
  const results: DeployResult[] = [];
  for (const w of referenceWorkflows) {
    if (only && !only.includes(w.id)) continue;
    results.push(
      await engine.deploy(
        { format: w.format, source: await readFile(w.url, 'utf8') },
        { createdBy: 'platform' },
      ),
    );
  }
  return results;
}
