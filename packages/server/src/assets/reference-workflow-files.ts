// Reads the reference workflow files shipped in workflows/<name>/ (file I/O at the edge): the
// composition root, the CLI and tests read them and hand the sources to `deployReferenceWorkflows`.
import { readFile } from 'node:fs/promises';
import { referenceWorkflows, type ReferenceWorkflowSource } from '../workflows/reference-workflows.js';

/** The sources of the reference workflows (all, or those whose id is in `only`), in the listed order. */
export async function readReferenceWorkflows(only?: readonly string[]): Promise<ReferenceWorkflowSource[]> {
  const chosen = referenceWorkflows.filter((w) => !only || only.includes(w.id));
  return Promise.all(
    chosen.map(async (w) => ({ id: w.id, format: w.format, source: await readFile(w.url, 'utf8') })),
  );
}
