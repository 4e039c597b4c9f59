// Accounts, organisations (tenants) and sessions: sign up, email verification, log in / out, rotating
// refresh tokens (a rotated token used again revokes its whole session), password reset.
import type {
  Me,
  Role,
  Session,
  SignUpRequest,
  Tenant,
  UpdateTenantRequest,
  User,
} from '../../contracts/contracts.js';
import { webPaths } from '../../contracts/contracts.js';
import type { Clock } from '../../clock.js';
import { PlatformError, isPlatformError } from '../../errors.js';
import type { Ids } from '../../ids.js';
import type { Logger } from '../../components/observability/logger.js';
import type { LoginGuard } from '../../components/security/login-guard.js';
import type { TokenClaims, TokenService } from '../../components/security/token-service.js';
import { frozenView } from '../../components/cache/frozen-view.js';
import type { Entity } from '../../store/entity-repository.js';
import type { Store } from '../../store/store.js';
import type { Mailer } from '../mail/mailer.js';
import type { Principal } from '../principal.js';
import type {
  SecretTokenKind,
  SecretTokenRecord,
  SessionRecord,
  TenantRecord,
  UserRecord,
} from '../../store/marketplace-records.js';
import { listAll } from '../tenant-docs.js';
import { HOUR, iso } from '../time.js';
import {
  DEFAULT_PASSWORD_PARAMS,
  dummyPasswordHash,
  hashPassword,
  needsRehash,
  verifyPassword,
} from './password-hasher.js';
import { checkPasswordStrength } from './password-policy.js';
import { hashSecret, newSecretToken } from './secret-token.js';
import { AccountCache } from './account-cache.js';
import { SessionCheck } from './session-check.js';

export interface AccountServiceOptions {
  store: Store;
  clock: Clock;
  ids: Ids;
  tokens: TokenService;
  mailer: Mailer;
  /** Back-off per account and per client address; every password check goes through it. */
  loginGuard: LoginGuard;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Base URL for links in mails (`http://host:port`); links are relative when absent. */
  publicUrl?: string;
  passwordHashCost?: { N: number; r: number; p: number };
  logger: Logger;
  /**
   * How long another process's revocation may take to reach this one (a live session is re-read
   * after this long); revocations made here apply at once. Default 5000 ms; 0 reads every time.
   */
  sessionCheckTtlMs?: number;
  /**
   * Users and organisations as requests read them, shared with the other services that change them
   * (staff, data rights); one of this service's own (same TTL as the session check) when absent.
   */
  cache?: AccountCache;
}

const VERIFY_TTL = 48 * HOUR;
const RESET_TTL = HOUR;

export function toUser(doc: Entity<UserRecord>): User {
  const u = doc.data;
  return {
    id: doc.id,
    email: u.email,
    name: u.name,
    role: u.role,
    emailVerified: u.emailVerifiedAt !== null,
    createdAt: iso(doc.createdAt),
  };
}

export function toTenant(doc: Entity<TenantRecord>): Tenant {
  return {
    id: doc.id,
    name: doc.data.name,
    publicActivity: doc.data.publicActivity,
    plan: doc.data.plan,
    createdAt: iso(doc.createdAt),
  };
}

function unauthenticated(message: string, reason: string): PlatformError {
  return new PlatformError('UNAUTHENTICATED', message, { details: { reason } });
}

/** A disabled account (see staff-service.ts) can neither log in nor use a token it still holds. */
function refuseDisabled(user: Entity<UserRecord>): void {
  if ((user.data.disabledAt ?? null) !== null)
    throw unauthenticated('This account is disabled; ask an administrator', 'disabled');
}

/** Why `user` may not use a token with `claims` (issued before a revocation, or disabled); undefined if it may. */
function refusal(claims: TokenClaims, user: Entity<UserRecord>): PlatformError | undefined {
  if ((claims.iat ?? 0) * 1000 < user.data.tokensValidAfter)
    return unauthenticated('Token was revoked; log in again', 'revoked');
  if ((user.data.disabledAt ?? null) !== null)
    return unauthenticated('This account is disabled; ask an administrator', 'disabled');
  return undefined;
}

