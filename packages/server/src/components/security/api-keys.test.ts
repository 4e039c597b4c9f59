import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import type { SqlStore } from '../../store/sql-store.js';
import { testStoreBackends } from '../testing/test-stores.js';
import { allowsJobType, API_KEY_COLLECTION, createApiKeyService, isApiKey } from './api-keys.js';

const backends = await testStoreBackends();

describe.each(backends)('API keys on $name', (backend) => {
  const clock = new FakeClock();
  let store: SqlStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await backend.open(clock));
  });
  afterAll(async () => cleanup());

  it('verifies a created key, keeps only a hash of its secret and refuses altered or revoked keys', async () => {
    const keys = createApiKeyService({ documents: store.documents, clock });
    const { key, record } = await keys.create({
      tenantId: 't1',
      name: 'payments worker',
      jobTypes: ['payments.*'],
      createdBy: 'cli',
    });
    expect(isApiKey(key)).toBe(true);
    expect(await keys.verify(key)).toEqual({
      keyId: record.id,
      tenantId: 't1',
      name: 'payments worker',
      jobTypes: ['payments.*'],
    });
    const stored = await store.documents.get<{ hash: string }>(API_KEY_COLLECTION, record.id);
    // The secret is everything after the id (base64url, so it may itself hold '_').
    const secret = /^wak_[A-Za-z0-9]{12}_(.+)$/.exec(key)![1]!;
    expect(JSON.stringify(stored?.data)).not.toContain(secret);
    const altered = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    await expect(keys.verify(altered)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      details: { reason: 'unknown' },
    });
    await expect(keys.verify('wak_nope')).rejects.toMatchObject({ details: { reason: 'malformed' } });
    expect((await keys.list('t1')).map((k) => k.id)).toContain(record.id);
    await keys.revoke(record.id);
    await expect(keys.verify(key)).rejects.toMatchObject({ details: { reason: 'revoked' } });
    await expect(keys.revoke('missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('allowsJobType', () => {
  it('matches exact names and prefixes ending in *', () => {
    expect(allowsJobType({ jobTypes: ['payments.*'] }, 'payments.charge')).toBe(true);
    expect(allowsJobType({ jobTypes: ['payments.*'] }, 'shipping.send')).toBe(false);
    expect(allowsJobType({ jobTypes: ['a.b'] }, 'a.bc')).toBe(false);
    expect(allowsJobType({ jobTypes: ['*'] }, 'anything')).toBe(true);
  });
});
