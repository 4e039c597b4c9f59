// The workforce's run ledger: one stored record per unit of work, keyed by its work key (task id,
// event id or schedule slot), so a redelivered request, a second worker process or a cron firing in
// every process runs the work once. A claim left by a crashed worker is taken over after its lease.
import type { Clock } from '../../clock.js';
import { isPlatformError, type SerializedError } from '../../errors.js';
import type { Ids } from '../../ids.js';
import type { Store, StoredDocument } from '../../store/store.js';

export const WORK_RUNS = 'workforce_runs';

export type WorkStatus = 'running' | 'done' | 'failed' | 'released' | 'skipped';

/** What a finished unit of work left behind. */
export interface WorkResult {
  deliverableId: string;
  /** Customer-visible status: waiting in the approvals inbox, or published. */
  status: 'pending_approval' | 'published';
  approvalId: string | null;
  /**
   * Only on records written before decision 0074: the runtime's second copy of the content (an
   * artifact, still readable in the artifact store). New records keep the content once, in `deliverableId`.
   */
  runtimeDeliverableId?: string | null;
  method: 'offline' | 'model';
  checksPassed: boolean;
  summary: string;
  /** The publish decision's receipt. */
  decisionId: string | null;
}

export interface WorkRecord {
  workKey: string;
  instanceId: string;
  tenantId: string;
  agentId: string;
  skillId: string;
  /** What started it: `task`, `event:<type>`, `cron:<trigger>`. */
  source: string;
  status: WorkStatus;
  attempts: number;
  claimedAt: number;
  finishedAt: number | null;
  result: WorkResult | null;
  error: SerializedError | null;
  /** Why it was skipped (e.g. the trial budget is used up). */
  reason: string | null;
  /** The delivery that claimed it (a bus message id), when there is one. */
  owner: string | null;
  /** The worker process that claimed it last (records written before workers were named lack it). */
  worker?: string;
}

export type ClaimResult =
  | { claimed: true; record: StoredDocument<WorkRecord> }
  | { claimed: false; record: StoredDocument<WorkRecord> };

export interface WorkLedgerOptions {
  store: Store;
  clock: Clock;
  ids: Ids;
  /** A `running` claim older than this is presumed abandoned and may be taken over (default 10 min). */
  leaseMs?: number;
  /** This worker process's identity, recorded on each claim (shows how work splits across workers). */
  worker?: string;
}

export class WorkLedger {
  private readonly leaseMs: number;

  constructor(private readonly o: WorkLedgerOptions) {
    this.leaseMs = o.leaseMs ?? 10 * 60_000;
  }

  /**
   * Claims `workKey`: true when this caller must run the work (first claim, a released claim, a lease
   * that ran out, or a claim by this same `owner` — the bus redelivers a message only when its earlier
   * delivery was lost); false with the existing record when it is done, skipped, failed for good, or
   * running elsewhere.
   */
  async claim(
    input: Pick<WorkRecord, 'workKey' | 'instanceId' | 'tenantId' | 'agentId' | 'skillId' | 'source'>,
    owner: string | null = null,
  ): Promise<ClaimResult> {
    const now = this.o.clock.now();
    const fresh: WorkRecord = {
      ...input,
      owner,
      status: 'running',
      attempts: 1,
      claimedAt: now,
      finishedAt: null,
      result: null,
      error: null,
      reason: null,
      ...(this.o.worker === undefined ? {} : { worker: this.o.worker }),
    };
    const { document, created } = await this.o.store.documents.insert<WorkRecord>({
      collection: WORK_RUNS,
      id: this.o.ids.next('wrk'),
      tenantId: input.tenantId,
      key: input.workKey,
      data: fresh,
    });
    if (created) return { claimed: true, record: document };
    const d = document.data;
    const abandoned =
      d.status === 'running' && (now - d.claimedAt >= this.leaseMs || (owner !== null && d.owner === owner));
    if (d.status !== 'released' && !abandoned) return { claimed: false, record: document };
    try {
      const taken = await this.o.store.documents.update<WorkRecord>(
        WORK_RUNS,
        document.id,
        {
          ...d,
          status: 'running',
          attempts: d.attempts + 1,
          claimedAt: now,
          owner,
          ...(this.o.worker === undefined ? {} : { worker: this.o.worker }),
        },
        { expectedVersion: document.version },
      );
      return { claimed: true, record: taken };
    } catch (err) {
      // Another worker took it over between our read and write: it runs the work, not us.
      if (!isPlatformError(err, 'CONFLICT')) throw err;
      const current = await this.o.store.documents.get<WorkRecord>(WORK_RUNS, document.id);
      return { claimed: false, record: current ?? document };
    }
  }