function principalOf(user: Entity<UserRecord>, tenantId: string): Principal {
  return {
    userId: user.id,
    tenantId,
    role: user.data.role,
    email: user.data.email,
    emailVerified: user.data.emailVerifiedAt !== null,
  };
}

export class AccountService {
  private readonly sessionCheck: SessionCheck;
  private readonly cache: AccountCache;
  private readonly meViews = new WeakMap<Entity<UserRecord>, { tenant: Entity<TenantRecord>; me: Me }>();
  private readonly background = new Set<Promise<void>>();

  constructor(private readonly o: AccountServiceOptions) {
    this.sessionCheck = new SessionCheck(o.store, o.clock, o.sessionCheckTtlMs ?? 5000);
    this.cache = o.cache ?? new AccountCache(o.store, o.clock, o.sessionCheckTtlMs ?? 5000);
  }

  private link(path: string, token: string): string {
    const base = (this.o.publicUrl ?? '').replace(/\/+$/, '');
    return `${base}${path}?token=${encodeURIComponent(token)}`;
  }

  /**
   * Creates the organisation and its first user (a customer, unverified) and sends the verification
   * mail — or, when the email already has an account, mails its owner instead. The caller cannot tell
   * which happened (no enumeration); a new account then logs in with its password.
   */
  async signUp(input: SignUpRequest): Promise<{ created?: { userId: string; tenantId: string } }> {
    const email = input.email.trim().toLowerCase();
    checkPasswordStrength(input.password, [email, input.name, input.organisationName]);
    const passwordHash = await this.hash(input.password);
    const created = await this.o.store
      .transaction(async (tx) => {
        const tenantDoc = await tx.tenants.insert({
          id: this.o.ids.next('ten'),
          data: { name: input.organisationName.trim(), publicActivity: false, plan: 'free' },
        });
        const record: UserRecord = {
          email,
          name: input.name.trim(),
          role: 'customer',
          passwordHash,
          emailVerifiedAt: null,
          tokensValidAfter: 0,
        };
        const userDoc = await tx.accounts.insert({
          id: this.o.ids.next('usr'),
          tenantId: tenantDoc.entity.id,
          data: record,
        });
        // Rolls the new organisation back: the address has an account already.
        if (!userDoc.created) throw new PlatformError('ALREADY_EXISTS', 'email taken');
        return userDoc.entity;
      })
      .catch((err: unknown) => {
        if (isPlatformError(err, 'ALREADY_EXISTS')) return undefined;
        throw err;
      });
    // The account exists either way; a mail outage is recovered with "resend verification".
    const mail = created ? this.sendVerification(created) : this.sendAlreadyRegistered(email);
    await mail.catch((err: unknown) => this.o.logger.warn({ err }, 'sign-up mail not sent'));
    return created ? { created: { userId: created.id, tenantId: created.tenantId! } } : {};
  }

  /**
   * Checks the password through the log-in guard: RATE_LIMITED (429, `details.scope`) while the
   * account or `address` backs off, UNAUTHENTICATED for a wrong email or password (counted).
   */
  async logIn(emailInput: string, password: string, from: { address?: string } = {}): Promise<Session> {
    const email = emailInput.trim().toLowerCase();
    const attempt = { account: email, ...(from.address === undefined ? {} : { address: from.address }) };
    await this.o.loginGuard.beforeAttempt(attempt);
    const user = await this.o.store.accounts.getByEmail(email);
    // Hash even for an unknown email so the answer takes the same time either way.
    const ok = await verifyPassword(password, user?.data.passwordHash ?? (await dummyPasswordHash));
    if (!user || !ok) {
      await this.o.loginGuard.failed(attempt);
      throw unauthenticated('Email or password is wrong', 'bad-credentials');
    }
    refuseDisabled(user);
    await this.o.loginGuard.succeeded(attempt);
    const current = await this.upgradeHash(user, password);
    return this.openSession(current, await this.tenantOf(current));
  }

