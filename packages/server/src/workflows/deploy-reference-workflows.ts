// Deploys the reference workflows' sources (read by the caller, see assets/reference-workflow-files.ts):
// unchanged files deploy no new version, so every process may call this at start-up.
import type { Engine } from '../engine/engine.js';
import type { DeployResult } from '../engine/engine-types.js';
import type { ReferenceWorkflowSource } from './reference-workflows.js';

/** Deploys `sources` in order. */
export async function deployReferenceWorkflows(
  engine: Pick<Engine, 'deploy'>,
  sources: readonly ReferenceWorkflowSource[],
): Promise<DeployResult[]> {
  const results: DeployResult[] = [];
  for (const w of sources)
    results.push(await engine.deploy({ format: w.format, source: w.source }, { createdBy: 'platform' }));
  return results;
}
