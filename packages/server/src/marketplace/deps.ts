// What the marketplace needs from the platform, injected by the composition root (platform.ts).
import type { SkillRunner } from '../runtime/skill-runner.js';
import type { Bus } from '../bus/bus.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Ids } from '../ids.js';
import type { Logger } from '../components/observability/logger.js';
import type { LoginGuard } from '../components/security/login-guard.js';
import type { TokenService } from '../components/security/token-service.js';
import type { Store } from '../store/store.js';
import type { BillingPort } from './billing/billing-port.js';
import type { CatalogueEntry } from './catalogue/catalogue-entry.js';
import type { Mailer } from './mail/mailer.js';
import type { HireTimeline } from './hires/hire-timeline.js';
import type { TrialTimeline } from './trials/trial-timeline.js';

export interface MarketplaceDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  ids: Ids;
  config: Config;
  logger: Logger;
  /** The agents on sale (the platform builds them from the agent specs; tests pass a small set). */
  catalogue: readonly CatalogueEntry[];
  /** Access-token signer, built by the composition root from `config.auth`. */
  tokens: TokenService;
  /** Outgoing mail (SMTP or the stored outbox), built by the composition root from `config.mail`. */
  mailer: Mailer;
  /**
   * The durable timers of trials and hires (the engine's `trial` and `hire` workflows), built by the
   * composition root before the services; their handlers call back into the services once those exist.
   */
  timelines: { trials: TrialTimeline; hires: HireTimeline };
  /** Runs trials' skills through the agent runtime, metered and with a receipt (decision 0076). */
  skills: Pick<SkillRunner, 'run'>;
  /** Overrides; each defaults to the production choice derived from `config`. */
  options?: MarketplaceOptions;
}

export interface MarketplaceOptions {
  /** Billing adapter; defaults to manual invoices. */
  billing?: BillingPort;
  /** scrypt cost for new password hashes (default N=2^17, r=8, p=1); tests lower it. Log-in re-hashes older ones. */
  passwordHashCost?: { N: number; r: number; p: number };
  /** Log-in back-off; defaults to `config.auth.loginBackoff` counted in the store's documents. */
  loginGuard?: LoginGuard;
  /** Trial and demo limits; see `defaultLimits`. */
  limits?: Partial<MarketplaceLimits>;
}

export interface MarketplaceLimits {
  trialDays: number;
  graceHours: number;
  cooldownDays: number;
  trialsPerIpPerWeek: number;
  trialRunLimit: number;
  trialCostLimitUsd: number;
  demoMaxInputBytes: number;
  demoPerIpPerDay: number;
  demoPerIpPerMinute: number;
  demoGlobalPerDay: number;
  /** Requests per minute by plan; anonymous callers are limited per IP. */
  ratePerMinute: { anonymous: number; free: number; business: number; internal: number };
  /** Log-in, sign-up and reset attempts per IP per minute. */
  authPerIpPerMinute: number;
  approvalSlaHours: number;
}

export const defaultLimits: MarketplaceLimits = {
  trialDays: 7,
  graceHours: 24,
  cooldownDays: 30,
  trialsPerIpPerWeek: 3,
  trialRunLimit: 300,
  trialCostLimitUsd: 5,
  demoMaxInputBytes: 16 * 1024,
  demoPerIpPerDay: 30,
  demoPerIpPerMinute: 6,
  demoGlobalPerDay: 5000,
  // The central gateway's per-minute limits (digest §8): free 1000, business 5000, internal 100K.
  ratePerMinute: { anonymous: 300, free: 1000, business: 5000, internal: 100_000 },
  authPerIpPerMinute: 20,
  approvalSlaHours: 24,
};
