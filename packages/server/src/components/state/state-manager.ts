// Versioned state per id: every save appends an immutable version, the head moves with optimistic
// concurrency, and snapshots are tags on versions — so diff, rollback and history come for free.
import { LRUCache } from 'lru-cache';
import type { Clock } from '../../clock.js';
import { PlatformError, isPlatformError, type JsonValue } from '../../errors.js';
import type { Store } from '../../store/store.js';
import { canonicalJson } from '../security/canonical-json.js';

export type StateData = Record<string, JsonValue>;

export interface StateVersion<T extends StateData = StateData> {
  stateId: string;
  version: number;
  data: T;
  at: number;
  tags: string[];
  reason: string | null;
}

export interface StateDiff {
  added: Record<string, JsonValue>;
  removed: Record<string, JsonValue>;
  changed: Record<string, { old: JsonValue; new: JsonValue }>;
}

interface Head {
  stateId: string;
  version: number;
}

const HEADS = 'runtime_state';
const VERSIONS = 'runtime_state_versions';
const MAX_ID = 150;

const versionId = (stateId: string, version: number) => `${stateId}@${String(version).padStart(10, '0')}`;

function checkId(stateId: string): void {
  if (typeof stateId !== 'string' || stateId.length === 0 || stateId.length > MAX_ID) {
    throw new PlatformError(
      'VALIDATION',
      `stateId must be a non-empty string of at most ${MAX_ID} characters`,
      { details: { field: 'stateId' } },
    );
  }
}

function checkData(data: unknown): void {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new PlatformError('VALIDATION', 'state data must be a JSON object', { details: { field: 'data' } });
  }
}

/** Top-level differences between two states. */
export function diffStates(before: StateData, after: StateData): StateDiff {
  const diff: StateDiff = { added: {}, removed: {}, changed: {} };
  for (const [k, v] of Object.entries(after)) {
    if (!(k in before)) diff.added[k] = v;
    else if (canonicalJson(before[k]) !== canonicalJson(v)) diff.changed[k] = { old: before[k]!, new: v };
  }
  for (const [k, v] of Object.entries(before)) if (!(k in after)) diff.removed[k] = v;
  return diff;
}

/** How many states' head versions are remembered (a number each), so a save need not read the head. */
const KNOWN_HEADS = 10_000;

export class StateManager {
  /**
   * The head version of each state as this process last read or wrote it. A save starts from it and
   * moves the head only if it is still there (one conditional update instead of a read and an
   * update); when another writer moved it, or a rolled-back transaction never did, the save goes on
   * the ordinary way. A hint, never the truth: nothing is decided from it alone.
   */
  private readonly heads = new LRUCache<string, number>({ max: KNOWN_HEADS });

  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  /**
   * Appends a new version. With `expectedVersion` (0 for "must not exist yet") a concurrent writer
   * makes it fail with CONFLICT and nothing is written. With `tx` (a transaction store) the version is
   * written in the caller's transaction, and commits with it.
   */
  async save<T extends StateData>(
    stateId: string,
    data: T,
    options: { expectedVersion?: number; reason?: string; tenantId?: string | null; tx?: Store } = {},
  ): Promise<StateVersion<T>> {
    checkId(stateId);
    checkData(data);
    const known = this.heads.get(stateId);
    const saved = await (options.tx ?? this.deps.store).transaction(async (tx) => {
      if (known !== undefined && (options.expectedVersion ?? known) === known) {
        const moved = await this.moveHead(tx, stateId, known);
        if (moved) return this.append(tx, stateId, known + 1, data, options);
      }
      const head = await tx.documents.get<Head>(HEADS, stateId);
      const current = head?.data.version ?? 0;
      if (options.expectedVersion !== undefined && options.expectedVersion !== current) {
        throw new PlatformError(
          'CONFLICT',
          `State ${stateId} is at version ${current}, not ${options.expectedVersion}`,
          {
            details: { stateId, expectedVersion: options.expectedVersion, actualVersion: current },
          },
        );
      }
      const version = current + 1;
      if (head)
        await tx.documents.update<Head>(
          HEADS,
          stateId,
          { stateId, version },
          { expectedVersion: head.version },
        );
      else
        await tx.documents.insert<Head>({
          collection: HEADS,
          id: stateId,
          tenantId: options.tenantId ?? null,
          data: { stateId, version },
        });
      return this.append(tx, stateId, version, data, options);
    });
    this.heads.set(stateId, saved.version);
    return saved;
  }

