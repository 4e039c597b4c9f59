// Every marketplace port's conformance suite on every store STORES selects (see testing/backends.ts).
import { describe } from 'vitest';
import { storeTargets } from '../testing/backends.js';
import { marketplaceRepositoriesConformance } from './marketplace-repositories.contract.js';

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`marketplace repositories on ${target.kind}`, () => {
    marketplaceRepositoriesConformance(target.kind, (deps) => target.open!(deps));
  });
}
