// JWT issue/verify (HS256, jose) on the injected clock, so expiry is testable without waiting.
import { SignJWT, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { Clock } from '../../clock.js';
import { PlatformError } from '../../errors.js';

export interface TokenClaims {
  /** Principal: a user id, an agent id, `api`… */
  sub: string;
  tenantId?: string;
  roles?: string[];
  scopes?: string[];
  /** Issued-at and expiry, seconds since the epoch (set by `issue`). */
  iat?: number;
  exp?: number;
}

export interface TokenServiceOptions {
  /** At least 32 characters. */
  secret: string;
  clock: Clock;
  issuer?: string;
  audience?: string;
  /** Default lifetime; 3600 s. */
  ttlSeconds?: number;
}

export interface TokenService {
  /** Signs a token for `claims.sub` that expires after `ttlSeconds` (default from the options). */
  issue(claims: Omit<TokenClaims, 'iat' | 'exp'>, options?: { ttlSeconds?: number }): Promise<string>;
  /** The claims of a valid token; UNAUTHENTICATED (`details.reason` expired | invalid) otherwise. */
  verify(token: string): Promise<TokenClaims>;
  /** Like `verify` but undefined instead of a throw, for callers that only branch on validity. */
  tryVerify(token: string): Promise<TokenClaims | undefined>;
}

export function createTokenService(options: TokenServiceOptions): TokenService {
  if (options.secret.length < 32) {
    throw new PlatformError('VALIDATION', 'JWT secret must be at least 32 characters', {
      details: { field: 'secret' },
    });
  }
  const key = new TextEncoder().encode(options.secret);
  const defaultTtl = options.ttlSeconds ?? 3600;
  const nowSeconds = () => Math.floor(options.clock.now() / 1000);

  async function verify(token: string): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        currentDate: new Date(options.clock.now()),
        ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
        ...(options.audience === undefined ? {} : { audience: options.audience }),
      });
      return toClaims(payload);
    } catch (cause) {
      const expired = cause instanceof joseErrors.JWTExpired;
      throw new PlatformError('UNAUTHENTICATED', expired ? 'Token expired' : 'Token invalid', {
        details: { reason: expired ? 'expired' : 'invalid' },
        cause,
      });
    }
  }

  return {
    async issue(claims, issueOptions = {}) {
      if (!claims.sub)
        throw new PlatformError('VALIDATION', 'Token subject (sub) is required', {
          details: { field: 'sub' },
        });
      const ttl = issueOptions.ttlSeconds ?? defaultTtl;
      const now = nowSeconds();
      const { sub, ...rest } = claims;
      let jwt = new SignJWT({ ...rest })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setIssuedAt(now)
        .setExpirationTime(now + ttl);
      if (options.issuer !== undefined) jwt = jwt.setIssuer(options.issuer);
      if (options.audience !== undefined) jwt = jwt.setAudience(options.audience);
      return jwt.sign(key);
    },
    verify,
    async tryVerify(token) {
      try {
        return await verify(token);
      } catch {
        return undefined;
      }
    },
  };
}

function toClaims(payload: JWTPayload): TokenClaims {
  if (typeof payload.sub !== 'string') throw new Error('token has no subject');
  const claims: TokenClaims = { sub: payload.sub };
  if (typeof payload.tenantId === 'string') claims.tenantId = payload.tenantId;
  if (Array.isArray(payload.roles)) claims.roles = payload.roles.map(String);
  if (Array.isArray(payload.scopes)) claims.scopes = payload.scopes.map(String);
  if (typeof payload.iat === 'number') claims.iat = payload.iat;
  if (typeof payload.exp === 'number') claims.exp = payload.exp;
  return claims;
}
