// The audit trail: append-only and hash-chained (each entry's SHA-256 covers its canonical JSON and the
// previous entry's hash), each entry signed with an Ed25519 key the database does not hold, and the
// signed head checkpointed to an anchor outside the database. `verify()` names the first bad entry of
// an edit, a deletion, a reordering, a re-chaining without the key, or a truncated tail.
import { createHash } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { PlatformError, isPlatformError, type JsonValue } from '../../errors.js';
import type { Page, Store } from '../../store/store.js';
import type { AuditEntry, AuditEntryFilter } from '../../store/repositories/audit-trail.js';
import type { Logger } from '../observability/logger.js';
import { checkpointMessage, type AuditAnchor, type AuditCheckpoint } from './audit-anchor.js';
import type { AuditSigner } from './audit-signer.js';
import { canonicalJson } from './canonical-json.js';

export type { AuditEntry } from '../../store/repositories/audit-trail.js';

export interface AuditEventInput {
  /** Who acted: `user:<id>`, an agent id, `system`, `anonymous`. */
  actor: string;
  /** What they did, dotted: `auth.login`, `auth.login.failed`, `deliverable.download`, `secret.read`… */
  action: string;
  /** What it was done to: `user:<id>`, `deliverable:<id>`, `secret:<scope>/<name>`. */
  resource: string;
  result: 'success' | 'failure' | 'denied';
  tenantId?: string | null;
  /** JSON-safe context. Never a secret, a password or a token: the trail is readable by admins. */
  details?: Record<string, JsonValue>;
}

/** An entry as read back: `details` parsed. */
export interface AuditEvent extends Omit<AuditEntry, 'details'> {
  details: Record<string, JsonValue>;
}

export type AuditFailure =
  /** An entry is missing (deleted, or the places were renumbered). */
  | 'gap'
  /** An entry's `prevHash` is not the previous entry's hash (reordered or spliced). */
  | 'broken-link'
  /** An entry's content does not hash to its stored hash (edited). */
  | 'hash-mismatch'
  /** An entry has no signature although a signing key is configured. */
  | 'unsigned'
  /** An entry's signature is not the key's signature of its hash (re-chained without the key). */
  | 'bad-signature'
  /** Signed with another key than the configured one. */
  | 'unknown-key'
  /** The chain ends before the anchored checkpoint (the tail was deleted). */
  | 'truncated'
  /** The entry at the anchored place has another hash than the checkpoint. */
  | 'anchor-mismatch'
  /** The anchored checkpoint's signature does not hold. */
  | 'anchor-signature';

export interface AuditVerification {
  valid: boolean;
  /** Entries checked before the first failure (all of them when valid). */
  checked: number;
  /** Place of the last entry in the store (0 when empty). */
  lastSeq: number;
  /** Whether signatures were checked (a signing key is configured). */
  signed: boolean;
  /** The checkpoint held outside the database, when there is one. */
  anchor?: { seq: number; at: number; location: string };
  /** Place of the first bad entry. */
  brokenAt?: number;
  reason?: AuditFailure;
  /** One line for people: what is wrong where. */
  message?: string;
}

export interface AuditListOptions {
  tenantId?: string | null;
  actor?: string;
  /** Exact action, or a prefix ending in `.` (`auth.`). */
  action?: string;
  result?: AuditEvent['result'];
  from?: number;
  to?: number;
  /** Opaque cursor from the previous page. */
  cursor?: string;
  /** 1..1000, default 100. */
  limit?: number;
  /** Oldest first by default here (the admin route asks for newest first). */
  order?: 'asc' | 'desc';
}

export interface AuditLogDeps {
  store: Store;
  clock: Clock;
  /** Signs every entry and checkpoint; without one (unit tests only) entries are unsigned. */
  signer?: AuditSigner;
  /** Where checkpoints are kept outside the database; without one, a truncated tail goes unseen. */
  anchor?: AuditAnchor;
  /** Checkpoints are written to the anchor every this many entries (default 1: after every append). */
  checkpointEvery?: number;
  /** Checkpoints are also logged every this many entries (default 100), so shipped logs anchor too. */
  logCheckpointEvery?: number;
  logger?: Logger;
}

