// The public keys that verify access tokens, as a JSON Web Key Set (RFC 7517): at the well-known path
// and under /api/v1/auth, so other services can check our tokens without sharing a secret.
import { z } from 'zod';
import type { SigningKeyRing } from '../../components/security/signing-keys.js';
import type { PlatformApp } from '../app.js';

const JwkSchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string(),
  kid: z.string(),
  alg: z.literal('EdDSA'),
  use: z.literal('sig'),
});
const JwksSchema = z.object({ keys: z.array(JwkSchema) });

export function registerJwksRoutes(app: PlatformApp, keys: SigningKeyRing): void {
  for (const url of ['/.well-known/jwks.json', '/api/v1/auth/jwks']) {
    app.get(
      url,
      {
        schema: {
          tags: ['accounts'],
          summary:
            'Public keys (Ed25519, by kid) that verify access tokens: the current key and replaced keys whose tokens may still be valid',
          response: { 200: JwksSchema },
        },
      },
      async (_request, reply) => {
        // Short enough that a verifier sees a rotation before the new key's first token is common.
        void reply.header('cache-control', 'public, max-age=300');
        return { keys: await keys.publicKeys() };
      },
    );
  }
}
