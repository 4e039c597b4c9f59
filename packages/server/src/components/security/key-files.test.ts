import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { configSchema } from '../../config.js';
import { createSqlStore } from '../../store/sql-store.js';
import { FileAuditAnchor } from './audit-anchor.js';
import { createAuditSigner, generateAuditSigningKey } from './audit-signer.js';
import { loadOrCreateKey } from './key-files.js';
import { createSecurityFromConfig } from './security-from-config.js';

const dir = () => mkdtempSync(join(tmpdir(), 'keys-'));
const mode = (path: string) => statSync(path).mode & 0o777;

describe('key files', () => {
  it('generates a key once into a 0600 file in a 0700 directory and reads it back after', () => {
    const path = join(dir(), 'keys', 'master.key');
    let generated = 0;
    const generate = () => `key-${++generated}`;
    const first = loadOrCreateKey({ defaultFile: path, envName: 'K' }, generate);
    expect(first).toMatchObject({ text: 'key-1', origin: 'generated', path });
    expect(mode(path)).toBe(0o600);
    expect(mode(join(path, '..'))).toBe(0o700);
    expect(loadOrCreateKey({ defaultFile: path, envName: 'K' }, generate)).toMatchObject({
      text: 'key-1',
      origin: 'file',
      warnings: [],
    });
    expect(generated).toBe(1);
  });

  it('prefers the setting, then the file; names a missing file; warns about a readable one', () => {
    const d = dir();
    expect(loadOrCreateKey({ value: ' v ', file: 'x', envName: 'K' }, () => 'g')).toMatchObject({
      text: 'v',
      origin: 'setting',
    });
    expect(() => loadOrCreateKey({ file: join(d, 'none'), envName: 'WAOOAW_MASTER_KEY' }, () => 'g')).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', details: { key: 'WAOOAW_MASTER_KEY_FILE' } }),
    );
    const open = join(d, 'open.key');
    writeFileSync(open, 'k\n');
    chmodSync(open, 0o644);
    expect(loadOrCreateKey({ file: open, envName: 'K' }, () => 'g').warnings[0]).toContain('chmod 600');
    expect(loadOrCreateKey({ envName: 'K' }, () => 'g')).toMatchObject({ origin: 'ephemeral', text: 'g' });
  });

  it('signs with Ed25519 only, naming the setting for any other key', () => {
    const signer = createAuditSigner(generateAuditSigningKey());
    const sig = signer.sign('m');
    expect(signer.verify('m', sig)).toBe(true);
    expect(signer.verify('n', sig)).toBe(false);
    expect(signer.verify('m', 'garbage')).toBe(false);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(() => createAuditSigner(rsa)).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('Ed25519') as string,
      }),
    );
    expect(() => createAuditSigner('not a key')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('keeps the anchor in a 0600 file that only moves forward', async () => {
    const path = join(dir(), 'anchor.json');
    const anchor = new FileAuditAnchor(path);
    expect(await anchor.read()).toBeUndefined();
    const cp = { seq: 5, hash: 'h5', at: 1, keyId: 'k', signature: 's' };
    await anchor.write(cp);
    await anchor.write({ ...cp, seq: 3, hash: 'h3' });
    expect(await new FileAuditAnchor(path).read()).toEqual(cp);
    expect(mode(path)).toBe(0o600);
  });
});

describe('security from config (embedded default)', () => {
  it('keeps the signing key, master key and anchor beside the SQLite file, never in the database', async () => {
    const d = dir();
    const dbPath = join(d, 'waooaw.db');
    const clock = new FakeClock();
    const config = configSchema.parse({ store: { sqlitePath: dbPath } });
    const store = await createSqlStore({ dialect: 'sqlite', path: dbPath }, { clock });
    await store.migrate();
    try {
      const security = createSecurityFromConfig(config, { store, clock });
      await security.audit.append({
        actor: 'system',
        action: 'boot',
        resource: 'platform',
        result: 'success',
      });
      await security.secrets.put({ tenantId: null, name: 'k' }, 'v', { actor: 'system', purpose: 'test' });
      for (const file of ['audit-signing.pem', 'master.key', 'audit-anchor.json'])
        expect(mode(join(d, 'keys', file)), file).toBe(0o600);
      const pem = readFileSync(join(d, 'keys', 'audit-signing.pem'), 'utf8').trim();
      const master = readFileSync(join(d, 'keys', 'master.key'), 'utf8').trim();
      const db =
        readFileSync(dbPath).toString('latin1') +
        (existsSync(`${dbPath}-wal`) ? readFileSync(`${dbPath}-wal`).toString('latin1') : '');
      expect(db).not.toContain(pem.split('\n')[1]!);
      expect(db).not.toContain(master);
      // A second start reads the same keys: the chain still verifies and the secret still opens.
      const again = createSecurityFromConfig(config, { store, clock });
      expect(await again.audit.verify()).toMatchObject({ valid: true, checked: 2, anchor: { seq: 2 } });
      expect(
        await again.secrets.reveal({ tenantId: null, name: 'k' }, { actor: 'system', purpose: 'test' }),
      ).toBe('v');
    } finally {
      await store.close();
    }
  });

  it('moves the pre-0090 trail (a documents collection) into the signed chain', async () => {
    const clock = new FakeClock();
    const store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' }, { clock });
    await store.migrate();
    try {
      for (const seq of [1, 2])
        await store.documents.insert({
          collection: 'audit_events',
          id: `aud_${String(seq).padStart(12, '0')}`,
          data: {
            seq,
            at: seq * 1000,
            actor: 'system',
            action: 'agent.hire',
            resource: `agent:${seq}`,
            result: 'success',
            tenantId: null,
            details: {},
            hash: `old${seq}`,
          },
        });
      const { audit } = createSecurityFromConfig(configSchema.parse({ store: { sqlitePath: ':memory:' } }), {
        store,
        clock,
      });
      expect(await audit.importLegacy()).toBe(2);
      expect(await audit.importLegacy()).toBe(0);
      expect((await audit.list()).items.map((e) => [e.seq, e.at, e.resource, e.details])).toEqual([
        [1, 1000, 'agent:1', { legacy: { seq: 1, hash: 'old1' } }],
        [2, 2000, 'agent:2', { legacy: { seq: 2, hash: 'old2' } }],
      ]);
      expect(await store.documents.count('audit_events')).toBe(0);
      expect(await audit.verify()).toMatchObject({ valid: true, checked: 2, anchor: { seq: 2 } });
    } finally {
      await store.close();
    }
  });
});