  /** Exchanges a refresh token for a new session pair; the presented token is spent. */
  async refresh(refreshToken: string): Promise<Session> {
    const now = this.o.clock.now();
    const doc = await this.o.store.refreshTokens.get(hashSecret(refreshToken));
    if (!doc || doc.data.expiresAt <= now)
      throw unauthenticated('Refresh token is invalid or expired; log in again', 'invalid-refresh-token');
    const session = await this.o.store.sessions.get(doc.data.sessionId);
    if (!session || session.data.revokedAt !== null)
      throw unauthenticated('Session has ended; log in again', 'session-revoked');
    if (doc.data.rotatedAt !== null) {
      await this.revokeSession(doc.data.sessionId, 'reuse');
      throw unauthenticated(
        'Refresh token was already used; the session is revoked for safety',
        'refresh-token-reused',
      );
    }
    try {
      await this.o.store.refreshTokens.update(
        doc.id,
        { ...doc.data, rotatedAt: now },
        { expectedVersion: doc.version },
      );
    } catch (err) {
      // Two uses raced: the loser is a reuse by definition.
      if (isPlatformError(err, 'CONFLICT')) {
        await this.revokeSession(doc.data.sessionId, 'reuse');
        throw unauthenticated(
          'Refresh token was already used; the session is revoked for safety',
          'refresh-token-reused',
        );
      }
      throw err;
    }
    const user = await this.o.store.accounts.get(doc.data.userId);
    if (!user) throw unauthenticated('Account no longer exists', 'unknown-user');
    refuseDisabled(user);
    return this.issue(user, await this.tenantOf(user), doc.data.sessionId);
  }

  /** Ends the session the refresh token belongs to; unknown tokens are ignored (logging out is idempotent). */
  async logOut(refreshToken: string): Promise<void> {
    const doc = await this.o.store.refreshTokens.get(hashSecret(refreshToken));
    if (doc) await this.revokeSession(doc.data.sessionId, 'logout');
  }

  async verifyEmail(token: string): Promise<Me> {
    const record = await this.spendSecret(token, 'verify-email');
    const user = await this.o.store.accounts.modify(record.userId, (u) => ({
      ...u,
      emailVerifiedAt: u.emailVerifiedAt ?? this.o.clock.now(),
    }));
    this.cache.userChanged(user.id);
    return { user: toUser(user), tenant: toTenant(await this.tenantOf(user)) };
  }

  async resendVerification(principal: Principal): Promise<void> {
    const user = await this.userOf(principal);
    if (user.data.emailVerifiedAt !== null)
      throw new PlatformError('PRECONDITION_FAILED', 'Email is already verified', {
        details: { reason: 'already-verified' },
      });
    await this.sendVerification(user);
  }

  /**
   * Sends a reset link when the account exists, in the background: the caller's answer takes the same
   * time and says the same whether the account exists or not. `settled()` waits for it.
   */
  requestPasswordReset(emailInput: string): void {
    // Started on a later turn of the event loop, once the caller has its answer: none of the work
    // is on the request's path, known account or not.
    const work = new Promise<void>((resolve) => setTimeout(resolve, 0))
      .then(() => this.sendPasswordReset(emailInput))
      .catch((err: unknown) => this.o.logger.warn({ err }, 'password-reset mail not sent'))
      .finally(() => this.background.delete(work));
    this.background.add(work);
  }

  /** Resolves once every mail started in the background (password resets) was sent or failed. */
  async settled(): Promise<void> {
    while (this.background.size > 0) await Promise.all(this.background);
  }

  private async sendPasswordReset(emailInput: string): Promise<void> {
    const user = await this.o.store.accounts.getByEmail(emailInput.trim().toLowerCase());
    if (!user) return;
    const token = await this.createSecret(user, 'password-reset', RESET_TTL);
    const url = this.link(webPaths.resetPassword, token);
    await this.o.mailer.send({
      userId: user.id,
      tenantId: user.tenantId,
      to: user.data.email,
      kind: 'password-reset',
      subject: 'Reset your WAOOAW password',
      text: `Someone asked to reset the password of ${user.data.email}. Open ${url} within an hour to choose a new one. If it was not you, ignore this mail.`,
      actionUrl: url,
      secretLink: true,
    });
  }

