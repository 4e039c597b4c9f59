// Builds the security components from config: the audit trail (signing key and anchor outside the
// database) and the secrets store (master key outside the database). Used by the platform and by the
// CLI commands that verify the trail or rotate the master key.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Store } from '../../store/store.js';
import type { Logger } from '../observability/logger.js';
import { FileAuditAnchor, MemoryAuditAnchor, type AuditAnchor } from './audit-anchor.js';
import { AuditLog } from './audit-log.js';
import { createAuditSigner, generateAuditSigningKey, type AuditSigner } from './audit-signer.js';
import { generateMasterKey } from './envelope.js';
import { defaultKeyDir, loadOrCreateKey, type LoadedKey } from './key-files.js';
import { StoreSecrets } from './store-secrets.js';

export interface SecurityComponents {
  audit: AuditLog;
  signer: AuditSigner;
  anchor: AuditAnchor;
  secrets: StoreSecrets;
  /** Where the master key came from, and the file it lives in (when it is a file). */
  masterKey: LoadedKey & { source: string };
}

/** The directory generated keys and the anchor go to; undefined for an in-memory database. */
export function keyDirOf(config: Pick<Config, 'keys' | 'store'>): string | undefined {
  return config.keys.dir ?? defaultKeyDir(config.store.sqlitePath);
}

export function createSecurityFromConfig(
  config: Pick<Config, 'keys' | 'store' | 'audit' | 'secrets'>,
  deps: { store: Store; clock: Clock; logger?: Logger },
): SecurityComponents {
  const dir = keyDirOf(config);
  const signingKey = loadOrCreateKey(
    {
      value: config.audit.signingKey,
      file: config.audit.signingKeyFile,
      defaultFile: dir && join(dir, 'audit-signing.pem'),
      envName: 'WAOOAW_AUDIT_SIGNING_KEY',
    },
    generateAuditSigningKey,
  );
  const masterKey = loadOrCreateKey(
    {
      value: config.secrets.masterKey,
      file: config.secrets.masterKeyFile,
      defaultFile: dir && join(dir, 'master.key'),
      envName: 'WAOOAW_MASTER_KEY',
    },
    generateMasterKey,
  );
  for (const [what, key] of [
    ['audit signing key', signingKey],
    ['secrets master key', masterKey],
  ] as const) {
    for (const w of key.warnings) deps.logger?.warn(w);
    if (key.origin === 'generated')
      deps.logger?.info(
        { path: key.path },
        `generated the ${what}; keep a copy apart from database backups (processes sharing the database must share it)`,
      );
    if (key.origin === 'ephemeral')
      deps.logger?.warn(`the ${what} lives in memory only (in-memory database): it is lost at exit`);
  }
  const anchorFile = config.audit.anchorFile ?? (dir && join(dir, 'audit-anchor.json'));
  const anchor = anchorFile ? new FileAuditAnchor(anchorFile) : new MemoryAuditAnchor();
  const signer = createAuditSigner(
    signingKey.text,
    signingKey.path ? `audit signing key ${signingKey.path}` : 'WAOOAW_AUDIT_SIGNING_KEY',
  );
  const audit = new AuditLog({
    store: deps.store,
    clock: deps.clock,
    signer,
    anchor,
    checkpointEvery: config.audit.checkpointEvery,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  const source = masterKey.path ? `master key file ${masterKey.path}` : 'WAOOAW_MASTER_KEY';
  const secrets = new StoreSecrets({
    store: deps.store,
    clock: deps.clock,
    audit,
    masterKey: masterKey.text,
    masterKeySource: source,
  });
  return { audit, signer, anchor, secrets, masterKey: { ...masterKey, source } };
}

/** The file an interrupted master-key rotation leaves the new key in, if there is one. */
export function pendingMasterKeyFile(masterKey: LoadedKey): string | undefined {
  const next = masterKey.path && `${masterKey.path}.next`;
  return next && existsSync(next) ? next : undefined;
}