  /**
   * Moves the head from `from` to the next version if it is still at `from` (its document version
   * follows its data version: both start at 1 and only `save` moves them). False when it is not.
   */
  private async moveHead(tx: Store, stateId: string, from: number): Promise<boolean> {
    try {
      await tx.documents.update<Head>(
        HEADS,
        stateId,
        { stateId, version: from + 1 },
        { expectedVersion: from },
      );
      return true;
    } catch (err) {
      if (isPlatformError(err, 'CONFLICT') || isPlatformError(err, 'NOT_FOUND')) {
        this.heads.delete(stateId);
        return false;
      }
      throw err;
    }
  }

  private async append<T extends StateData>(
    tx: Store,
    stateId: string,
    version: number,
    data: T,
    options: { reason?: string; tenantId?: string | null },
  ): Promise<StateVersion<T>> {
    const entry: StateVersion<T> = {
      stateId,
      version,
      data,
      at: this.deps.clock.now(),
      tags: [],
      reason: options.reason ?? null,
    };
    await tx.documents.insert({
      collection: VERSIONS,
      id: versionId(stateId, version),
      tenantId: options.tenantId ?? null,
      data: entry,
    });
    return entry;
  }

  /** The latest version, or the given one; undefined when absent. */
  async load<T extends StateData>(stateId: string, version?: number): Promise<StateVersion<T> | undefined> {
    checkId(stateId);
    let v = version;
    if (v === undefined) {
      const head = await this.deps.store.documents.get<Head>(HEADS, stateId);
      if (!head) return undefined;
      v = head.data.version;
      this.heads.set(stateId, v);
    }
    return (await this.deps.store.documents.get<StateVersion<T>>(VERSIONS, versionId(stateId, v)))?.data;
  }

  /**
   * Reads, applies `fn` and saves, retrying when another writer got in between; `fn` may run more
   * than once and must be pure. `fn` receives undefined when the state does not exist yet.
   */
  async update<T extends StateData>(
    stateId: string,
    fn: (current: T | undefined) => T,
    options: { attempts?: number; reason?: string } = {},
  ): Promise<StateVersion<T>> {
    const attempts = options.attempts ?? 10;
    for (let attempt = 1; ; attempt++) {
      const current = await this.load<T>(stateId);
      try {
        return await this.save(stateId, fn(current?.data), {
          expectedVersion: current?.version ?? 0,
          ...(options.reason === undefined ? {} : { reason: options.reason }),
        });
      } catch (err) {
        if (!isPlatformError(err, 'CONFLICT') || attempt >= attempts) throw err;
      }
    }
  }

  /** Shallow-merges `partial` into the current state (or starts one). */
  merge<T extends StateData>(stateId: string, partial: Partial<T>): Promise<StateVersion<T>> {
    return this.update<T>(stateId, (current) => ({ ...(current ?? {}), ...partial }) as T);
  }

  /** Tags a version (the latest by default) as a snapshot; NOT_FOUND when it does not exist. */
  async snapshot(stateId: string, tags: string[], version?: number): Promise<StateVersion> {
    const target = await this.load(stateId, version);
    if (!target)
      throw new PlatformError('NOT_FOUND', `State ${stateId} version ${version ?? 'latest'} does not exist`, {
        details: { stateId },
      });
    const doc = await this.deps.store.documents.modify<StateVersion>(
      VERSIONS,
      versionId(stateId, target.version),
      (v) => ({ ...v, tags: [...new Set([...v.tags, ...tags])] }),
    );
    return doc.data;
  }

  /** The newest version carrying `tag`. */
  async findSnapshot(stateId: string, tag: string): Promise<StateVersion | undefined> {
    for (const v of await this.history(stateId, { limit: 1000 })) if (v.tags.includes(tag)) return v;
    return undefined;
  }

  async diff(stateId: string, fromVersion: number, toVersion: number): Promise<StateDiff> {
    const [a, b] = await Promise.all([this.load(stateId, fromVersion), this.load(stateId, toVersion)]);
    if (!a || !b) {
      throw new PlatformError(
        'NOT_FOUND',
        `State ${stateId} version ${!a ? fromVersion : toVersion} does not exist`,
        { details: { stateId } },
      );
    }
    return diffStates(a.data, b.data);
  }

  /** Makes the data of `version` current again, as a new version (history is never rewritten). */
  async rollback(stateId: string, version: number): Promise<StateVersion> {
    const target = await this.load(stateId, version);
    if (!target)
      throw new PlatformError('NOT_FOUND', `State ${stateId} version ${version} does not exist`, {
        details: { stateId, version },
      });
    return this.update(stateId, () => target.data, { reason: `rollback to v${version}` });
  }

  /** Versions newest first. */
  async history(stateId: string, options: { limit?: number } = {}): Promise<StateVersion[]> {
    checkId(stateId);
    const page = await this.deps.store.documents.list<StateVersion>(VERSIONS, {
      where: { stateId },
      order: 'desc',
      limit: options.limit ?? 50,
    });
    return page.items.map((d) => d.data);
  }
}
