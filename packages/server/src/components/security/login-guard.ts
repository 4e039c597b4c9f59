// Log-in back-off per account and per client address, the hook every password check goes through:
// `beforeAttempt` refuses (429 RATE_LIMITED with Retry-After) while either is blocked, `failed` counts
// a wrong password against both, `succeeded` clears the account (never the address, so one valid
// account does not buy an address more guesses at others).
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { AttemptThrottle, type ThrottleStore } from './attempt-throttle.js';

export interface LoginAttempt {
  /** The account as typed (normalised here: trimmed, lower-case), known or not. */
  account: string;
  /** The client address, when the caller knows it (the HTTP edge does). */
  address?: string;
}

export interface LoginGuardOptions {
  store: ThrottleStore;
  clock: Clock;
  /** Wrong passwords in a row per account before the back-off starts. */
  accountFreeFailures: number;
  /** Wrong passwords in a row per address (any accounts) before the back-off starts. */
  addressFreeFailures: number;
  /** Longest block, in ms. */
  maxDelayMs: number;
}

const DAY = 86_400_000;

export class LoginGuard {
  private readonly accounts: AttemptThrottle;
  private readonly addresses: AttemptThrottle;

  constructor(o: LoginGuardOptions) {
    const base = { baseDelayMs: 1000, maxDelayMs: o.maxDelayMs, forgetAfterMs: DAY };
    this.accounts = new AttemptThrottle({
      store: o.store,
      clock: o.clock,
      scope: 'login-account',
      policy: { ...base, freeFailures: o.accountFreeFailures },
    });
    this.addresses = new AttemptThrottle({
      store: o.store,
      clock: o.clock,
      scope: 'login-address',
      policy: { ...base, freeFailures: o.addressFreeFailures },
    });
  }

  /** Throws RATE_LIMITED (details.scope: login-address or login-account) while either is backing off. */
  async beforeAttempt(attempt: LoginAttempt): Promise<void> {
    if (attempt.address !== undefined) await this.addresses.check(attempt.address);
    await this.accounts.check(normalise(attempt.account));
  }

  async failed(attempt: LoginAttempt): Promise<void> {
    if (attempt.address !== undefined) await this.addresses.recordFailure(attempt.address);
    await this.accounts.recordFailure(normalise(attempt.account));
  }

  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.accounts.reset(normalise(attempt.account));
  }
}

/** A guard with the back-off of `config.auth.loginBackoff`. */
export function createLoginGuard(
  config: Pick<Config, 'auth'>,
  deps: { store: ThrottleStore; clock: Clock },
): LoginGuard {
  const b = config.auth.loginBackoff;
  return new LoginGuard({
    ...deps,
    accountFreeFailures: b.accountFreeFailures,
    addressFreeFailures: b.addressFreeFailures,
    maxDelayMs: b.maxDelaySeconds * 1000,
  });
}

/** The accounts service's own normalisation of an email, so `A@x.com ` and `a@x.com` share a count. */
function normalise(account: string): string {
  return account.trim().toLowerCase();
}