const GENESIS = '0'.repeat(64);
const RESULTS = new Set(['success', 'failure', 'denied']);
/** Legacy entries (before 0090-audit-trail) lived in this documents collection. */
const LEGACY_COLLECTION = 'audit_events';

/** SHA-256 of an entry's canonical JSON, which includes the previous entry's hash. */
export function auditEntryHash(e: Omit<AuditEntry, 'hash' | 'keyId' | 'signature'>): string {
  const { seq, at, actor, action, resource, result, tenantId, details, prevHash } = e;
  return createHash('sha256')
    .update(canonicalJson({ v: 1, seq, at, actor, action, resource, result, tenantId, details, prevHash }))
    .digest('hex');
}

/** What an entry's signature signs. */
export const entryMessage = (hash: string) => `waooaw-audit-entry:${hash}`;

function toEvent(e: AuditEntry): AuditEvent {
  let details: Record<string, JsonValue>;
  try {
    details = JSON.parse(e.details) as Record<string, JsonValue>;
  } catch {
    details = { unreadable: e.details };
  }
  return { ...e, details };
}

export class AuditLog {
  private tail: Promise<unknown> = Promise.resolve();
  private appended = 0;

  constructor(private readonly deps: AuditLogDeps) {}

  /** Whether entries are signed (a signing key is configured). */
  get signed(): boolean {
    return this.deps.signer !== undefined;
  }

