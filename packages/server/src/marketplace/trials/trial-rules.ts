// The trial rules as pure functions of facts and time: eligibility (each refusal with its reason) and
// the timeline (reminders 2 d / 1 d / 6 h before the end, end notice, expiry after the grace period).
import type { Eligibility, TrialStatus } from '../../contracts/contracts.js';
import type { MarketplaceLimits } from '../deps.js';
import type { ReminderKind, TrialRecord } from '../../store/marketplace-records.js';
import { DAY, HOUR, iso } from '../time.js';

export const REMINDER_OFFSETS: Readonly<Record<ReminderKind, number>> = {
  '2d': 2 * DAY,
  '1d': DAY,
  '6h': 6 * HOUR,
};
export const REMINDER_KINDS: readonly ReminderKind[] = ['2d', '1d', '6h'];
const WEEK = 7 * DAY;

/** Statuses in which the agent is provisioned and working (including the grace period). */
export const OPEN_STATUSES: ReadonlySet<TrialStatus> = new Set<TrialStatus>(['PROVISIONING', 'ACTIVE']);

export interface EligibilityFacts {
  emailVerified: boolean;
  emailDisposable: boolean;
  agentAvailable: boolean;
  /** The tenant's trials of this agent. */
  agentTrials: ReadonlyArray<{ status: TrialStatus; endedAt: number | null }>;
  /** The tenant has an active or paused hire of this agent. */
  hasActiveHire: boolean;
  /** When the tenant last cancelled a hire of this agent. */
  lastHireCancelledAt: number | null;
  /** Start times of trials started from the caller's IP (any tenant) in the last week. */
  ipTrialStarts: readonly number[];
}

type Limits = Pick<MarketplaceLimits, 'cooldownDays' | 'trialsPerIpPerWeek'>;

function refuse(reason: NonNullable<Eligibility['reason']>, message: string, retryAt?: number): Eligibility {
  return { eligible: false, reason, message, ...(retryAt === undefined ? {} : { retryAt: iso(retryAt) }) };
}

/** The first rule that refuses, in a fixed order, or `eligible: true`. */
export function checkEligibility(facts: EligibilityFacts, now: number, limits: Limits): Eligibility {
  if (!facts.emailVerified) return refuse('email-not-verified', 'Verify your email before starting a trial');
  if (facts.emailDisposable)
    return refuse('disposable-email', 'Trials need a permanent email address, not a disposable one');
  if (!facts.agentAvailable)
    return refuse('agent-unavailable', 'This agent is not taking new trials right now');
  if (facts.hasActiveHire) return refuse('already-hired', 'You already hired this agent');
  if (facts.agentTrials.some((t) => OPEN_STATUSES.has(t.status)))
    return refuse('active-trial-exists', 'You already have an active trial of this agent');
  // A trial that ended (cancelled or expired) or a cancelled hire starts the cooldown, so trials cannot be chained.
  const ended = [
    ...facts.agentTrials
      .filter((t) => t.status === 'CANCELLED' || t.status === 'EXPIRED')
      .map((t) => t.endedAt ?? 0),
    facts.lastHireCancelledAt ?? 0,
  ];
  const lastEnd = Math.max(0, ...ended);
  const cooldownEnds = lastEnd + limits.cooldownDays * DAY;
  if (lastEnd > 0 && now < cooldownEnds) {
    return refuse(
      'cooldown',
      `A new trial of this agent is possible ${limits.cooldownDays} days after the last one ended`,
      cooldownEnds,
    );
  }
  const recent = facts.ipTrialStarts.filter((t) => t > now - WEEK).sort((a, b) => a - b);
  if (recent.length >= limits.trialsPerIpPerWeek) {
    const frees = recent[recent.length - limits.trialsPerIpPerWeek]! + WEEK;
    return refuse(
      'ip-limit',
      `At most ${limits.trialsPerIpPerWeek} trials can start from one network per week`,
      frees,
    );
  }
  return { eligible: true };
}

export interface TrialDue {
  /** Reminders now due and not yet sent, least urgent first. */
  reminders: ReminderKind[];
  /** The trial period is over and the grace notice has not gone out. */
  endNotice: boolean;
  /** The grace period is over: the trial expires now. */
  expire: boolean;
  /** When the next event falls due; null when none remains. */
  nextAt: number | null;
}

/** What is due for an open trial at `now`, and when to look again. */
export function trialDue(
  trial: Pick<TrialRecord, 'status' | 'endsAt' | 'reminders' | 'endNoticeAt'>,
  now: number,
  graceMs: number,
): TrialDue {
  const none: TrialDue = { reminders: [], endNotice: false, expire: false, nextAt: null };
  if (trial.status !== 'ACTIVE') return none;
  const graceEndsAt = trial.endsAt + graceMs;
  if (now >= graceEndsAt) return { ...none, expire: true };
  const future: number[] = [graceEndsAt];
  const reminders: ReminderKind[] = [];
  for (const kind of REMINDER_KINDS) {
    const dueAt = trial.endsAt - REMINDER_OFFSETS[kind];
    if (trial.reminders[kind] !== null) continue;
    if (dueAt > now) future.push(dueAt);
    else if (now < trial.endsAt) reminders.push(kind);
  }
  const endNotice = now >= trial.endsAt && trial.endNoticeAt === null;
  if (trial.endNoticeAt === null && trial.endsAt > now) future.push(trial.endsAt);
  return { reminders, endNotice, expire: false, nextAt: Math.min(...future) };
}