  private async sendAlreadyRegistered(email: string): Promise<void> {
    const user = await this.o.store.accounts.getByEmail(email);
    if (!user) return;
    const url = this.link(webPaths.resetPassword, '').replace(/\?token=$/, '');
    await this.o.mailer.send({
      userId: user.id,
      tenantId: user.tenantId,
      to: user.data.email,
      kind: 'other',
      subject: 'Someone tried to sign up with your email',
      text: `Someone tried to create a WAOOAW account for ${user.data.email}, which already has one. If it was you, log in — or, if you forgot your password, reset it at ${url}. If it was not you, ignore this mail.`,
      actionUrl: url,
    });
  }

  /** Sets the new password, signs out every session and token, and counts the mailbox as verified. */
  async confirmPasswordReset(token: string, password: string): Promise<void> {
    // Before the link is spent, so a refused password leaves it usable.
    checkPasswordStrength(password);
    const record = await this.spendSecret(token, 'password-reset');
    const passwordHash = await this.hash(password);
    const now = this.o.clock.now();
    await this.o.store.accounts.modify(record.userId, (u) => ({
      ...u,
      passwordHash,
      emailVerifiedAt: u.emailVerifiedAt ?? now,
      // Whole seconds because JWT `iat` has second precision.
      tokensValidAfter: Math.floor(now / 1000) * 1000,
    }));
    this.cache.userChanged(record.userId);
    await this.revokeAllSessions(record.userId, 'password-reset');
  }

  private async revokeAllSessions(
    userId: string,
    reason: NonNullable<SessionRecord['revokedReason']>,
  ): Promise<void> {
    const sessions = await listAll(this.o.store.sessions, { where: { userId, revokedAt: null } });
    for (const s of sessions) await this.revokeSession(s.id, reason);
  }

  /**
   * The principal behind an access token; UNAUTHENTICATED when invalid, expired, or its session was
   * revoked (log-out, refresh-token reuse, password reset, role change).
   */
  async authenticate(accessToken: string): Promise<Principal> {
    const claims = await this.o.tokens.verify(accessToken);
    if (!claims.tenantId || !claims.sid) throw unauthenticated('Token has no tenant or session', 'invalid');
    if (!(await this.sessionCheck.isLive(claims.sid, claims.sub)))
      throw unauthenticated('Token was revoked; log in again', 'revoked');
    const user = await this.cache.user(claims.sub, claims.tenantId);
    if (!user) throw unauthenticated('Account no longer exists', 'unknown-user');
    const refused = refusal(claims, user);
    if (refused) throw refused;
    return principalOf(user, claims.tenantId);
  }

  /**
   * `authenticate`'s principal when all it checks is in memory and passes — a token verified before,
   * a live session and a user read within the cache's TTL — with no read and no promise; undefined
   * otherwise, and then `authenticate` decides (reading what it must, saying why it refuses).
   */
  authenticateRemembered(accessToken: string): Principal | undefined {
    const claims = this.o.tokens.verifyRemembered(accessToken);
    if (!claims?.tenantId || !claims.sid || this.sessionCheck.knownLive(claims.sid, claims.sub) !== true)
      return undefined;
    const user = this.cache.freshUser(claims.sub, claims.tenantId);
    return user && !refusal(claims, user) ? principalOf(user, claims.tenantId) : undefined;
  }

  /** Gives a user another role and signs out every session they have (tokens carry the old role). */
  async changeRole(userId: string, role: Role): Promise<User> {
    const user = await this.o.store.accounts.modify(userId, (u) => ({ ...u, role }));
    this.cache.userChanged(userId);
    await this.revokeAllSessions(userId, 'role-change');
    return toUser(user);
  }

  /** `me`'s view when it was made before from a user and organisation still fresh; undefined otherwise. */
  meRemembered(principal: Principal): Me | undefined {
    const user = this.cache.freshUser(principal.userId, principal.tenantId);
    const held = user && this.meViews.get(user);
    return held && user.tenantId && held.tenant === this.cache.freshTenant(user.tenantId)
      ? held.me
      : undefined;
  }

