// Stored shapes of marketplace data, one typed table each (see migrations 0080/0081). Times are epoch
// ms; the HTTP layer converts to ISO strings. Every tenant-owned row carries its tenant id, so reads
// filter by tenant in the database, not in code.
import type {
  ApprovalStatus,
  DeliverableStatus,
  HireStatus,
  MailKind,
  Plan,
  Role,
  SkillCheck,
  TrialSetup,
  TrialStatus,
} from '../contracts/contracts.js';

export interface TenantRecord {
  name: string;
  publicActivity: boolean;
  /** `internal` for the platform's own staff organisation; `business` once the tenant hires an agent. */
  plan: 'free' | 'business' | 'internal';
}

export interface UserRecord {
  email: string;
  name: string;
  role: Role;
  /** `scrypt$N$r$p$salt$hash`, see password-hasher.ts. */
  passwordHash: string;
  emailVerifiedAt: number | null;
  /** Access tokens issued before this instant are refused (set by a password reset). */
  tokensValidAfter: number;
  /** When an admin disabled the account (issue 15); a disabled user cannot log in or use a token. */
  disabledAt?: number | null;
}

export type SecretTokenKind = 'verify-email' | 'password-reset';

/** A one-time secret; the document id is the SHA-256 of the secret, never the secret itself. */
export interface SecretTokenRecord {
  kind: SecretTokenKind;
  userId: string;
  expiresAt: number;
  usedAt: number | null;
}

/** One refresh token (id = SHA-256 of the token). A rotated token used again revokes its session. */
export interface RefreshTokenRecord {
  userId: string;
  sessionId: string;
  expiresAt: number;
  rotatedAt: number | null;
}

/** A login session: the family of refresh tokens descended from one log-in. */
export interface SessionRecord {
  userId: string;
  revokedAt: number | null;
  revokedReason: 'logout' | 'reuse' | 'password-reset' | 'role-change' | 'disabled' | null;
}

export interface MailRecord {
  userId: string | null;
  to: string;
  subject: string;
  text: string;
  kind: MailKind;
  actionUrl: string | null;
  transport: 'outbox' | 'smtp';
}

export interface TrialBudgetRecord {
  runLimit: number;
  runsUsed: number;
  costLimitUsd: number;
  costUsedUsd: number;
}

export type ReminderKind = '2d' | '1d' | '6h';

export interface TrialRecord {
  userId: string;
  agentId: string;
  /** The tenant's n-th trial of this agent (1, 2, …): unique per tenant and agent, so of two
   * concurrent starts only one creates a trial. */
  attempt: number;
  status: TrialStatus;
  setup: TrialSetup;
  startedAt: number;
  endsAt: number;
  extendedDays: number;
  /** Sent-at per reminder; reset when an extension moves a reminder into the future again. */
  reminders: Record<ReminderKind, number | null>;
  /** When the end-of-trial notice (start of grace) went out. */
  endNoticeAt: number | null;
  budget: TrialBudgetRecord;
  /** SHA-256 of the client IP that started it (for the per-IP limit; the IP itself is not kept). */
  ipHash: string;
  hireId: string | null;
  endedAt: number | null;
  cancelReason: string | null;
  firstDeliverableAt: number | null;
  workflowInstanceId: string | null;
}

export interface HireRecord {
  userId: string;
  trialId: string;
  agentId: string;
  instanceName: string;
  plan: Plan;
  status: HireStatus;
  priceAmount: number;
  currency: string;
  startedAt: number;
  currentPeriodStart: number;
  currentPeriodEnd: number;
  pausedAt: number | null;
  cancelledAt: number | null;
  cancelReason: string | null;
}

export interface InvoiceRecord {
  number: string;
  hireId: string;
  status: 'open' | 'paid' | 'void';
  currency: string;
  lines: Array<{ description: string; amount: number }>;
  total: number;
  periodStart: number;
  periodEnd: number;
  issuedAt: number;
  dueAt: number;
  paidAt: number | null;
  provider: string;
}

export interface DeliverableRecord {
  trialId: string | null;
  hireId: string | null;
  agentId: string;
  instanceName: string;
  title: string;
  summary: string;
  skillId: string;
  method: 'offline' | 'model';
  status: DeliverableStatus;
  markdown: string;
  output: unknown;
  checks: SkillCheck[];
  confidence: number;
  reviewComment: string | null;
  approvalId: string | null;
}

export interface ApprovalRecord {
  deliverableId: string;
  trialId: string | null;
  hireId: string | null;
  agentId: string;
  instanceName: string;
  title: string;
  summary: string;
  status: ApprovalStatus;
  comment: string | null;
  decidedBy: string | null;
  decidedAt: number | null;
  dueAt: number;
}

export interface ReviewRecord {
  agentId: string;
  hireId: string;
  userId: string;
  rating: number;
  comment: string;
}

export type ActivityKind = 'deliverable' | 'trial-started' | 'hired' | 'review' | 'approval';

export interface ActivityRecord {
  agentId: string;
  kind: ActivityKind;
  /** Wording safe for anyone (no customer data), e.g. `completed "Keyword audit"`. */
  publicAction: string;
  /** Wording for the owning tenant, may name their data, e.g. `produced "Keyword audit for Acme"`. */
  privateAction: string;
  at: number;
}
