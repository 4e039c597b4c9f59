// Typed tables of accounts: tenants, users, sessions, refresh tokens and one-time secrets.
import type { Entity } from '../entity-repository.js';
import type {
  RefreshTokenRepository,
  SecretTokenRepository,
  SessionRepository,
  TenantRepository,
  UserRepository,
} from '../marketplace-repositories.js';
import type {
  RefreshTokenRecord,
  SecretTokenRecord,
  SessionRecord,
  TenantRecord,
  UserRecord,
} from '../marketplace-records.js';
import type { SqlContext } from '../sql-context.js';
import {
  SqlEntityTable,
  bool,
  boolIn,
  num,
  numOrNull,
  str,
  strOrNull,
  type EntityTableSpec,
} from './entity-table.js';

const tenants: EntityTableSpec<TenantRecord, { plan: TenantRecord['plan'] }> = {
  table: 'mkt_tenants',
  noun: 'tenant',
  tenantOwned: false,
  toRow: (t, dialect) => ({ name: t.name, public_activity: boolIn(t.publicActivity, dialect), plan: t.plan }),
  fromRow: (r) => ({
    name: str(r.name),
    publicActivity: bool(r.public_activity),
    plan: str(r.plan) as TenantRecord['plan'],
  }),
  filters: { plan: 'plan' },
  // One internal organisation: a partial unique index on plan = 'internal'.
  naturalKey: {
    columns: ['plan'],
    where: { column: 'plan', value: 'internal' },
    of: (t) => (t.plan === 'internal' ? { plan: 'internal' } : undefined),
  },
};

export class SqlTenants
  extends SqlEntityTable<TenantRecord, { plan: TenantRecord['plan'] }>
  implements TenantRepository
{
  constructor(ctx: SqlContext) {
    super(ctx, tenants);
  }
}

const users: EntityTableSpec<UserRecord, { role: UserRecord['role'] }> = {
  table: 'mkt_users',
  noun: 'user',
  tenantOwned: true,
  toRow: (u) => ({
    email: u.email.toLowerCase(),
    name: u.name,
    role: u.role,
    password_hash: u.passwordHash,
    email_verified_at: u.emailVerifiedAt,
    tokens_valid_after: u.tokensValidAfter,
    disabled_at: u.disabledAt ?? null,
  }),
  fromRow: (r) => ({
    email: str(r.email),
    name: str(r.name),
    role: str(r.role) as UserRecord['role'],
    passwordHash: str(r.password_hash),
    emailVerifiedAt: numOrNull(r.email_verified_at),
    tokensValidAfter: num(r.tokens_valid_after),
    // Absent rather than null, so records written before 0120 read back as they were written.
    ...(r.disabled_at === null || r.disabled_at === undefined ? {} : { disabledAt: num(r.disabled_at) }),
  }),
  filters: { role: 'role' },
  naturalKey: { columns: ['email'], of: (u) => ({ email: u.email.toLowerCase() }) },
};

export class SqlUsers
  extends SqlEntityTable<UserRecord, { role: UserRecord['role'] }>
  implements UserRepository
{
  constructor(ctx: SqlContext) {
    super(ctx, users);
  }

  getByEmail(email: string): Promise<Entity<UserRecord> | undefined> {
    return this.findBy({ email: email.toLowerCase() });
  }
}

type SessionFilter = { userId: string; revokedAt: number };
const sessions: EntityTableSpec<SessionRecord, SessionFilter> = {
  table: 'mkt_sessions',
  noun: 'session',
  tenantOwned: true,
  toRow: (s) => ({ user_id: s.userId, revoked_at: s.revokedAt, revoked_reason: s.revokedReason }),
  fromRow: (r) => ({
    userId: str(r.user_id),
    revokedAt: numOrNull(r.revoked_at),
    revokedReason: strOrNull(r.revoked_reason) as SessionRecord['revokedReason'],
  }),
  filters: { userId: 'user_id', revokedAt: 'revoked_at' },
};

export class SqlSessions extends SqlEntityTable<SessionRecord, SessionFilter> implements SessionRepository {
  constructor(ctx: SqlContext) {
    super(ctx, sessions);
  }
}

type RefreshTokenFilter = { userId: string; sessionId: string };
const refreshTokens: EntityTableSpec<RefreshTokenRecord, RefreshTokenFilter> = {
  table: 'mkt_refresh_tokens',
  noun: 'refresh token',
  tenantOwned: true,
  toRow: (t) => ({
    user_id: t.userId,
    session_id: t.sessionId,
    expires_at: t.expiresAt,
    rotated_at: t.rotatedAt,
  }),
  fromRow: (r) => ({
    userId: str(r.user_id),
    sessionId: str(r.session_id),
    expiresAt: num(r.expires_at),
    rotatedAt: numOrNull(r.rotated_at),
  }),
  filters: { userId: 'user_id', sessionId: 'session_id' },
};

export class SqlRefreshTokens
  extends SqlEntityTable<RefreshTokenRecord, RefreshTokenFilter>
  implements RefreshTokenRepository
{
  constructor(ctx: SqlContext) {
    super(ctx, refreshTokens);
  }
}

type SecretTokenFilter = { userId: string; kind: SecretTokenRecord['kind'] };
const secretTokens: EntityTableSpec<SecretTokenRecord, SecretTokenFilter> = {
  table: 'mkt_secret_tokens',
  noun: 'secret token',
  tenantOwned: true,
  toRow: (t) => ({ kind: t.kind, user_id: t.userId, expires_at: t.expiresAt, used_at: t.usedAt }),
  fromRow: (r) => ({
    kind: str(r.kind) as SecretTokenRecord['kind'],
    userId: str(r.user_id),
    expiresAt: num(r.expires_at),
    usedAt: numOrNull(r.used_at),
  }),
  filters: { userId: 'user_id', kind: 'kind' },
};

export class SqlSecretTokens
  extends SqlEntityTable<SecretTokenRecord, SecretTokenFilter>
  implements SecretTokenRepository
{
  constructor(ctx: SqlContext) {
    super(ctx, secretTokens);
  }
}
