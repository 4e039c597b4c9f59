// Reads the agent specs from a directory of YAML files (default: the specs shipped in agents/specs/). File
// I/O lives here, at the edge: the composition root and the CLI load specs and hand them to the features.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlatformError } from '../errors.js';
import { parseAgentSpec, type AgentSpec } from '../agents/specs/agent-spec.js';

/**
 * The shipped specs directory. `tsc` does not copy YAML, so a build that runs from `dist/` falls back to
 * the `src/` copy when the files were not copied alongside.
 */
export function defaultSpecsDir(): string {
  const here = fileURLToPath(new URL('../agents/specs/', import.meta.url));
  if (existsSync(here)) return here;
  const fromSrc = here.replace(/([/\\])dist([/\\])/, '$1src$2');
  return existsSync(fromSrc) ? fromSrc : here;
}

/**
 * Reads and validates every `*.yaml` / `*.yml` in `dir` (sorted by file name). Throws VALIDATION naming
 * the file and field of the first invalid spec, CONFLICT when two files declare the same id or a file's
 * name does not match its id, and NOT_FOUND when the directory does not exist.
 */
export function loadAgentSpecs(dir: string = defaultSpecsDir()): AgentSpec[] {
  if (!existsSync(dir))
    throw new PlatformError('NOT_FOUND', `agent specs directory ${dir} does not exist`, { details: { dir } });
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort();
  const specs: AgentSpec[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    const spec = parseAgentSpec(readFileSync(join(dir, f), 'utf8'), f);
    const stem = basename(f).replace(/\.ya?ml$/i, '');
    if (stem !== spec.id)
      throw new PlatformError('CONFLICT', `${f}: id "${spec.id}" does not match the file name`, {
        details: { file: f, field: 'id' },
      });
    const prior = seen.get(spec.id);
    if (prior)
      throw new PlatformError('CONFLICT', `${f}: id "${spec.id}" is already declared in ${prior}`, {
        details: { file: f, field: 'id' },
      });
    seen.set(spec.id, f);
    specs.push(spec);
  }
  return specs;
}

const cache = new Map<string, Map<string, AgentSpec>>();

/** One spec by id (specs are read once per directory and cached); NOT_FOUND for an unknown id. */
export function getAgentSpec(id: string, dir: string = defaultSpecsDir()): AgentSpec {
  let byId = cache.get(dir);
  if (!byId) {
    byId = new Map(loadAgentSpecs(dir).map((s) => [s.id, s]));
    cache.set(dir, byId);
  }
  const spec = byId.get(id);
  if (!spec) throw new PlatformError('NOT_FOUND', `unknown agent "${id}"`, { details: { agentId: id } });
  return spec;
}

/** Forgets cached specs (after specs change on disk, e.g. in development). */
export function clearAgentSpecCache(): void {
  cache.clear();
}