  async me(principal: Principal): Promise<Me> {
    const user = await this.userOf(principal);
    const tenant = await this.tenantOf(user);
    // The cache hands out the same entities until they change: so is their view (frozen, shared).
    const held = this.meViews.get(user);
    if (held?.tenant === tenant) return held.me;
    const me = frozenView({ user: toUser(user), tenant: toTenant(tenant) });
    this.meViews.set(user, { tenant, me });
    return me;
  }

  async updateTenant(principal: Principal, patch: UpdateTenantRequest): Promise<Tenant> {
    const doc = await this.o.store.tenants.modify(principal.tenantId, (t) => ({
      ...t,
      ...(patch.name === undefined ? {} : { name: patch.name.trim() }),
      ...(patch.publicActivity === undefined ? {} : { publicActivity: patch.publicActivity }),
    }));
    this.cache.tenantChanged(doc.id);
    return toTenant(doc);
  }

  async getTenant(tenantId: string): Promise<Entity<TenantRecord> | undefined> {
    return this.cache.tenant(tenantId);
  }

  /** `getTenant`'s answer when it is in memory and fresh; undefined when it would read. */
  rememberedTenant(tenantId: string): Entity<TenantRecord> | undefined {
    return this.cache.freshTenant(tenantId);
  }

  /** Moves a free tenant to the business plan (its first hire); internal tenants stay internal. */
  async markTenantHired(tenantId: string): Promise<void> {
    await this.o.store.tenants.modify(tenantId, (t) => (t.plan === 'free' ? { ...t, plan: 'business' } : t));
    this.cache.tenantChanged(tenantId);
  }

  /**
   * Creates (or returns) an operator or admin in the platform's internal organisation, verified.
   * Used by the CLI and tests; there is no public route that grants staff roles.
   */
  async ensureStaffUser(input: {
    email: string;
    password: string;
    name: string;
    role: Exclude<Role, 'customer'>;
  }): Promise<User> {
    // There is one internal organisation: inserting it again returns the existing one.
    const tenant = await this.o.store.tenants.insert({
      id: this.o.ids.next('ten'),
      data: { name: 'WAOOAW operations', publicActivity: false, plan: 'internal' },
    });
    const email = input.email.trim().toLowerCase();
    checkPasswordStrength(input.password, [email, input.name]);
    const record: UserRecord = {
      email,
      name: input.name,
      role: input.role,
      passwordHash: await this.hash(input.password),
      emailVerifiedAt: this.o.clock.now(),
      tokensValidAfter: 0,
    };
    const user = await this.o.store.accounts.insert({
      id: this.o.ids.next('usr'),
      tenantId: tenant.entity.id,
      data: record,
    });
    return toUser(user.entity);
  }

  private hash(password: string): Promise<string> {
    return hashPassword(password, this.o.passwordHashCost ?? DEFAULT_PASSWORD_PARAMS);
  }

  /** Re-hashes a password stored with older parameters, now that it is known to be right. */
  private async upgradeHash(user: Entity<UserRecord>, password: string): Promise<Entity<UserRecord>> {
    if (!needsRehash(user.data.passwordHash, this.o.passwordHashCost ?? DEFAULT_PASSWORD_PARAMS)) return user;
    const passwordHash = await this.hash(password);
    const upgraded = await this.o.store.accounts.modify(user.id, (u) => ({ ...u, passwordHash }));
    this.cache.userChanged(user.id);
    return upgraded;
  }

  private async userOf(principal: Principal): Promise<Entity<UserRecord>> {
    const user = await this.cache.user(principal.userId, principal.tenantId);
    if (!user) throw unauthenticated('Account no longer exists', 'unknown-user');
    return user;
  }

  private async tenantOf(user: Entity<UserRecord>): Promise<Entity<TenantRecord>> {
    const tenant = user.tenantId ? await this.cache.tenant(user.tenantId) : undefined;
    if (!tenant) throw new PlatformError('INTERNAL', `User ${user.id} has no organisation`);
    return tenant;
  }

