// Accounts and sessions: sign up, log in / out, refresh, email verification, password reset, the
// signed-in user and their organisation. Credential routes have a tight per-IP rate limit, and log-in
// backs off per account and per address after repeated wrong passwords (the accounts service's LoginGuard). Sign-up, log-in,
// failed and refused log-ins, log-out, revocations and password resets go to the audit trail.
import { emailPseudonym } from '../../components/security/pseudonym.js';
import {
  AcceptedSchema,
  LogInRequestSchema,
  LogOutRequestSchema,
  MeSchema,
  OkSchema,
  PasswordResetConfirmSchema,
  PasswordResetRequestSchema,
  RefreshRequestSchema,
  SessionSchema,
  SignUpRequestSchema,
  TenantSchema,
  UpdateTenantRequestSchema,
  VerifyEmailRequestSchema,
} from '../../contracts/contracts.js';
import { isPlatformError, toPlatformError } from '../../errors.js';
import { bearer, clientIp, errors, type RouteContext, type RouteScope } from '../route-kit.js';

const SMALL_BODY = 16 * 1024;

export function registerAccountRoutes(app: RouteScope, ctx: RouteContext): void {
  const { accounts } = ctx.services;
  const credentialLimit = {
    rateLimit: { max: ctx.limits.authPerIpPerMinute, timeWindow: 60_000, keyGenerator: clientIp },
  };
  const tags = ['accounts'];

  app.post(
    '/auth/signup',
    {
      bodyLimit: SMALL_BODY,
      config: credentialLimit,
      schema: {
        tags,
        summary:
          'Create an account and its organisation and mail the verification link, then log in with POST /auth/login. The answer is the same when the email already has an account (its owner gets a mail saying so)',
        body: SignUpRequestSchema,
        response: { 202: AcceptedSchema, ...errors() },
      },
    },
    async (request, reply) => {
      const { created } = await accounts.signUp(request.body);
      if (created)
        await ctx.audit.record(request, {
          actor: `user:${created.userId}`,
          action: 'user.create',
          resource: `user:${created.userId}`,
          result: 'success',
          tenantId: created.tenantId,
          details: { role: 'customer', via: 'sign-up' },
        });
      return reply.status(202).send({ accepted: true as const });
    },
  );

  app.post(
    '/auth/login',
    {
      bodyLimit: SMALL_BODY,
      config: credentialLimit,
      schema: {
        tags,
        summary:
          'Log in with email and password; after repeated wrong passwords the account and the address wait (429 with Retry-After), doubling each time',
        body: LogInRequestSchema,
        response: { 200: SessionSchema, ...errors(401) },
      },
    },
    async (request) => {
      const account = request.body.email.trim().toLowerCase();
      try {
        const session = await accounts.logIn(request.body.email, request.body.password, {
          address: clientIp(request),
        });
        await ctx.audit.record(request, {
          actor: `user:${session.user.id}`,
          action: 'auth.login',
          resource: `user:${session.user.id}`,
          result: 'success',
          tenantId: session.tenant.id,
        });
        return session;
      } catch (err) {
        const e = toPlatformError(err);
        // The accounts service's log-in guard refused before checking the password, or counted a failure.
        const refused = e.code === 'RATE_LIMITED' && e.details.reason === 'backoff';
        if (refused || e.code === 'UNAUTHENTICATED')
          await ctx.audit.record(request, {
            actor: 'anonymous',
            action: refused ? 'auth.login.locked' : 'auth.login.failed',
            resource: `account:${emailPseudonym(account)}`,
            result: refused ? 'denied' : 'failure',
            tenantId: null,
            details: refused
              ? { scope: String(e.details.scope ?? 'unknown') }
              : { reason: String(e.details.reason ?? 'bad-credentials') },
          });
        throw err;
      }
    },
  );

  app.post(
    '/auth/refresh',
    {
      bodyLimit: SMALL_BODY,
      config: credentialLimit,
      schema: {
        tags,
        summary:
          'Exchange a refresh token for a new pair (the old one is spent; reusing it revokes the session)',
        body: RefreshRequestSchema,
        response: { 200: SessionSchema, ...errors(401) },
      },
    },
    async (request) => {
      try {
        return await accounts.refresh(request.body.refreshToken);
      } catch (err) {
        // A reused refresh token revokes its whole session: a token revocation worth recording.
        if (isPlatformError(err, 'UNAUTHENTICATED') && err.details.reason === 'refresh-token-reused')
          await ctx.audit.record(request, {
            action: 'auth.session.revoked',
            resource: 'session',
            result: 'denied',
            details: { reason: 'refresh-token-reused' },
          });
        throw err;
      }
    },
  );

  app.post(
    '/auth/logout',
    {
      bodyLimit: SMALL_BODY,
      schema: {
        tags,
        summary: 'End the session of a refresh token',
        body: LogOutRequestSchema,
        response: { 200: OkSchema, ...errors() },
      },
    },
    async (request) => {
      await accounts.logOut(request.body.refreshToken);
      const principal = ctx.auth.principal(request);
      await ctx.audit.record(request, {
        action: 'auth.logout',
        resource: principal ? `user:${principal.userId}` : 'session',
        result: 'success',
      });
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/verify-email',
    {
      bodyLimit: SMALL_BODY,
      config: credentialLimit,
      schema: {
        tags,
        summary: 'Verify an email with the token from the mail',
        body: VerifyEmailRequestSchema,
        response: { 200: MeSchema, ...errors() },
      },
    },
    async (request) => {
      const me = await accounts.verifyEmail(request.body.token);
      await ctx.audit.record(request, {
        actor: `user:${me.user.id}`,
        action: 'user.email-verified',
        resource: `user:${me.user.id}`,
        result: 'success',
        tenantId: me.tenant.id,
      });
      return me;
    },
  );

  app.post(
    '/auth/resend-verification',
    {
      config: credentialLimit,
      schema: {
        tags,
        summary: 'Send the verification mail again',
        security: bearer,
        response: { 202: AcceptedSchema, ...errors(401, 412) },
      },
    },
    async (request, reply) => {
      await accounts.resendVerification(ctx.auth.user(request));
      return reply.status(202).send({ accepted: true as const });
    },
  );

  app.post(
    '/auth/password-reset',
    {
      bodyLimit: SMALL_BODY,
      config: credentialLimit,
      schema: {
        tags,
        summary: 'Mail a password-reset link (the answer is the same whether the account exists or not)',
        body: PasswordResetRequestSchema,
        response: { 202: AcceptedSchema, ...errors() },
      },
    },
    async (request, reply) => {
      // The mail is sent in the background, so the answer's timing says nothing about the account.
      accounts.requestPasswordReset(request.body.email);
      await ctx.audit.record(request, {
        action: 'auth.password-reset.requested',
        resource: `account:${emailPseudonym(request.body.email)}`,
        result: 'success',
      });
      return reply.status(202).send({ accepted: true as const });
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      bodyLimit: SMALL_BODY,
      config: credentialLimit,
      schema: {
        tags,
        summary: 'Set a new password with the token from the mail; signs out every session',
        body: PasswordResetConfirmSchema,
        response: { 200: OkSchema, ...errors() },
      },
    },
    async (request) => {
      try {
        await accounts.confirmPasswordReset(request.body.token, request.body.password);
      } catch (err) {
        await ctx.audit.record(request, {
          action: 'auth.password-reset',
          resource: 'user',
          result: 'failure',
          details: { code: toPlatformError(err).code },
        });
        throw err;
      }
      // The new password signs out every session and revokes every token issued before it.
      await ctx.audit.record(request, {
        action: 'auth.password-reset',
        resource: 'user',
        result: 'success',
        details: { sessionsRevoked: true },
      });
      return { ok: true as const };
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags,
        summary: 'The signed-in user and their organisation',
        security: bearer,
        response: { 200: MeSchema, ...errors(401) },
      },
    },
    // Not async: a view already made is sent without a promise (this route is read on every page).
    (request) => {
      const principal = ctx.auth.user(request);
      return accounts.meRemembered(principal) ?? accounts.me(principal);
    },
  );

  app.patch(
    '/tenant',
    {
      bodyLimit: SMALL_BODY,
      schema: {
        tags,
        summary: 'Rename the organisation or opt in to naming it in the public activity feed',
        security: bearer,
        body: UpdateTenantRequestSchema,
        response: { 200: TenantSchema, ...errors(401) },
      },
    },
    async (request) => {
      const tenant = await accounts.updateTenant(ctx.auth.user(request), request.body);
      await ctx.audit.record(request, {
        action: 'tenant.update',
        resource: `tenant:${tenant.id}`,
        result: 'success',
        details: { fields: Object.keys(request.body) },
      });
      return tenant;
    },
  );
}
