// The conformance suites of the typed-table ports (marketplace and agent runtime) on every store
// STORES selects (see testing/backends.ts).
import { describe } from 'vitest';
import { storeTargets } from '../testing/backends.js';
import { inboxRepositoryConformance } from './inbox-repository.contract.js';
import { marketplaceRepositoriesConformance } from './marketplace-repositories.contract.js';
import { runtimeWorkRepositoriesConformance } from './runtime-work-repositories.contract.js';
import { workRepositoriesConformance } from './work-repositories.contract.js';

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`typed-table repositories on ${target.kind}`, () => {
    marketplaceRepositoriesConformance(target.kind, (deps) => target.open!(deps));
    runtimeWorkRepositoriesConformance(target.kind, (deps) => target.open!(deps));
    workRepositoriesConformance(target.kind, (deps) => target.open!(deps));
    inboxRepositoryConformance(target.kind, (deps) => target.open!(deps));
  });
}
