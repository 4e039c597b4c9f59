import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import type { SqlStore } from '../../store/sql-store.js';
import { testStoreBackends } from '../testing/test-stores.js';
import { AuditLog, type AuditEvent } from './audit-log.js';

const backends = await testStoreBackends();

describe.each(backends)('AuditLog on $name', (backend) => {
  const clock = new FakeClock();
  let store: SqlStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await backend.open(clock));
  });
  afterAll(async () => cleanup());

  it('chains events and verifies the chain', async () => {
    const log = new AuditLog({ store, clock });
    const events = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        log.append({
          actor: `agent-${i % 3}`,
          action: 'write',
          resource: `doc:${i}`,
          result: 'success',
          tenantId: i % 2 ? 't1' : 't2',
        }),
      ),
    );
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
    expect(await log.verify()).toEqual({ valid: true, checked: 12 });
    expect((await log.list({ tenantId: 't1' })).items).toHaveLength(6);
    expect((await log.list({ actor: 'agent-0' })).items.map((e) => e.resource)).toEqual([
      'doc:0',
      'doc:3',
      'doc:6',
      'doc:9',
    ]);
  });

  it('detects an edited event and a removed one', async () => {
    const log = new AuditLog({ store, clock });
    const edited = (await store.documents.get<AuditEvent>('audit_events', 'aud_000000000005'))!;
    await store.documents.update('audit_events', edited.id, { ...edited.data, result: 'denied' });
    expect(await log.verify()).toMatchObject({ valid: false, brokenAt: 5, reason: 'hash-mismatch' });
    await store.documents.update('audit_events', edited.id, edited.data);
    expect((await log.verify()).valid).toBe(true);
    await store.documents.delete('audit_events', 'aud_000000000007');
    expect(await log.verify()).toMatchObject({ valid: false, brokenAt: 7, reason: 'gap' });
  });

  it('requires actor, action and resource', async () => {
    await expect(
      new AuditLog({ store, clock }).append({ actor: '', action: 'x', resource: 'y', result: 'success' }),
    ).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'actor' } });
  });
});
