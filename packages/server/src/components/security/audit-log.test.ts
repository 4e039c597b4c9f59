import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import type { SqlStore } from '../../store/sql-store.js';
import { testStoreBackends } from '../testing/test-stores.js';
import { MemoryAuditAnchor } from './audit-anchor.js';
import { AuditLog, auditEntryHash, entryMessage, type AuditEntry } from './audit-log.js';
import { createAuditSigner, generateAuditSigningKey } from './audit-signer.js';

const backends = await testStoreBackends();
const signer = createAuditSigner(generateAuditSigningKey());
const ENTRIES = 30;

type Row = Record<string, unknown>;
const columns = [
  'seq',
  'at',
  'actor',
  'action',
  'resource',
  'result',
  'tenant_id',
  'details',
  'prev_hash',
  'hash',
  'key_id',
  'signature',
] as const;

/** Lifts the database's append-only guard, as an attacker with DDL rights would. */
async function dropGuard(store: SqlStore): Promise<void> {
  if (store.dialect === 'sqlite') {
    await sql`DROP TRIGGER audit_entries_no_update`.execute(store.db);
    await sql`DROP TRIGGER audit_entries_no_delete`.execute(store.db);
  } else {
    await sql`ALTER TABLE audit_entries DISABLE TRIGGER USER`.execute(store.db);
  }
}

async function rows(store: SqlStore): Promise<Row[]> {
  return (await sql<Row>`SELECT * FROM audit_entries ORDER BY seq`.execute(store.db)).rows;
}

async function restore(store: SqlStore, snapshot: Row[]): Promise<void> {
  await sql`DELETE FROM audit_entries`.execute(store.db);
  for (const r of snapshot) await store.db.insertInto('audit_entries').values(r).execute();
}

function toEntry(r: Row): AuditEntry {
  return {
    seq: Number(r.seq),
    at: Number(r.at),
    actor: String(r.actor),
    action: String(r.action),
    resource: String(r.resource),
    result: r.result as AuditEntry['result'],
    tenantId: (r.tenant_id as string | null) ?? null,
    details: String(r.details),
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
    keyId: (r.key_id as string | null) ?? null,
    signature: (r.signature as string | null) ?? null,
  };
}

