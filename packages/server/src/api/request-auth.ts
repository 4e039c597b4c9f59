// Resolves the caller of each marketplace request once (onRequest) from `Authorization: Bearer`, and
// keeps it beside the request. A bad token does not block public routes; routes that need a user
// report why the token was refused (expired, revoked, invalid).
import type { FastifyRequest } from 'fastify';
import type { Role } from '../contracts/contracts.js';
import { PlatformError, toPlatformError } from '../errors.js';
import type { AccountService } from '../marketplace/accounts/account-service.js';
import { requireRole, type Principal } from '../marketplace/principal.js';
import { isApiKey, type ApiKeyPrincipal } from '../components/security/api-keys.js';

const BEARER = /^Bearer\s+(\S+)$/i;

export interface ApiKeyVerifier {
  verify(presented: string): Promise<ApiKeyPrincipal>;
}

/** The API key a request presents (`X-API-Key`, or a bearer token starting `wak_`), if any. */
export function presentedApiKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const m = BEARER.exec(request.headers.authorization ?? '');
  return m && isApiKey(m[1]!) ? m[1] : undefined;
}

export type TenantPlan = 'free' | 'business' | 'internal';

interface Resolved {
  principal?: Principal;
  /** A verified API key (job workers); its caller has no user principal. */
  apiKey?: ApiKeyPrincipal;
  plan?: TenantPlan;
  failure?: PlatformError;
}

/** A request without credentials (shared: resolutions are only read). */
const ANONYMOUS: Resolved = Object.freeze({});

/**
 * Where a request keeps its resolved caller: a property of the request itself, declared on every
 * request by `app.decorateRequest(CALLER, null)` (app.ts). A WeakMap by request cost ≈ 0.8 µs per
 * request (a set and a few reads, and ephemeron work in every scavenge).
 */
export const CALLER: unique symbol = Symbol('waooaw.caller');
type WithCaller = { [CALLER]?: Resolved | null };
const slot = (request: FastifyRequest): WithCaller => request as unknown as WithCaller;

export class RequestAuth {
  private apiKeys: ApiKeyVerifier | undefined;

  constructor(private readonly accounts: AccountService) {}

  /** Also resolves API keys (`X-API-Key`, or `Bearer wak_…`), so they get their own rate-limit bucket. */
  acceptApiKeys(verifier: ApiKeyVerifier): void {
    this.apiKeys = verifier;
  }

  /**
   * onRequest hook body: verifies the API key or bearer token, if any. Returns nothing when the answer
   * was at hand (no credentials, a malformed header, or a caller `authenticateRemembered` knows), and
   * otherwise the promise of the reads and checks it needs — a promise per request costs.
   */
  resolve(request: FastifyRequest): Promise<void> | undefined {
    const keyHeader = request.headers['x-api-key'];
    if (typeof keyHeader === 'string' && keyHeader) return this.resolveApiKey(request, keyHeader);
    const header = request.headers.authorization;
    if (!header) {
      this.keep(request, ANONYMOUS);
      return undefined;
    }
    // One match serves both readings of the header (API key or token): this runs on every request.
    const match = BEARER.exec(header);
    if (match && isApiKey(match[1]!)) return this.resolveApiKey(request, match[1]!);
    if (!match) {
      this.keep(request, {
        failure: new PlatformError('UNAUTHENTICATED', 'Authorization must be "Bearer <token>"', {
          details: { reason: 'malformed-header' },
        }),
      });
      return undefined;
    }
    const principal = this.accounts.authenticateRemembered(match[1]!);
    const tenant = principal && this.accounts.rememberedTenant(principal.tenantId);
    if (!tenant) return this.resolveToken(request, match[1]!);
    this.keep(request, { principal, plan: tenant.data.plan });
    return undefined;
  }

  private async resolveToken(request: FastifyRequest, token: string): Promise<void> {
    try {
      const principal = await this.accounts.authenticate(token);
      const tenant = await this.accounts.getTenant(principal.tenantId);
      this.keep(request, { principal, plan: tenant?.data.plan ?? 'free' });
    } catch (err) {
      const e = toPlatformError(err);
      if (e.code !== 'UNAUTHENTICATED') throw e;
      this.keep(request, { failure: e });
    }
  }

  private async resolveApiKey(request: FastifyRequest, presented: string): Promise<void> {
    this.keep(request, await this.verifyApiKey(presented));
  }

  private keep(request: FastifyRequest, resolved: Resolved): void {
    slot(request)[CALLER] = resolved;
  }

  /** The API key the request presented, when it is valid. */
  apiKey(request: FastifyRequest): ApiKeyPrincipal | undefined {
    return slot(request)[CALLER]?.apiKey;
  }

  /** Why a presented API key was refused (UNAUTHENTICATED), if one was. */
  apiKeyFailure(request: FastifyRequest): PlatformError | undefined {
    const r = slot(request)[CALLER];
    return r && !r.principal && !r.apiKey ? r.failure : undefined;
  }

  private async verifyApiKey(presented: string): Promise<Resolved> {
    if (!this.apiKeys)
      return {
        failure: new PlatformError('UNAUTHENTICATED', 'API keys are not accepted here', {
          details: { reason: 'api-keys-disabled' },
        }),
      };
    try {
      return { apiKey: await this.apiKeys.verify(presented) };
    } catch (err) {
      const e = toPlatformError(err);
      if (e.code !== 'UNAUTHENTICATED') throw e;
      return { failure: e };
    }
  }

  /** The caller, if signed in with a valid token. */
  principal(request: FastifyRequest): Principal | undefined {
    return slot(request)[CALLER]?.principal;
  }

  plan(request: FastifyRequest): TenantPlan | undefined {
    return slot(request)[CALLER]?.plan;
  }

  /** The signed-in caller; UNAUTHENTICATED (with the token's problem, if any) otherwise. */
  user(request: FastifyRequest): Principal {
    const r = slot(request)[CALLER];
    if (r?.principal) return r.principal;
    throw (
      r?.failure ??
      new PlatformError('UNAUTHENTICATED', 'Sign in to use this route', {
        details: { reason: 'missing-token' },
      })
    );
  }

  /** The caller if it has one of `roles`; FORBIDDEN otherwise (UNAUTHENTICATED when not signed in). */
  role(request: FastifyRequest, roles: readonly Role[]): Principal {
    return requireRole(this.user(request), roles);
  }
}
