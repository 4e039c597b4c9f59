// Append-only, tamper-evident audit trail: each event carries the hash of the one before it, so
// changing or removing any stored event breaks the chain and `verify()` says where.
import { createHash } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { PlatformError, isPlatformError, type JsonValue } from '../../errors.js';
import type { Page, Store } from '../../store/store.js';
import { canonicalJson } from './canonical-json.js';

export interface AuditEventInput {
  /** Who acted: a user id, an agent id, `system`. */
  actor: string;
  /** What they did: `read`, `write`, `delete`, `approve`, `dlq.discard`… */
  action: string;
  resource: string;
  result: 'success' | 'failure' | 'denied';
  tenantId?: string | null;
  details?: Record<string, JsonValue>;
}

export interface AuditEvent extends Required<Omit<AuditEventInput, 'tenantId'>> {
  seq: number;
  at: number;
  tenantId: string | null;
  prevHash: string;
  hash: string;
}

export interface AuditVerification {
  valid: boolean;
  checked: number;
  /** The first event whose hash or link does not hold. */
  brokenAt?: number;
  reason?: 'hash-mismatch' | 'broken-link' | 'gap';
}

const COLLECTION = 'audit_events';
const GENESIS = '0'.repeat(64);
const idOf = (seq: number) => `aud_${String(seq).padStart(12, '0')}`;

function hashOf(event: Omit<AuditEvent, 'hash'>): string {
  const { seq, at, actor, action, resource, result, tenantId, details, prevHash } = event;
  return createHash('sha256')
    .update(canonicalJson({ seq, at, actor, action, resource, result, tenantId, details, prevHash }))
    .digest('hex');
}

export class AuditLog {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  /** Appends an event at the end of the chain; appends from this process are serialised. */
  append(input: AuditEventInput): Promise<AuditEvent> {
    for (const field of ['actor', 'action', 'resource'] as const) {
      if (typeof input[field] !== 'string' || input[field].length === 0) {
        return Promise.reject(
          new PlatformError('VALIDATION', `${field} is required`, { details: { field } }),
        );
      }
    }
    const run = this.tail.then(() => this.appendNow(input));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async appendNow(input: AuditEventInput): Promise<AuditEvent> {
    // Another process may take the same sequence number; the id is unique, so we retry after it.
    for (let attempt = 0; attempt < 20; attempt++) {
      const last = (await this.deps.store.documents.list<AuditEvent>(COLLECTION, { order: 'desc', limit: 1 }))
        .items[0]?.data;
      const base = {
        seq: (last?.seq ?? 0) + 1,
        at: this.deps.clock.now(),
        actor: input.actor,
        action: input.action,
        resource: input.resource,
        result: input.result,
        tenantId: input.tenantId ?? null,
        details: input.details ?? {},
        prevHash: last?.hash ?? GENESIS,
      };
      const event: AuditEvent = { ...base, hash: hashOf(base) };
      try {
        await this.deps.store.documents.insert({
          collection: COLLECTION,
          id: idOf(event.seq),
          tenantId: event.tenantId,
          data: event,
        });
        return event;
      } catch (err) {
        if (!isPlatformError(err, 'CONFLICT')) throw err;
      }
    }
    throw new PlatformError('CONFLICT', 'Audit log is contended; append not recorded', { retryable: true });
  }

  /** Events oldest first; filter by tenant and actor. */
  async list(
    options: { tenantId?: string | null; actor?: string; cursor?: string; limit?: number } = {},
  ): Promise<Page<AuditEvent>> {
    const page = await this.deps.store.documents.list<AuditEvent>(COLLECTION, {
      ...(options.tenantId === undefined ? {} : { tenantId: options.tenantId }),
      ...(options.actor === undefined ? {} : { where: { actor: options.actor } }),
      ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
      limit: options.limit ?? 100,
    });
    return {
      items: page.items.map((d) => d.data),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  }

  /** Walks the whole chain and recomputes every hash. */
  async verify(): Promise<AuditVerification> {
    let prevHash = GENESIS;
    let expectedSeq = 1;
    let checked = 0;
    let cursor: string | undefined;
    do {
      const page = await this.deps.store.documents.list<AuditEvent>(COLLECTION, {
        limit: 500,
        ...(cursor === undefined ? {} : { cursor }),
      });
      for (const { data: e } of page.items) {
        if (e.seq !== expectedSeq) return { valid: false, checked, brokenAt: expectedSeq, reason: 'gap' };
        if (e.prevHash !== prevHash) return { valid: false, checked, brokenAt: e.seq, reason: 'broken-link' };
        const { hash, ...rest } = e;
        if (hashOf(rest) !== hash) return { valid: false, checked, brokenAt: e.seq, reason: 'hash-mismatch' };
        prevHash = hash;
        expectedSeq += 1;
        checked += 1;
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return { valid: true, checked };
  }
}
