// What tests hand the marketplace in place of the composition root: a token signer with keys in memory
// (or the test's own ring) and the stored outbox mailer (or the test's own mailer), plus a catalogue (default: all 19 agents).
import { loadAgentSpecs } from '../../assets/agent-spec-files.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { MemorySigningKeySource, SigningKeyRing } from '../../components/security/signing-keys.js';
import { createTokenService } from '../../components/security/token-service.js';
import type { Ids } from '../../ids.js';
import type { Logger } from '../../components/observability/logger.js';
import type { Store } from '../../store/store.js';
import type { CatalogueEntry } from '../catalogue/catalogue-entry.js';
import { defaultCatalogue } from '../catalogue/default-catalogue.js';
import type { Mailer } from '../mail/mailer.js';
import { createOutboxMailer } from '../mail/store-mailer.js';

export function testMarketplaceAdapters(deps: {
  store: Store;
  ids: Ids;
  clock: Clock;
  config: Config;
  catalogue?: readonly CatalogueEntry[];
  mailer?: Mailer;
  /** Where the outbox mailer writes password-reset links (no SMTP in tests). */
  mailLogger?: Logger;
  signingKeys?: SigningKeyRing;
}) {
  return {
    catalogue:
      deps.catalogue ?? defaultCatalogue({ currency: deps.config.currency, specs: loadAgentSpecs() }),
    tokens: createTokenService({
      keys:
        deps.signingKeys ??
        new SigningKeyRing({
          source: new MemorySigningKeySource(),
          clock: deps.clock,
          maxTokenTtlSeconds: deps.config.auth.accessTokenTtlSeconds,
        }),
      clock: deps.clock,
      issuer: 'waooaw',
      audience: 'waooaw-api',
      ttlSeconds: deps.config.auth.accessTokenTtlSeconds,
    }),
    mailer: deps.mailer ?? createOutboxMailer(deps.store, deps.ids, deps.mailLogger),
  };
}
