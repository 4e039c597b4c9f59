// Catalogue entries from the agent specs (agents/spec). Interim until the spec loader lands.
import { PlatformError } from '../../errors.js';
import type { CatalogueEntry } from './catalogue-entry.js';

export async function loadSpecCatalogue(_options: { currency: string }): Promise<CatalogueEntry[]> {
  throw new PlatformError('UNAVAILABLE', 'agent specs are not available yet');
}
