// JWT issue/verify (EdDSA over Ed25519, jose) with keys from a SigningKeyRing (`kid` in the header),
// on the injected clock so expiry is testable without waiting. A token without exp, iat or a known kid
// is refused, whoever signed it. A verified token's claims are remembered until it expires, so a
// caller presenting the same token again costs a lookup instead of a signature check.
import { LRUCache } from 'lru-cache';
import { SignJWT, errors as joseErrors, jwtVerify, type JWTHeaderParameters, type JWTPayload } from 'jose';
import type { Clock } from '../../clock.js';
import { PlatformError } from '../../errors.js';
import type { SigningKeyRing } from './signing-keys.js';

export interface TokenClaims {
  /** Principal: a user id, an agent id, `api`… */
  sub: string;
  tenantId?: string;
  roles?: string[];
  scopes?: string[];
  /** The session the token belongs to (user tokens): revoking it ends the token. */
  sid?: string;
  /** Issued-at and expiry, seconds since the epoch (set by `issue`). */
  iat?: number;
  exp?: number;
}

export interface TokenServiceOptions {
  /** The signing keys: the newest signs, every usable one verifies. */
  keys: SigningKeyRing;
  clock: Clock;
  issuer?: string;
  audience?: string;
  /** Default lifetime; 3600 s. Tokens claiming a longer life (exp − iat) are refused. */
  ttlSeconds?: number;
  /** How many verified tokens to remember until they expire (0: verify every time); default 10,000. */
  verifiedCacheSize?: number;
}

interface Verified {
  claims: TokenClaims;
  kid: string;
  /** Expiry in ms since the epoch. */
  expiresAt: number;
}

const ALG = 'EdDSA';

export interface TokenService {
  /** Signs a token for `claims.sub` that expires after `ttlSeconds` (default from the options). */
  issue(claims: Omit<TokenClaims, 'iat' | 'exp'>, options?: { ttlSeconds?: number }): Promise<string>;
  /** The claims of a valid token; UNAUTHENTICATED (`details.reason` expired | invalid) otherwise. */
  verify(token: string): Promise<TokenClaims>;
  /** Like `verify` but undefined instead of a throw, for callers that only branch on validity. */
  tryVerify(token: string): Promise<TokenClaims | undefined>;
  /**
   * The claims of a token `verify` accepted before, while they are remembered, unexpired and their key
   * still verifies — with no signature check and no promise; undefined otherwise (then call `verify`,
   * which decides). For the per-request path.
   */
  verifyRemembered(token: string): TokenClaims | undefined;
}

export function createTokenService(options: TokenServiceOptions): TokenService {
  const defaultTtl = options.ttlSeconds ?? 3600;
  const nowSeconds = () => Math.floor(options.clock.now() / 1000);
  const maxLifetime = Math.max(defaultTtl, 86_400);
  const invalid = (why: string) => new joseErrors.JWSSignatureVerificationFailed(why);

  async function keyFor(header: JWTHeaderParameters) {
    if (header.alg !== ALG || typeof header.kid !== 'string') throw invalid('unexpected alg or no kid');
    const key = await options.keys.verificationKey(header.kid);
    if (!key) throw invalid('unknown or retired kid');
    return key;
  }

  // Keyed by the token itself (decision 0072, fourth pass): only tokens that verified are kept, and
  // a process that verifies holds the private signing keys too, so a kept token reveals nothing its
  // memory did not already; a digest cost a SHA-256 per request. The whole token is the key, so a
  // different signature is a different entry and a tampered token always goes to jose.
  const cacheSize = options.verifiedCacheSize ?? 10_000;
  const verified = cacheSize > 0 ? new LRUCache<string, Verified>({ max: cacheSize }) : undefined;

  /** The remembered claims of `token` while it has not expired and its key still verifies. */
  function remembered(token: string): TokenClaims | undefined {
    const hit = verified?.get(token);
    if (!hit) return undefined;
    if (options.clock.now() < hit.expiresAt && options.keys.verifies(hit.kid)) return { ...hit.claims };
    verified?.delete(token);
    return undefined;
  }

  async function verify(token: string): Promise<TokenClaims> {
    const known = remembered(token);
    if (known) return known;
    try {
      const { payload, protectedHeader } = await jwtVerify(token, keyFor, {
        algorithms: [ALG],
        requiredClaims: ['exp', 'iat', 'sub'],
        // No token lives longer than the longest lifetime we issue.
        maxTokenAge: maxLifetime,
        currentDate: new Date(options.clock.now()),
        ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
        ...(options.audience === undefined ? {} : { audience: options.audience }),
      });
      if ((payload.exp ?? 0) - (payload.iat ?? 0) > maxLifetime) throw invalid('lifetime too long');
      const claims = toClaims(payload);
      verified?.set(token, {
        claims: { ...claims },
        kid: String(protectedHeader.kid),
        expiresAt: (payload.exp ?? 0) * 1000,
      });
      return claims;
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
      const { kid, privateKey } = await options.keys.signingKey();
      let jwt = new SignJWT({ ...rest })
        .setProtectedHeader({ alg: ALG, kid, typ: 'JWT' })
        .setSubject(sub)
        .setIssuedAt(now)
        .setExpirationTime(now + ttl);
      if (options.issuer !== undefined) jwt = jwt.setIssuer(options.issuer);
      if (options.audience !== undefined) jwt = jwt.setAudience(options.audience);
      return jwt.sign(privateKey);
    },
    verify,
    verifyRemembered: remembered,
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
  if (typeof payload.sid === 'string') claims.sid = payload.sid;
  if (typeof payload.iat === 'number') claims.iat = payload.iat;
  if (typeof payload.exp === 'number') claims.exp = payload.exp;
  return claims;
}