  /** Appends an entry at the end of the chain; appends from this process are serialised. */
  append(input: AuditEventInput): Promise<AuditEvent> {
    for (const field of ['actor', 'action', 'resource'] as const) {
      if (typeof input[field] !== 'string' || input[field].length === 0) {
        return Promise.reject(
          new PlatformError('VALIDATION', `${field} is required`, { details: { field } }),
        );
      }
    }
    if (!RESULTS.has(input.result))
      return Promise.reject(
        new PlatformError('VALIDATION', 'result must be success, failure or denied', {
          details: { field: 'result' },
        }),
      );
    const run = this.tail.then(() => this.appendNow(input, this.deps.clock.now()));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async appendNow(
    input: AuditEventInput,
    at: number,
    store = this.deps.store,
    anchor = true,
  ): Promise<AuditEvent> {
    // Another process may take the same place; the place is the key, so we retry after it.
    for (let attempt = 0; attempt < 20; attempt++) {
      const last = await store.audit.last();
      const base = {
        seq: (last?.seq ?? 0) + 1,
        at,
        actor: input.actor,
        action: input.action,
        resource: input.resource,
        result: input.result,
        tenantId: input.tenantId ?? null,
        details: canonicalJson(input.details ?? {}),
        prevHash: last?.hash ?? GENESIS,
      };
      const hash = auditEntryHash(base);
      const signer = this.deps.signer;
      const entry: AuditEntry = {
        ...base,
        hash,
        keyId: signer?.keyId ?? null,
        signature: signer ? signer.sign(entryMessage(hash)) : null,
      };
      try {
        await store.audit.append(entry);
      } catch (err) {
        if (isPlatformError(err, 'CONFLICT')) continue;
        throw err;
      }
      if (anchor) await this.afterAppend(entry);
      return toEvent(entry);
    }
    throw new PlatformError('CONFLICT', 'Audit log is contended; append not recorded', { retryable: true });
  }

  private async afterAppend(entry: AuditEntry): Promise<void> {
    this.appended += 1;
    const every = this.deps.checkpointEvery ?? 1;
    const logEvery = this.deps.logCheckpointEvery ?? 100;
    if (this.appended % every === 0 || this.appended % logEvery === 0) {
      const checkpoint = this.sign(entry);
      if (!checkpoint) return;
      if (this.appended % every === 0) await this.anchorCheckpoint(checkpoint);
      if (this.appended % logEvery === 0)
        this.deps.logger?.info({ auditCheckpoint: checkpoint }, 'audit checkpoint');
    }
  }

  private sign(head: Pick<AuditEntry, 'seq' | 'hash'>): AuditCheckpoint | undefined {
    const signer = this.deps.signer;
    if (!signer) return undefined;
    const body = { seq: head.seq, hash: head.hash, at: this.deps.clock.now() };
    return { ...body, keyId: signer.keyId, signature: signer.sign(checkpointMessage(body)) };
  }

  private async anchorCheckpoint(checkpoint: AuditCheckpoint): Promise<void> {
    try {
      await this.deps.anchor?.write(checkpoint);
    } catch (err) {
      // The entry is stored; a missed checkpoint only weakens truncation detection until the next one.
      this.deps.logger?.error({ err, seq: checkpoint.seq }, 'audit checkpoint could not be anchored');
    }
  }

  /** Signs the current head and writes it to the anchor (also logged); undefined when unsigned or empty. */
  async checkpoint(): Promise<AuditCheckpoint | undefined> {
    await this.tail;
    return this.checkpointNow();
  }

  private async checkpointNow(): Promise<AuditCheckpoint | undefined> {
    const last = await this.deps.store.audit.last();
    if (!last) return undefined;
    const checkpoint = this.sign(last);
    if (!checkpoint) return undefined;
    await this.anchorCheckpoint(checkpoint);
    this.deps.logger?.info({ auditCheckpoint: checkpoint }, 'audit checkpoint');
    return checkpoint;
  }

  /** Entries matching every filter, oldest first unless `order: 'desc'`. */
  async list(options: AuditListOptions = {}): Promise<Page<AuditEvent>> {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
    let afterSeq: number | undefined;
    if (options.cursor !== undefined) {
      afterSeq = Number(options.cursor);
      if (!/^\d{1,15}$/.test(options.cursor))
        throw new PlatformError('BAD_REQUEST', 'cursor is malformed', { details: { field: 'cursor' } });
    }
    const filter: AuditEntryFilter = {
      order: options.order ?? 'asc',
      limit: limit + 1,
      ...(options.tenantId === undefined ? {} : { tenantId: options.tenantId }),
      ...(options.actor === undefined ? {} : { actor: options.actor }),
      ...(options.action === undefined ? {} : { action: options.action }),
      ...(options.result === undefined ? {} : { result: options.result }),
      ...(options.from === undefined ? {} : { from: options.from }),
      ...(options.to === undefined ? {} : { to: options.to }),
      ...(afterSeq === undefined ? {} : { afterSeq }),
    };
    const rows = await this.deps.store.audit.list(filter);
    const items = rows.slice(0, limit).map(toEvent);
    return rows.length > limit ? { items, nextCursor: String(items.at(-1)!.seq) } : { items };
  }

  /** Walks the whole chain: places, links, hashes, signatures, then the anchored checkpoint. */
  async verify(): Promise<AuditVerification> {
    await this.tail;
    const signer = this.deps.signer;
    const anchor = this.deps.anchor;
    const checkpoint = await anchor?.read();
    const result = (v: Omit<AuditVerification, 'signed' | 'anchor'>): AuditVerification => ({
      ...v,
      signed: signer !== undefined,
      ...(checkpoint && anchor
        ? { anchor: { seq: checkpoint.seq, at: checkpoint.at, location: anchor.location } }
        : {}),
    });
    const fail = (
      checked: number,
      lastSeq: number,
      brokenAt: number,
      reason: AuditFailure,
      message: string,
    ) =>
      result({ valid: false, checked, lastSeq, brokenAt, reason, message: `entry ${brokenAt}: ${message}` });

    let prevHash = GENESIS;
    let expected = 1;
    let checked = 0;
    let hashAtCheckpoint: string | undefined;
    for (;;) {
      const page = await this.deps.store.audit.chain(expected - 1, 1000);
      if (page.length === 0) break;
      for (const e of page) {
        if (e.seq !== expected)
          return fail(checked, expected - 1, expected, 'gap', `missing (the next stored entry is ${e.seq})`);
        if (e.prevHash !== prevHash)
          return fail(checked, e.seq, e.seq, 'broken-link', 'does not follow the entry before it');
        const { hash, keyId, signature, ...content } = e;
        if (auditEntryHash(content) !== hash)
          return fail(checked, e.seq, e.seq, 'hash-mismatch', 'content does not match its hash (edited)');
        if (signer) {
          if (signature === null) return fail(checked, e.seq, e.seq, 'unsigned', 'has no signature');
          if (keyId !== signer.keyId)
            return fail(
              checked,
              e.seq,
              e.seq,
              'unknown-key',
              `signed with key ${keyId}, not ${signer.keyId}`,
            );
          if (!signer.verify(entryMessage(hash), signature))
            return fail(
              checked,
              e.seq,
              e.seq,
              'bad-signature',
              'signature does not hold (re-chained or forged)',
            );
        }
        if (checkpoint && e.seq === checkpoint.seq) hashAtCheckpoint = hash;
        prevHash = hash;
        expected += 1;
        checked += 1;
      }
    }
    const lastSeq = expected - 1;
    if (checkpoint) {
      if (
        signer &&
        (checkpoint.keyId !== signer.keyId ||
          !signer.verify(checkpointMessage(checkpoint), checkpoint.signature))
      )
        return fail(
          checked,
          lastSeq,
          checkpoint.seq,
          'anchor-signature',
          'the anchored checkpoint is not validly signed',
        );
      if (lastSeq < checkpoint.seq)
        return fail(
          checked,
          lastSeq,
          lastSeq + 1,
          'truncated',
          `missing: the chain ends at ${lastSeq} but was checkpointed at ${checkpoint.seq}`,
        );
      if (hashAtCheckpoint !== checkpoint.hash)
        return fail(
          checked,
          lastSeq,
          checkpoint.seq,
          'anchor-mismatch',
          'differs from the anchored checkpoint',
        );
    }
    return result({ valid: true, checked, lastSeq });
  }

  /**
   * Moves entries of the pre-0090 trail (a documents collection, hashed without signatures) into the
   * signed chain, oldest first, each with its old place and hash in `details.legacy`. Idempotent: each
   * entry moves in one transaction with the deletion of its document.
   */
  async importLegacy(): Promise<number> {
    const run = this.tail.then(() => this.moveLegacy());
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async moveLegacy(): Promise<number> {
    let moved = 0;
    for (;;) {
      const page = await this.deps.store.documents.list<LegacyEvent>(LEGACY_COLLECTION, { limit: 200 });
      if (page.items.length === 0) {
        if (moved > 0) await this.checkpointNow();
        return moved;
      }
      for (const doc of page.items) {
        const e = doc.data;
        const entry = await this.deps.store.transaction(async (tx) => {
          const appended = await this.appendNow(
            {
              actor: e.actor || 'system',
              action: e.action || 'unknown',
              resource: e.resource || 'unknown',
              result: RESULTS.has(e.result) ? e.result : 'success',
              tenantId: e.tenantId ?? null,
              details: { ...(e.details ?? {}), legacy: { seq: e.seq ?? null, hash: e.hash ?? null } },
            },
            typeof e.at === 'number' ? e.at : this.deps.clock.now(),
            tx,
            false, // anchored after the commit, below
          );
          await tx.documents.delete(LEGACY_COLLECTION, doc.id);
          return appended;
        });
        if (entry) moved += 1;
      }
    }
  }
}

interface LegacyEvent {
  seq?: number;
  at?: number;
  actor: string;
  action: string;
  resource: string;
  result: AuditEvent['result'];
  tenantId?: string | null;
  details?: Record<string, JsonValue>;
  hash?: string;
}
