// Definitions: deploy (validate, version by content hash, index message names, arm start timers),
// list, versions, export to BPMN, and the compiled versions the runner steps against — loaded once per
// version, and the latest version remembered for a few seconds.
import { PlatformError } from '../errors.js';
import { toBpmnXml } from './bpmn/bpmn-export.js';
import { markExecutableProcess } from './bpmn/executable-process.js';
import { parseDefinition, type DefinitionSource } from './definitions/parse-definition.js';
import type { EngineCore } from './engine-core.js';
import type { DefinitionInfo, DefinitionRecord, MessageRef } from './engine-store.js';
import type { DeployResult } from './engine-types.js';
import { compileDefinition, type CompiledDefinition } from './model/compile.js';
import { SIGNAL_PREFIX } from './history-events.js';
import type { ProcessDefinition } from './model/types.js';
import type { Wake } from './scheduler.js';
import { stableHash } from './stable-hash.js';
import { firstStartTimerJobs } from './start-timers.js';

/** How long the latest version of a definition is trusted without asking the store. */
const LATEST_TTL_MS = 5000;

export class DefinitionRegistry {
  private readonly compiled = new Map<string, CompiledDefinition>();
  private readonly latest = new Map<string, { version: number; at: number }>();
  private readonly loads = new Map<string, Promise<CompiledDefinition>>();

  constructor(
    private readonly core: EngineCore,
    private readonly wake: Pick<Wake, 'kick'>,
  ) {}

  /**
   * Validates and deploys a definition (builder model, YAML, BPMN XML or JSON). A new version is
   * created unless the content equals the latest version. VALIDATION lists every problem by element.
   */
  async deploy(input: DefinitionSource, options: { createdBy?: string } = {}): Promise<DeployResult> {
    this.core.assertRunning();
    const { model, source } = await parseDefinition(input);
    compileDefinition(model, 1);
    const now = this.core.clock.now();
    const { record, created } = await this.core.repos.definitions.deploy(
      {
        definitionId: model.id,
        name: model.name ?? null,
        versionTag: model.versionTag ?? null,
        format: 'model' in input ? 'json' : input.format,
        source,
        model,
        hash: stableHash(model),
        createdAt: now,
        createdBy: options.createdBy ?? 'api',
      },
      messageRefs(model),
      (version) => firstStartTimerJobs(model, version, now),
    );
    this.latest.set(record.definitionId, { version: record.version, at: now });
    if (created && model.elements.some((e) => e.type === 'startEvent' && e.timer)) this.wake.kick();
    return {
      definitionId: record.definitionId,
      version: record.version,
      created,
      name: record.name,
      versionTag: record.versionTag,
    };
  }

  list(): Promise<DefinitionInfo[]> {
    return this.core.repos.definitions.list();
  }

  versions(definitionId: string): Promise<DefinitionInfo[]> {
    return this.core.repos.definitions.versions(definitionId);
  }

  /** The stored definition (latest unless `version`); NOT_FOUND when absent. */
  async get(definitionId: string, version?: number): Promise<DefinitionRecord> {
    const rec = await this.core.repos.definitions.get(definitionId, version);
    if (!rec)
      throw new PlatformError(
        'NOT_FOUND',
        `Workflow definition ${definitionId}${version ? ` v${version}` : ''} is not deployed`,
        { details: { definitionId } },
      );
    return rec;
  }

  /**
   * BPMN 2.0 XML (with diagram) of a deployed definition: a BPMN file as deployed, with only the
   * deployed process marked executable when it was chosen from several; BPMN deployed without a
   * diagram (and YAML) gets one drawn by the engine's layout.
   */
  async exportBpmn(definitionId: string, version?: number): Promise<string> {
    const rec = await this.get(definitionId, version);
    return rec.format === 'bpmn' && /<([\w-]+:)?BPMNDiagram[\s>]/.test(rec.source)
      ? markExecutableProcess(rec.source, rec.model.id)
      : toBpmnXml(rec.model);
  }

  /** A compiled version already loaded (the hot path: no await). */
  loaded(definitionId: string, version: number): CompiledDefinition | undefined {
    return this.compiled.get(`${definitionId}@${version}`);
  }

  /** Loads (once, even when many steps ask at the same time) and compiles a version, the latest by default. */
  compile(definitionId: string, version?: number): Promise<CompiledDefinition> {
    if (version !== undefined) {
      const hit = this.compiled.get(`${definitionId}@${version}`);
      if (hit) return Promise.resolve(hit);
    }
    const key = `${definitionId}@${version ?? 'latest'}`;
    let p = this.loads.get(key);
    if (!p) {
      p = this.load(definitionId, version).finally(() => this.loads.delete(key));
      this.loads.set(key, p);
    }
    return p;
  }

  private async load(definitionId: string, version?: number): Promise<CompiledDefinition> {
    let v = version;
    if (v === undefined) {
      const cached = this.latest.get(definitionId);
      if (cached && this.core.clock.now() - cached.at < LATEST_TTL_MS) v = cached.version;
    }
    if (v !== undefined) {
      const hit = this.compiled.get(`${definitionId}@${v}`);
      if (hit) return hit;
    }
    const rec = await this.core.repos.definitions.get(definitionId, v);
    if (!rec) {
      throw new PlatformError(
        'NOT_FOUND',
        `Workflow definition ${definitionId}${v === undefined ? '' : ` v${v}`} is not deployed`,
        { details: { definitionId, ...(v === undefined ? {} : { version: v }) } },
      );
    }
    if (version === undefined)
      this.latest.set(definitionId, { version: rec.version, at: this.core.clock.now() });
    const key = `${definitionId}@${rec.version}`;
    let def = this.compiled.get(key);
    if (!def) {
      def = compileDefinition(rec.model, rec.version);
      this.compiled.set(key, def);
    }
    return def;
  }
}

/** Message names the definition waits for, and which of them start it. */
function messageRefs(model: ProcessDefinition): Array<Omit<MessageRef, 'version'>> {
  const refs: Array<Omit<MessageRef, 'version'>> = [];
  const walk = (elements: ProcessDefinition['elements'], top: boolean): void => {
    for (const el of elements) {
      if (top && el.type === 'startEvent' && el.signal)
        refs.push({
          messageName: `${SIGNAL_PREFIX}${el.signal.name}`,
          definitionId: model.id,
          elementId: el.id,
          isStart: true,
        });
      if ('message' in el && el.message)
        refs.push({
          messageName: el.message.name,
          definitionId: model.id,
          elementId: el.id,
          isStart: top && el.type === 'startEvent',
        });
      if (el.type === 'subProcess') walk(el.elements, false);
    }
  };
  walk(model.elements, true);
  return refs;
}