  /** Marks the claim done with its result. */
  finish(id: string, result: WorkResult): Promise<StoredDocument<WorkRecord>> {
    return this.settle(id, { status: 'done', result, error: null });
  }

  /** Marks the claim failed for good (bad input, unknown skill): redelivery will not run it again. */
  fail(id: string, error: SerializedError): Promise<StoredDocument<WorkRecord>> {
    return this.settle(id, { status: 'failed', error });
  }

  /** Gives the claim back after a transient failure so the next delivery may run it. */
  release(id: string, error: SerializedError): Promise<StoredDocument<WorkRecord>> {
    return this.settle(id, { status: 'released', error });
  }

  /**
   * Gives back a claim the caller still holds — still running, at the attempt it claimed — so
   * another worker may run the work at once (this process is stopping). False when it moved on.
   */
  async releaseIfHeld(id: string, attempts: number, error: SerializedError): Promise<boolean> {
    let released = false;
    await this.o.store.documents.modify<WorkRecord>(WORK_RUNS, id, (r) => {
      released = r.status === 'running' && r.attempts === attempts;
      return released ? { ...r, status: 'released', error, finishedAt: this.o.clock.now() } : r;
    });
    return released;
  }

  /**
   * Records that the work was not done, and why (e.g. the trial budget is used up); `error` keeps the
   * refusal's code and details so the task can say which limit stopped it.
   */
  skip(
    id: string,
    reason: string,
    error: SerializedError | null = null,
  ): Promise<StoredDocument<WorkRecord>> {
    return this.settle(id, { status: 'skipped', reason, error });
  }

  /**
   * Marks `workKey` as never to be run (its task was cancelled): a claim made later finds it skipped.
   * True when the work is now cancelled; false when it already ran, failed or runs now.
   */
  async cancel(
    input: Pick<WorkRecord, 'workKey' | 'instanceId' | 'tenantId' | 'agentId' | 'skillId' | 'source'>,
    reason: string,
  ): Promise<boolean> {
    const now = this.o.clock.now();
    const { document, created } = await this.o.store.documents.insert<WorkRecord>({
      collection: WORK_RUNS,
      id: this.o.ids.next('wrk'),
      tenantId: input.tenantId,
      key: input.workKey,
      data: {
        ...input,
        owner: null,
        status: 'skipped',
        attempts: 0,
        claimedAt: now,
        finishedAt: now,
        result: null,
        error: null,
        reason,
      },
    });
    if (created) return true;
    // Given back after a transient failure: nobody holds it, so it may still be stopped.
    if (document.data.status !== 'released') return document.data.status === 'skipped';
    let cancelled = false;
    await this.o.store.documents.modify<WorkRecord>(WORK_RUNS, document.id, (r) => {
      cancelled = r.status === 'released' || r.status === 'skipped';
      return r.status === 'released' ? { ...r, status: 'skipped', reason, finishedAt: now } : r;
    });
    return cancelled;
  }

  async get(workKey: string): Promise<WorkRecord | undefined> {
    return (await this.o.store.documents.getByKey<WorkRecord>(WORK_RUNS, workKey))?.data;
  }

  private settle(id: string, patch: Partial<WorkRecord>): Promise<StoredDocument<WorkRecord>> {
    const now = this.o.clock.now();
    return this.o.store.documents.modify<WorkRecord>(WORK_RUNS, id, (r) => ({
      ...r,
      ...patch,
      finishedAt: now,
    }));
  }
}
