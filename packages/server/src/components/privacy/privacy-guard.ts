// The privacy step every model call passes through (the decision engine's metered call): builds a
// vault for the paying tenant — its people's names included — and wraps the provider with it.
import type { ModelProvider } from '../../models/model-provider.js';
import {
  CleanTexts,
  PersonalDataDetector,
  type PersonalDataDetectorOptions,
} from './personal-data-detector.js';
import { PrivacyModelProvider } from './privacy-model-provider.js';
import { PrivacyVault } from './privacy-vault.js';

export interface PrivacyGuardOptions {
  /** People's names in the tenant's records (null tenant: platform work); none when absent. */
  names?: (tenantId: string | null) => Promise<readonly string[]>;
  phoneRegion?: PersonalDataDetectorOptions['phoneRegion'];
}

export class PrivacyGuard {
  /** Shared by every call's detector: a repeated clean text (a system prompt) is scanned once. */
  private readonly cleanTexts = new CleanTexts();

  constructor(private readonly options: PrivacyGuardOptions = {}) {}

  /** A provider that masks for this tenant; read its `report()` after the call. */
  async guard(models: ModelProvider, tenantId: string | null): Promise<PrivacyModelProvider> {
    const names = this.options.names ? await this.options.names(tenantId) : [];
    const detector = new PersonalDataDetector({
      names,
      cleanTexts: this.cleanTexts,
      ...(this.options.phoneRegion ? { phoneRegion: this.options.phoneRegion } : {}),
    });
    const partition = tenantId === null ? 'platform' : `tenant:${tenantId}`;
    return new PrivacyModelProvider(models, new PrivacyVault(detector), partition);
  }
}

/**
 * The provider a handler may hold (AgentContext.models): every call is guarded for the tenant, so
 * holding the raw provider is never a way around the masking.
 */
export function guardEveryCall(
  guard: PrivacyGuard,
  models: ModelProvider,
  tenantId: string | null,
): ModelProvider {
  return {
    name: models.name,
    kind: models.kind,
    defaultModel: models.defaultModel,
    offline: models.offline,
    generate: async (request) => (await guard.guard(models, tenantId)).generate(request),
    async *stream(request) {
      yield* (await guard.guard(models, tenantId)).stream(request);
    },
  };
}
