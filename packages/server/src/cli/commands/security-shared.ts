// Opens what the security commands work on: the migrated store and the security components built from
// the same config as the platform (keys from their settings or the key directory).
import type { Command } from 'commander';
import { systemClock } from '../../clock.js';
import {
  createSecurityFromConfig,
  type SecurityComponents,
} from '../../components/security/security-from-config.js';
import type { Config } from '../../config.js';
import { createStoreFromConfig, migrateFromConfig } from '../../store/create-store.js';
import type { Store } from '../../store/store.js';
import { configFrom } from './shared.js';

export async function withSecurity<T>(
  cmd: Command,
  fn: (security: SecurityComponents, config: Config, store: Store) => Promise<T>,
): Promise<T> {
  const config = configFrom(cmd);
  const store = await createStoreFromConfig(config);
  try {
    await migrateFromConfig(config, store);
    return await fn(createSecurityFromConfig(config, { store, clock: systemClock }), config, store);
  } finally {
    await store.close();
  }
}
