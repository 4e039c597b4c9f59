// Staff accounts (issue 15): operators and admins in the platform's internal organisation. Admins create
// them (CLI or API) with a password or a one-time set-password link, change their role and disable
// them; a disabled user's sessions end at once. First-run bootstrap creates one admin from config.
import type { Role, User } from '../../contracts/contracts.js';
import { webPaths } from '../../contracts/contracts.js';
import type { Clock } from '../../clock.js';
import { PlatformError } from '../../errors.js';
import type { Ids } from '../../ids.js';
import type { Entity } from '../../store/entity-repository.js';
import type { UserRecord } from '../../store/marketplace-records.js';
import type { Store } from '../../store/store.js';
import type { Mailer } from '../mail/mailer.js';
import { listAll } from '../tenant-docs.js';
import { HOUR } from '../time.js';
import type { AccountCache } from './account-cache.js';
import { toUser } from './account-service.js';
import { hashPassword } from './password-hasher.js';
import { hashSecret, newSecretToken } from './secret-token.js';

export type StaffRole = Exclude<Role, 'customer'>;

export interface StaffServiceOptions {
  store: Store;
  clock: Clock;
  ids: Ids;
  mailer: Mailer;
  /** Base URL for the set-password link; relative when absent. */
  publicUrl?: string;
  passwordHashCost?: { N: number; r: number; p: number };
  /** The request path's view of users, told of each change made here (see account-cache.ts). */
  accountCache?: AccountCache;
}

export interface NewStaffUser {
  email: string;
  role: StaffRole;
  name?: string;
  /** Without one, the user gets a one-time link to choose a password (a week to use it). */
  password?: string;
}

export interface CreatedStaffUser {
  user: User;
  /** The one-time set-password link (only when no password was given); also mailed to the user. */
  setPasswordUrl?: string;
}

export interface StaffChange {
  role?: StaffRole;
  disabled?: boolean;
}

const SET_PASSWORD_TTL = 7 * 24 * HOUR;

/** The view of a staff user, with whether the account is disabled. */
export type StaffUser = User & { disabled: boolean };

export function toStaffUser(doc: Entity<UserRecord>): StaffUser {
  return { ...toUser(doc), disabled: (doc.data.disabledAt ?? null) !== null };
}

export class StaffService {
  constructor(private readonly o: StaffServiceOptions) {}

  /** Creates an operator or admin; ALREADY_EXISTS when the email has an account. */
  async create(input: NewStaffUser): Promise<CreatedStaffUser> {
    const email = input.email.trim().toLowerCase();
    // Without a password the stored hash is of a random secret nobody knows: no log-in until the link is used.
    const passwordHash = await this.hash(input.password ?? newSecretToken());
    const tenant = await this.internalTenant();
    const inserted = await this.o.store.accounts.insert({
      id: this.o.ids.next('usr'),
      tenantId: tenant,
      data: {
        email,
        name: input.name?.trim() || email.split('@')[0]!,
        role: input.role,
        passwordHash,
        emailVerifiedAt: this.o.clock.now(),
        tokensValidAfter: 0,
      },
    });
    if (!inserted.created)
      throw new PlatformError('ALREADY_EXISTS', `An account with the email ${email} already exists`, {
        details: { field: 'email' },
      });
    const user = inserted.entity;
    if (input.password !== undefined) return { user: toUser(user) };
    const setPasswordUrl = await this.sendSetPasswordLink(user);
    return { user: toUser(user), setPasswordUrl };
  }

  /**
   * First-run bootstrap: creates the admin when no account has this email. Never changes an existing
   * account (its password stays), so running it on every start is safe.
   */
  async bootstrapAdmin(email: string, password: string): Promise<{ created: boolean; user: User }> {
    const existing = await this.o.store.accounts.getByEmail(email.trim().toLowerCase());
    if (existing) return { created: false, user: toUser(existing) };
    try {
      return { created: true, user: (await this.create({ email, password, role: 'admin' })).user };
    } catch (err) {
      // Two processes bootstrapping at once: the other one created it.
      const again = await this.o.store.accounts.getByEmail(email.trim().toLowerCase());
      if (again) return { created: false, user: toUser(again) };
      throw err;
    }
  }

