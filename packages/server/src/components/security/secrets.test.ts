import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { configSchema } from '../../config.js';
import type { SqlStore } from '../../store/sql-store.js';
import { createLogger } from '../observability/logger.js';
import { testStoreBackends } from '../testing/test-stores.js';
import { AuditLog } from './audit-log.js';
import { generateMasterKey, parseMasterKey } from './envelope.js';
import { resolveSecretReferences } from './secret-references.js';
import { StoreSecrets } from './store-secrets.js';

const backends = await testStoreBackends();
const VALUE = 'sk-live-THIS-IS-THE-SECRET-VALUE-0123456789';
const system = { actor: 'user:u1', purpose: 'test' };

describe.each(backends)('StoreSecrets on $name', (backend) => {
  const clock = new FakeClock(Date.UTC(2026, 0, 5));
  let store: SqlStore;
  let cleanup: () => Promise<void>;
  let audit: AuditLog;
  const masterKey = generateMasterKey();
  let secrets: StoreSecrets;

  beforeAll(async () => {
    ({ store, cleanup } = await backend.open(clock));
    audit = new AuditLog({ store, clock });
    secrets = new StoreSecrets({ store, clock, audit, masterKey });
  });
  afterAll(async () => cleanup());

  const dump = async () =>
    JSON.stringify((await sql`SELECT * FROM secrets`.execute(store.db)).rows, (_k, v: unknown) =>
      typeof v === 'bigint' ? String(v) : v,
    );

  it('stores a value encrypted, returns metadata only, and reveals it with an audited read', async () => {
    const meta = await secrets.put({ tenantId: 't1', name: 'openai-key' }, VALUE, system);
    expect(meta).toEqual({
      tenantId: 't1',
      name: 'openai-key',
      version: 1,
      masterKeyId: secrets.masterKeyId,
      createdBy: 'user:u1',
      createdAt: clock.now(),
      updatedAt: clock.now(),
    });
    expect(JSON.stringify(meta)).not.toContain(VALUE);
    expect(await dump()).not.toContain(VALUE);
    expect(await dump()).not.toContain(Buffer.from(VALUE).toString('base64').slice(0, 20));
    expect(JSON.stringify(await secrets.list('t1'))).not.toContain(VALUE);

    expect(
      await secrets.reveal(
        { tenantId: 't1', name: 'openai-key' },
        { actor: 'agent:a1', purpose: 'model call' },
      ),
    ).toBe(VALUE);
    const reads = (await audit.list({ action: 'secret.read' })).items;
    expect(reads.at(-1)).toMatchObject({
      actor: 'agent:a1',
      resource: 'secret:t1/openai-key',
      result: 'success',
      tenantId: 't1',
      details: { purpose: 'model call', version: 1 },
    });
    expect(JSON.stringify((await audit.list({ limit: 1000 })).items)).not.toContain(VALUE);
  });

  it('keeps tenants apart and audits a read of what is not there', async () => {
    await expect(secrets.reveal({ tenantId: 't2', name: 'openai-key' }, system)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await secrets.list('t2')).toEqual([]);
    expect(await secrets.list(null)).toEqual([]);
    expect((await audit.list({ action: 'secret.read', result: 'failure' })).items.at(-1)).toMatchObject({
      resource: 'secret:t2/openai-key',
      details: { reason: 'not-found' },
    });
  });

  it('replaces a value with a fresh data key and a new version', async () => {
    const before = (await store.secrets.get('t1/openai-key'))!;
    await clock.advance(1000);
    const meta = await secrets.put({ tenantId: 't1', name: 'openai-key' }, `${VALUE}-2`, system);
    expect(meta).toMatchObject({ version: 2, createdAt: before.createdAt, updatedAt: clock.now() });
    const after = (await store.secrets.get('t1/openai-key'))!;
    expect(after.wrappedKey).not.toBe(before.wrappedKey);
    expect(await secrets.reveal({ tenantId: 't1', name: 'openai-key' }, system)).toBe(`${VALUE}-2`);
    expect((await audit.list({ action: 'secret.replace' })).items).toHaveLength(1);
  });

  it('refuses bad names and empty values', async () => {
    await expect(secrets.put({ tenantId: 't1', name: 'a/b' }, 'x', system)).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'name' },
    });
    await expect(secrets.put({ tenantId: 't1', name: 'ok' }, '', system)).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'value' },
    });
  });

  it('fails the integrity check of a ciphertext moved to another secret', async () => {
    await secrets.put({ tenantId: 't2', name: 'github-token' }, 'ghp_other', system);
    const moved = (await store.secrets.get('t1/openai-key'))!;
    await store.secrets.put({ ...moved, scopeKey: 't2/github-token', tenantId: 't2', name: 'github-token' });
    await expect(secrets.reveal({ tenantId: 't2', name: 'github-token' }, system)).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringContaining('integrity') as string,
    });
    await secrets.put({ tenantId: 't2', name: 'github-token' }, 'ghp_other', system);
  });

  it('fails clearly with a wrong master key, at start-up and on read', async () => {
    const wrong = new StoreSecrets({
      store,
      clock,
      audit,
      masterKey: generateMasterKey(),
      masterKeySource: 'WAOOAW_MASTER_KEY',
    });
    await expect(wrong.checkMasterKey()).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('encrypted with another master key') as string,
    });
    await expect(wrong.reveal({ tenantId: 't1', name: 'openai-key' }, system)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      details: { key: 'WAOOAW_MASTER_KEY', expected: secrets.masterKeyId },
    });
    await expect(secrets.checkMasterKey()).resolves.toBeUndefined();
  });

  it('rotates the master key, re-encrypting every secret under fresh data keys', async () => {
    await secrets.put({ tenantId: null, name: 'smtp-url' }, 'smtp://u:p@mail:25', system);
    const before = await store.secrets.page('', 100);
    const oldKey = masterKey;
    const next = generateMasterKey();
    // A holder of the wrong current key cannot rotate, and changes nothing by trying.
    const wrong = new StoreSecrets({ store, clock, audit, masterKey: generateMasterKey() });
    await expect(wrong.rotateMasterKey(next, system)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    expect(await store.secrets.page('', 100)).toEqual(before);

    const result = await secrets.rotateMasterKey(next, { actor: 'cli', purpose: 'rotation' });
    expect(result).toEqual({ reencrypted: before.length, masterKeyId: parseMasterKey(next).id });
    const after = await store.secrets.page('', 100);
    for (const [i, row] of after.entries()) {
      expect(row.masterKeyId).toBe(result.masterKeyId);
      expect(row.wrappedKey).not.toBe(before[i]!.wrappedKey);
      expect(row.ciphertext).not.toBe(before[i]!.ciphertext);
      expect(row.version).toBe(before[i]!.version + 1);
    }
    const reopened = new StoreSecrets({ store, clock, audit, masterKey: next });
    await expect(reopened.checkMasterKey()).resolves.toBeUndefined();
    expect(await reopened.reveal({ tenantId: null, name: 'smtp-url' }, system)).toBe('smtp://u:p@mail:25');
    expect(await secrets.reveal({ tenantId: 't1', name: 'openai-key' }, system)).toBe(`${VALUE}-2`);
    const stale = new StoreSecrets({ store, clock, audit, masterKey: oldKey });
    await expect(stale.reveal({ tenantId: null, name: 'smtp-url' }, system)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
    expect((await audit.list({ action: 'secret.master-key.rotate' })).items[0]).toMatchObject({
      actor: 'cli',
      details: { reencrypted: before.length, to: result.masterKeyId },
    });
  });

  it('resolves secret:<name> settings from platform secrets, auditing each read', async () => {
    await secrets.put({ tenantId: null, name: 'openai' }, 'sk-openai', system);
    await secrets.put({ tenantId: null, name: 'gh' }, 'ghp_token', system);
    const config = configSchema.parse({
      models: { providers: [{ kind: 'openai', apiKey: 'secret:openai' }, { kind: 'offline' }] },
      mail: { smtpUrl: 'secret:smtp-url' },
      github: { token: 'secret:gh', webhookSecret: 'plain-webhook-secret' },
    });
    const resolved = await resolveSecretReferences(config, secrets);
    expect(resolved.models.providers[0]!.apiKey).toBe('sk-openai');
    expect(resolved.mail.smtpUrl).toBe('smtp://u:p@mail:25');
    expect(resolved.github).toMatchObject({ token: 'ghp_token', webhookSecret: 'plain-webhook-secret' });
    expect(
      (await audit.list({ action: 'secret.read', actor: 'system', limit: 1000 })).items.map(
        (e) => e.details.purpose,
      ),
    ).toEqual(
      expect.arrayContaining([
        'config:models.providers[0].apiKey',
        'config:mail.smtpUrl',
        'config:github.token',
      ]),
    );
    await expect(
      resolveSecretReferences(configSchema.parse({ github: { token: 'secret:missing' } }), secrets),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID', details: { key: 'github.token', secret: 'missing' } });
  });
});

describe('master keys and log redaction', () => {
  it('accepts 32 bytes in base64 or hex and names the setting otherwise', () => {
    const b64 = generateMasterKey();
    const hex = Buffer.from(b64, 'base64').toString('hex');
    expect(parseMasterKey(hex).id).toBe(parseMasterKey(b64).id);
    for (const bad of ['short', Buffer.alloc(16).toString('base64'), `${hex}00`])
      expect(() => parseMasterKey(bad)).toThrow(
        expect.objectContaining({ code: 'CONFIG_INVALID', details: { key: 'WAOOAW_MASTER_KEY' } }),
      );
  });

  it('never writes credentials or secret values to the log', () => {
    let out = '';
    const logger = createLogger({
      destination: new Writable({
        write(chunk: Buffer, _enc, done) {
          out += chunk.toString();
          done();
        },
      }),
    });
    logger.info({ apiKey: VALUE, config: { secrets: { masterKey: VALUE }, models: { apiKey: VALUE } } }, 'x');
    logger.info(
      { req: { headers: { authorization: `Bearer ${VALUE}` } }, password: VALUE, token: VALUE },
      'y',
    );
    expect(out).not.toContain(VALUE);
    expect(out.match(/\[redacted\]/g)).toHaveLength(6);
  });
});
