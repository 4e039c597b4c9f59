// What tests hand the marketplace in place of the composition root: a token signer with a fixed test
// secret and the stored outbox mailer (or the test's own mailer), plus a catalogue (default: all 19 agents).
import { loadAgentSpecs } from '../../assets/agent-spec-files.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { createTokenService } from '../../components/security/token-service.js';
import type { Ids } from '../../ids.js';
import type { Store } from '../../store/store.js';
import type { CatalogueEntry } from '../catalogue/catalogue-entry.js';
import { defaultCatalogue } from '../catalogue/default-catalogue.js';
import type { Mailer } from '../mail/mailer.js';
import { createOutboxMailer } from '../mail/store-mailer.js';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-1234';

export function testMarketplaceAdapters(deps: {
  store: Store;
  ids: Ids;
  clock: Clock;
  config: Config;
  catalogue?: readonly CatalogueEntry[];
  mailer?: Mailer;
}) {
  return {
    catalogue:
      deps.catalogue ?? defaultCatalogue({ currency: deps.config.currency, specs: loadAgentSpecs() }),
    tokens: createTokenService({
      secret: deps.config.auth.jwtSecret ?? TEST_JWT_SECRET,
      clock: deps.clock,
      issuer: 'waooaw',
      audience: 'waooaw-api',
      ttlSeconds: deps.config.auth.accessTokenTtlSeconds,
    }),
    mailer: deps.mailer ?? createOutboxMailer(deps.store, deps.ids),
  };
}