  /** Every operator and admin, admins first. */
  async list(): Promise<StaffUser[]> {
    const tenant = await this.internalTenant();
    const users = await listAll(this.o.store.accounts, { tenantId: tenant });
    return users
      .filter((u) => u.data.role !== 'customer')
      .map(toStaffUser)
      .sort((a, b) => (a.role === b.role ? a.email.localeCompare(b.email) : a.role === 'admin' ? -1 : 1));
  }

  /**
   * Changes a staff user's role or disables / re-enables the account. Disabling ends every session
   * and refuses every token issued before. An admin cannot change or disable their own account (so the
   * last admin cannot lock the platform out by mistake).
   */
  async update(id: string, change: StaffChange, actorUserId: string): Promise<StaffUser> {
    const current = await this.o.store.accounts.get(id);
    if (!current || current.data.role === 'customer')
      throw new PlatformError('NOT_FOUND', `Staff user ${id} not found`, { details: { userId: id } });
    if (id === actorUserId)
      throw new PlatformError('PRECONDITION_FAILED', 'You cannot change or disable your own account', {
        details: { reason: 'own-account' },
      });
    const now = this.o.clock.now();
    const updated = await this.o.store.accounts.modify(id, (u) => {
      const disabledAt =
        change.disabled === undefined
          ? (u.disabledAt ?? null)
          : change.disabled
            ? (u.disabledAt ?? now)
            : null;
      const roleChanged = change.role !== undefined && change.role !== u.role;
      const disabling = disabledAt !== null && (u.disabledAt ?? null) === null;
      return {
        ...u,
        ...(change.role ? { role: change.role } : {}),
        disabledAt,
        // Whole seconds because JWT `iat` has second precision; a new role needs a fresh token too.
        ...(disabling || roleChanged ? { tokensValidAfter: Math.ceil(now / 1000) * 1000 } : {}),
      };
    });
    this.o.accountCache?.userChanged(id);
    if (change.disabled) await this.endSessions(id);
    return toStaffUser(updated);
  }

  /** Revokes every open session of the user (their refresh tokens stop working). */
  private async endSessions(userId: string): Promise<void> {
    const open = await listAll(this.o.store.sessions, { where: { userId, revokedAt: null } });
    const now = this.o.clock.now();
    for (const s of open)
      await this.o.store.sessions.modify(s.id, (r) =>
        r.revokedAt === null ? { ...r, revokedAt: now, revokedReason: 'disabled' } : r,
      );
  }

  private async sendSetPasswordLink(user: Entity<UserRecord>): Promise<string> {
    const token = newSecretToken();
    // A password-reset token with a longer life: the reset page and route set the first password.
    await this.o.store.secretTokens.insert({
      id: hashSecret(token),
      tenantId: user.tenantId,
      data: {
        kind: 'password-reset',
        userId: user.id,
        expiresAt: this.o.clock.now() + SET_PASSWORD_TTL,
        usedAt: null,
      },
    });
    const base = (this.o.publicUrl ?? '').replace(/\/+$/, '');
    const url = `${base}${webPaths.resetPassword}?token=${encodeURIComponent(token)}`;
    await this.o.mailer.send({
      userId: user.id,
      tenantId: user.tenantId,
      to: user.data.email,
      kind: 'password-reset',
      subject: `You are a WAOOAW ${user.data.role}: choose your password`,
      text: `An administrator gave ${user.data.email} the ${user.data.role} role on WAOOAW. Open ${url} within 7 days to choose your password.`,
      actionUrl: url,
    });
    return url;
  }

  /** The internal organisation's id; inserting it again returns the existing one. */
  private async internalTenant(): Promise<string> {
    const tenant = await this.o.store.tenants.insert({
      id: this.o.ids.next('ten'),
      data: { name: 'WAOOAW operations', publicActivity: false, plan: 'internal' },
    });
    return tenant.entity.id;
  }

  private hash(password: string): Promise<string> {
    return this.o.passwordHashCost ? hashPassword(password, this.o.passwordHashCost) : hashPassword(password);
  }
}
