// Ports of the marketplace's typed tables: one small repository per entity, each an EntityRepository
// (insert, get, update, modify, list, count) filtered on indexed columns, plus its natural-key lookup.
import type { Entity, EntityRepository } from './entity-repository.js';
import type {
  ActivityKind,
  ActivityRecord,
  ApprovalRecord,
  DeliverableRecord,
  HireRecord,
  InvoiceRecord,
  MailRecord,
  RefreshTokenRecord,
  ReviewRecord,
  SecretTokenKind,
  SecretTokenRecord,
  SessionRecord,
  TenantRecord,
  TrialRecord,
  UserRecord,
} from './marketplace-records.js';

/** Organisations. Inserting a second `internal` tenant returns the existing one (`created: false`). */
export type TenantRepository = EntityRepository<TenantRecord, { plan: TenantRecord['plan'] }>;

/** Users (accounts). The email is unique: inserting a taken one returns its user (`created: false`). */
export interface UserRepository extends EntityRepository<UserRecord, { role: UserRecord['role'] }> {
  /** The user with this email, compared lower-cased; undefined when none. */
  getByEmail(email: string): Promise<Entity<UserRecord> | undefined>;
}

export type SessionRepository = EntityRepository<SessionRecord, { userId: string; revokedAt: number }>;

/** Refresh tokens; the id is the SHA-256 of the token. */
export type RefreshTokenRepository = EntityRepository<
  RefreshTokenRecord,
  { userId: string; sessionId: string }
>;

/** One-time secrets (verify email, reset password); the id is the SHA-256 of the secret. */
export type SecretTokenRepository = EntityRepository<
  SecretTokenRecord,
  { userId: string; kind: SecretTokenKind }
>;

/**
 * Trials. (tenant, agent, attempt) is unique: a second insert of the same attempt returns the
 * first trial (`created: false`), so of two concurrent starts only one creates a trial.
 */
export type TrialRepository = EntityRepository<
  TrialRecord,
  { userId: string; agentId: string; status: TrialRecord['status']; ipHash: string }
>;

/** Hires; at most one per trial (a second insert for the trial returns the first). */
export interface HireRepository extends EntityRepository<
  HireRecord,
  { userId: string; agentId: string; status: HireRecord['status']; trialId: string }
> {
  getByTrial(trialId: string): Promise<Entity<HireRecord> | undefined>;
}

/** Invoices; at most one per hire and billing period, numbers unique. */
export interface InvoiceRepository extends EntityRepository<
  InvoiceRecord,
  { hireId: string; status: InvoiceRecord['status'] }
> {
  getForPeriod(hireId: string, periodStart: number): Promise<Entity<InvoiceRecord> | undefined>;
}

export type DeliverableRepository = EntityRepository<
  DeliverableRecord,
  {
    trialId: string;
    hireId: string;
    agentId: string;
    status: DeliverableRecord['status'];
    skillId: string;
    title: string;
  }
>;

/** Approvals; at most one per deliverable (a second insert returns the first). */
export type ApprovalRepository = EntityRepository<
  ApprovalRecord,
  {
    deliverableId: string;
    trialId: string;
    hireId: string;
    agentId: string;
    status: ApprovalRecord['status'];
  }
>;

/** Reviews; at most one per hire (a second insert returns the first). */
export interface ReviewRepository extends EntityRepository<
  ReviewRecord,
  { agentId: string; hireId: string; userId: string }
> {
  getByHire(hireId: string): Promise<Entity<ReviewRecord> | undefined>;
}

/** Every mail sent (outbox or SMTP), a log: its user and tenant are not checked references. */
export type MailRepository = EntityRepository<
  MailRecord,
  { userId: string; kind: MailRecord['kind']; to: string }
>;

export type ActivityRepository = EntityRepository<ActivityRecord, { agentId: string; kind: ActivityKind }>;

/** The marketplace's repositories, as the Store facade exposes them. */
export interface MarketplaceRepositories {
  readonly tenants: TenantRepository;
  readonly accounts: UserRepository;
  readonly sessions: SessionRepository;
  readonly refreshTokens: RefreshTokenRepository;
  readonly secretTokens: SecretTokenRepository;
  readonly trials: TrialRepository;
  readonly hires: HireRepository;
  readonly invoices: InvoiceRepository;
  readonly deliverables: DeliverableRepository;
  readonly approvals: ApprovalRepository;
  readonly reviews: ReviewRepository;
  readonly mail: MailRepository;
  readonly activity: ActivityRepository;
}