describe.each(backends)('AuditLog on $name', (backend) => {
  const clock = new FakeClock(Date.UTC(2026, 0, 5));
  let store: SqlStore;
  let cleanup: () => Promise<void>;
  let anchor: MemoryAuditAnchor;
  let log: AuditLog;
  let snapshot: Row[];

  beforeAll(async () => {
    ({ store, cleanup } = await backend.open(clock));
    anchor = new MemoryAuditAnchor();
    log = new AuditLog({ store, clock, signer, anchor });
    await Promise.all(
      Array.from({ length: ENTRIES }, (_, i) =>
        log.append({
          actor: `user:u${i % 3}`,
          action: i % 4 === 0 ? 'auth.login.failed' : 'auth.login',
          resource: `user:u${i % 3}`,
          result: i % 4 === 0 ? 'failure' : 'success',
          tenantId: i % 2 ? 't1' : 't2',
          details: { attempt: i, address: '203.0.113.7', nested: { ok: i % 5 === 0 } },
        }),
      ),
    );
    snapshot = await rows(store);
  });
  afterAll(async () => cleanup());

  it('chains, signs and anchors every entry, and verifies the chain', async () => {
    const entries = snapshot.map(toEntry);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: ENTRIES }, (_, i) => i + 1));
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(entries.every((e) => e.keyId === signer.keyId && e.signature)).toBe(true);
    expect(await anchor.read()).toMatchObject({ seq: ENTRIES, hash: entries.at(-1)!.hash });
    expect(await log.verify()).toMatchObject({
      valid: true,
      checked: ENTRIES,
      lastSeq: ENTRIES,
      signed: true,
    });
  });

  it('lists with filters, both orders and cursors', async () => {
    expect((await log.list({ tenantId: 't1', limit: 1000 })).items).toHaveLength(ENTRIES / 2);
    expect((await log.list({ action: 'auth.login.failed', limit: 1000 })).items.map((e) => e.seq)).toEqual([
      1, 5, 9, 13, 17, 21, 25, 29,
    ]);
    expect((await log.list({ action: 'auth.', limit: 1000 })).items).toHaveLength(ENTRIES);
    expect((await log.list({ action: 'auth', limit: 1000 })).items).toHaveLength(0);
    const first = await log.list({ order: 'desc', limit: 7, actor: 'user:u0' });
    expect(first.items.map((e) => e.seq)).toEqual([28, 25, 22, 19, 16, 13, 10]);
    expect(first.items[0]!.details).toEqual({ attempt: 27, address: '203.0.113.7', nested: { ok: false } });
    const second = await log.list({ order: 'desc', limit: 7, actor: 'user:u0', cursor: first.nextCursor! });
    expect(second.items.map((e) => e.seq)).toEqual([7, 4, 1]);
    expect(second.nextCursor).toBeUndefined();
    await expect(log.list({ cursor: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('requires actor, action, resource and a known result', async () => {
    await expect(
      log.append({ actor: '', action: 'x', resource: 'y', result: 'success' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'actor' },
    });
    await expect(
      log.append({ actor: 'a', action: 'x', resource: 'y', result: 'ok' as 'success' }),
    ).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'result' } });
  });

  it('refuses UPDATE and DELETE in the database itself (append-only)', async () => {
    await expect(
      sql`UPDATE audit_entries SET result = 'denied' WHERE seq = 3`.execute(store.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_entries WHERE seq = ${ENTRIES}`.execute(store.db)).rejects.toThrow(
      /append-only/,
    );
    expect((await log.verify()).valid).toBe(true);
  });

  describe('tampering by someone who can write the database but does not hold the signing key', () => {
    beforeAll(async () => dropGuard(store));

    async function tampered(change: () => Promise<void>) {
      try {
        await change();
        return await log.verify();
      } finally {
        await restore(store, snapshot);
      }
    }

    it('detects every fuzzed edit of any field of any entry, naming that entry', async () => {
      const editable = columns.filter((c) => c !== 'seq');
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: ENTRIES }),
          fc.constantFrom(...editable),
          fc.oneof(
            fc.string({ maxLength: 40 }).filter((s) => !s.includes('\u0000')),
            fc.integer().map(String),
            fc.constantFrom('success', 'failure', 'denied', 't1', 't2', '{}', 'user:u0'),
          ),
          async (seq, column, raw) => {
            const original = snapshot[seq - 1]!;
            const value = column === 'at' ? Number(raw.length) + 1 : raw;
            fc.pre(String(original[column]) !== String(value));
            const verdict = await tampered(async () => {
              await store.db
                .updateTable('audit_entries')
                .set({ [column]: value })
                .where('seq', '=', seq)
                .execute();
            });
            expect(verdict.valid).toBe(false);
            expect(verdict.brokenAt).toBe(seq);
          },
        ),
        { numRuns: 60 },
      );
    });

    it('detects a renumbered entry and a reordering of two entries', async () => {
      const moved = await tampered(async () => {
        await sql`UPDATE audit_entries SET seq = 1000 WHERE seq = 12`.execute(store.db);
      });
      expect(moved).toMatchObject({ valid: false, brokenAt: 12, reason: 'gap' });
      const swapped = await tampered(async () => {
        await sql`UPDATE audit_entries SET seq = -1 WHERE seq = 8`.execute(store.db);
        await sql`UPDATE audit_entries SET seq = 8 WHERE seq = 9`.execute(store.db);
        await sql`UPDATE audit_entries SET seq = 9 WHERE seq = -1`.execute(store.db);
      });
      expect(swapped).toMatchObject({ valid: false, brokenAt: 8 });
    });

    it('detects deletions in the middle, of the tail, and the truncation of everything', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: ENTRIES - 1 }), async (seq) => {
          const verdict = await tampered(async () => {
            await sql`DELETE FROM audit_entries WHERE seq = ${seq}`.execute(store.db);
          });
          expect(verdict).toMatchObject({ valid: false, brokenAt: seq, reason: 'gap' });
        }),
        { numRuns: 15 },
      );
      for (const keep of [ENTRIES - 1, ENTRIES - 5, 0]) {
        const verdict = await tampered(async () => {
          await sql`DELETE FROM audit_entries WHERE seq > ${keep}`.execute(store.db);
        });
        expect(verdict).toMatchObject({ valid: false, brokenAt: keep + 1, reason: 'truncated' });
        expect(verdict.message).toContain(`checkpointed at ${ENTRIES}`);
      }
    });

    it('detects an edit whose chain was recomputed after it (hashes right, signatures not)', async () => {
      for (const target of [1, 17, ENTRIES]) {
        const forger = createAuditSigner(generateAuditSigningKey());
        for (const resign of [false, true]) {
          const verdict = await tampered(async () => {
            let prevHash = target === 1 ? '0'.repeat(64) : String(snapshot[target - 2]!.hash);
            for (const r of snapshot.slice(target - 1)) {
              const e = toEntry(r);
              const content = {
                ...e,
                prevHash,
                result: e.seq === target ? ('denied' as const) : e.result,
              };
              const hash = auditEntryHash(content);
              await store.db
                .updateTable('audit_entries')
                .set({
                  result: content.result,
                  prev_hash: prevHash,
                  hash,
                  ...(resign ? { key_id: signer.keyId, signature: forger.sign(entryMessage(hash)) } : {}),
                })
                .where('seq', '=', e.seq)
                .execute();
              prevHash = hash;
            }
          });
          expect(verdict).toMatchObject({ valid: false, brokenAt: target, reason: 'bad-signature' });
        }
      }
    });

    it('detects a chain rebuilt from scratch and signed with another key', async () => {
      const forger = createAuditSigner(generateAuditSigningKey());
      const verdict = await tampered(async () => {
        const forged = new AuditLog({ store, clock, signer: forger });
        await sql`DELETE FROM audit_entries`.execute(store.db);
        for (const r of snapshot.slice(0, -1)) {
          const e = toEntry(r);
          await forged.append({
            actor: e.actor,
            action: e.action,
            resource: e.resource,
            result: e.result,
            tenantId: e.tenantId,
            details: JSON.parse(e.details) as Record<string, never>,
          });
        }
      });
      expect(verdict).toMatchObject({ valid: false, brokenAt: 1, reason: 'unknown-key' });
    });

    it('still verifies once restored', async () => {
      expect(await log.verify()).toMatchObject({ valid: true, checked: ENTRIES });
    });
  });
});