  private async sendVerification(user: Entity<UserRecord>): Promise<void> {
    const token = await this.createSecret(user, 'verify-email', VERIFY_TTL);
    const url = this.link(webPaths.verifyEmail, token);
    await this.o.mailer.send({
      userId: user.id,
      tenantId: user.tenantId,
      to: user.data.email,
      kind: 'verify-email',
      subject: 'Verify your email for WAOOAW',
      text: `Welcome, ${user.data.name}. Open ${url} to verify your email; you need a verified email to start a free trial. The link works for 48 hours.`,
      actionUrl: url,
    });
  }

  private async createSecret(
    user: Entity<UserRecord>,
    kind: SecretTokenKind,
    ttlMs: number,
  ): Promise<string> {
    const token = newSecretToken();
    await this.o.store.secretTokens.insert({
      id: hashSecret(token),
      tenantId: user.tenantId,
      data: { kind, userId: user.id, expiresAt: this.o.clock.now() + ttlMs, usedAt: null },
    });
    return token;
  }

  /** Marks a one-time token used and returns it; VALIDATION (field `token`) when unusable. */
  private async spendSecret(token: string, kind: SecretTokenKind): Promise<SecretTokenRecord> {
    const invalid = (reason: string, message: string) =>
      new PlatformError('VALIDATION', message, { details: { field: 'token', reason } });
    const doc = await this.o.store.secretTokens.get(hashSecret(token));
    if (!doc || doc.data.kind !== kind) throw invalid('invalid-token', 'This link is not valid');
    if (doc.data.usedAt !== null) throw invalid('used-token', 'This link was already used');
    if (doc.data.expiresAt <= this.o.clock.now())
      throw invalid('expired-token', 'This link has expired; ask for a new one');
    try {
      await this.o.store.secretTokens.update(
        doc.id,
        { ...doc.data, usedAt: this.o.clock.now() },
        { expectedVersion: doc.version },
      );
    } catch (err) {
      if (isPlatformError(err, 'CONFLICT')) throw invalid('used-token', 'This link was already used');
      throw err;
    }
    return doc.data;
  }

  private async openSession(user: Entity<UserRecord>, tenant: Entity<TenantRecord>): Promise<Session> {
    const sessionId = this.o.ids.next('ses');
    await this.o.store.sessions.insert({
      id: sessionId,
      tenantId: tenant.id,
      data: { userId: user.id, revokedAt: null, revokedReason: null },
    });
    return this.issue(user, tenant, sessionId);
  }

  private async issue(
    user: Entity<UserRecord>,
    tenant: Entity<TenantRecord>,
    sessionId: string,
  ): Promise<Session> {
    const now = this.o.clock.now();
    const refreshToken = newSecretToken();
    const refreshExpiresAt = now + this.o.refreshTokenTtlSeconds * 1000;
    await this.o.store.refreshTokens.insert({
      id: hashSecret(refreshToken),
      tenantId: tenant.id,
      data: { userId: user.id, sessionId, expiresAt: refreshExpiresAt, rotatedAt: null },
    });
    const accessToken = await this.o.tokens.issue(
      { sub: user.id, tenantId: tenant.id, roles: [user.data.role], sid: sessionId },
      { ttlSeconds: this.o.accessTokenTtlSeconds },
    );
    return {
      accessToken,
      expiresIn: this.o.accessTokenTtlSeconds,
      refreshToken,
      refreshExpiresAt: iso(refreshExpiresAt),
      user: toUser(user),
      tenant: toTenant(tenant),
    };
  }

  private async revokeSession(
    sessionId: string,
    reason: NonNullable<SessionRecord['revokedReason']>,
  ): Promise<void> {
    this.sessionCheck.revoked(sessionId);
    await this.o.store.sessions.modify(sessionId, (s) =>
      s.revokedAt === null ? { ...s, revokedAt: this.o.clock.now(), revokedReason: reason } : s,
    );
  }
}
