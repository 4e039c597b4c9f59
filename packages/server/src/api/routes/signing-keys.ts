// The access-token signing keys for admins: which keys sign and verify, and a rotation on demand (after a
// suspected leak, or before the scheduled one). Never a private part. Rotations are audited.
import {
  SigningKeyListSchema,
  SigningKeyRotationSchema,
  type SigningKeyView,
} from '../../contracts/security.js';
import type { SigningKeyRing, SigningKeyState } from '../../components/security/signing-keys.js';
import type { HttpAudit } from '../http-audit.js';
import type { RequestAuth } from '../request-auth.js';
import { bearer, errors, type RouteScope } from '../route-kit.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function signingKeyView(k: SigningKeyState): SigningKeyView {
  return {
    kid: k.kid,
    createdAt: iso(k.createdAt),
    signing: k.signing,
    verifiesUntil: k.verifiesUntil === null ? null : iso(k.verifiesUntil),
  };
}

export function registerSigningKeyRoutes(
  app: RouteScope,
  deps: { keys: SigningKeyRing; auth: RequestAuth; audit: HttpAudit },
): void {
  const tags = ['audit'];
  app.get(
    '/admin/signing-keys',
    {
      schema: {
        tags,
        summary:
          'Access-token signing keys: the one that signs and replaced ones still verifying, with when they retire (admins)',
        security: bearer,
        response: { 200: SigningKeyListSchema, ...errors(401, 403) },
      },
    },
    async () => ({ items: (await deps.keys.describe()).map(signingKeyView) }),
  );

  app.post(
    '/admin/signing-keys/rotate',
    {
      schema: {
        tags,
        summary:
          'Make a new signing key now: new tokens are signed with it; the old key verifies until its tokens expire, then is retired (admins)',
        security: bearer,
        response: { 200: SigningKeyRotationSchema, ...errors(401, 403) },
      },
    },
    async (request) => {
      const admin = deps.auth.role(request, ['admin']);
      const previous = (await deps.keys.describe()).find((k) => k.signing)?.kid ?? null;
      const kid = await deps.keys.rotate();
      await deps.audit.record(request, {
        actor: `user:${admin.userId}`,
        action: 'auth.signing-key.rotate',
        resource: `signing-key:${kid}`,
        result: 'success',
        details: { previous },
      });
      return { kid, items: (await deps.keys.describe()).map(signingKeyView) };
    },
  );
}
