// Workflow-scope (per definition id) and global variables: set with actor and time (every change kept),
// and read by expressions after instance variables through a short-lived cache, so that a step on the
// hot path does not wait for the store.
import { PlatformError, type JsonValue } from '../errors.js';
import type { EngineCore } from './engine-core.js';
import type { SharedScope, SharedVariable, VariableChange } from './engine-store.js';
import type { Value } from './expressions/expression-language.js';
import { inferType } from './model/variables.js';

export class SharedVariables {
  private readonly cache = new Map<string, { at: number; vars: Map<string, JsonValue> }>();
  private readonly loads = new Map<string, Promise<Map<string, JsonValue>>>();

  constructor(private readonly core: EngineCore) {}

  /** The lookup for a definition's expressions when both scopes are cached and fresh; else undefined. */
  cachedLookup(definitionId: string): ((name: string) => Value) | undefined {
    const now = this.core.clock.now();
    const ttl = this.core.sharedTtlMs;
    const wf = this.cache.get(`workflow:${definitionId}`);
    const global = this.cache.get('global:');
    if (!wf || !global || now - wf.at >= ttl || now - global.at >= ttl) return undefined;
    return (name) => (wf.vars.has(name) ? wf.vars.get(name) : global.vars.get(name));
  }

  /** The lookup for a definition's expressions: workflow scope first, then global. */
  async lookup(definitionId: string): Promise<(name: string) => Value> {
    const [wf, global] = await Promise.all([
      this.refresh(definitionId, 'workflow'),
      this.refresh('', 'global'),
    ]);
    return (name) => (wf.has(name) ? wf.get(name) : global.get(name));
  }

  /** Sets a workflow-scope (per definition id) or global variable; every change is kept with actor and time. */
  async set(
    scope: SharedScope,
    owner: string,
    name: string,
    value: JsonValue,
    actor = 'api',
  ): Promise<SharedVariable> {
    if (scope !== 'workflow' && scope !== 'global')
      throw new PlatformError('VALIDATION', "scope must be 'workflow' or 'global'", {
        details: { field: 'scope' },
      });
    if (!name) throw new PlatformError('VALIDATION', 'name is required', { details: { field: 'name' } });
    const o = scope === 'global' ? '' : owner;
    const v = await this.core.repos.variables.set(
      scope,
      o,
      name,
      value,
      inferType(value),
      actor,
      this.core.clock.now(),
    );
    this.cache.delete(`${scope}:${o}`);
    return v;
  }

  history(scope: SharedScope, owner: string, name: string): Promise<VariableChange[]> {
    return this.core.repos.variables.history(scope, scope === 'global' ? '' : owner, name);
  }

  /** Loads a scope (once, even when many steps ask at the same time) unless the cached copy is fresh. */
  private refresh(owner: string, scope: SharedScope): Promise<Map<string, JsonValue>> {
    const key = `${scope}:${owner}`;
    const hit = this.cache.get(key);
    if (hit && this.core.clock.now() - hit.at < this.core.sharedTtlMs) return Promise.resolve(hit.vars);
    let p = this.loads.get(key);
    if (!p) {
      p = this.core.repos.variables
        .list(scope, owner)
        .then((list) => {
          const vars = new Map(list.map((v) => [v.name, v.value]));
          this.cache.set(key, { at: this.core.clock.now(), vars });
          return vars;
        })
        .finally(() => this.loads.delete(key));
      this.loads.set(key, p);
    }
    return p;
  }
}
